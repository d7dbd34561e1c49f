import { BarChart, CustomChart, HeatmapChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
  BarChart,
  CustomChart,
  HeatmapChart,
  ScatterChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  CanvasRenderer,
]);

// Chinese labels need a font that has the glyphs: the system's, never a web font.
const FONT = 'system-ui, "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';

/** Draws `option` into `el` (replacing what was there), and keeps it sized to its box. */
export function draw(el: HTMLElement, option: echarts.EChartsCoreOption): echarts.ECharts {
  const chart = echarts.getInstanceByDom(el) ?? echarts.init(el, undefined, { renderer: 'canvas' });
  chart.setOption({ textStyle: { fontFamily: FONT }, animation: false, ...option }, { notMerge: true });
  return chart;
}

addEventListener('resize', () => {
  for (const el of document.querySelectorAll<HTMLElement>('[data-chart]')) echarts.getInstanceByDom(el)?.resize();
});

/** For tests and the curious: the option a chart draws, read from the page (`__explore.option('#id')`). */
(globalThis as { __explore?: unknown }).__explore = {
  option: (selector: string) => {
    const el = document.querySelector<HTMLElement>(selector);
    return el ? (echarts.getInstanceByDom(el)?.getOption() ?? null) : null;
  },
};
