import { gql, type Place } from '../api.ts';
import { draw } from '../chart.ts';
import { chartBox, exportButtons, h, select } from '../dom.ts';
import { label, t } from '../i18n.ts';
import type { Render } from '../main.ts';

interface Completeness {
  edition: { label: string; title: string; titleZh: string | null; catalog: { name: string; nameZh: string | null } };
  declaredSize: number | null;
  loadedSize: number;
  complete: boolean | null;
}
interface CoverageAnswer {
  coverage: {
    asOf: string;
    rows: { jurisdiction: { code: string }; group: string | null; field: { name: string; nameZh: string } | null; count: number }[];
    jurisdictions: { jurisdiction: Place; honouredCount: number; editions: Completeness[] }[];
  };
}

const REGIONS = `{ catalogs(kind: QUALIFICATION) { jurisdiction { code } } }`;
const COVERAGE = `query($js: [String!]!, $groupBy: CoverageGrouping!, $asOf: Date) {
  coverage(jurisdictions: $js, groupBy: $groupBy, asOf: $asOf) {
    asOf
    rows { jurisdiction { code } group field { name nameZh } count }
    jurisdictions {
      jurisdiction { code name nameZh }
      honouredCount
      editions { edition { label title titleZh catalog { name nameZh } } declaredSize loadedSize complete }
    }
  }
}`;

const GROUPINGS = ['FIELD', 'ISSUER_COUNTRY', 'LIST', 'BASIS'] as const;

/** What a cell with no count means: none only where every edition in force is complete. */
type CellState = 'count' | 'unknown' | 'none' | 'no-edition';

export const coverageView: Render = async (root, state, update) => {
  const { lang, asOf } = state;
  const groupBy = (GROUPINGS as readonly string[]).includes(state.params.get('groupBy') ?? '') ? state.params.get('groupBy')! : 'FIELD';
  // The regions are those with a qualification catalog: the data says which.
  const regions = [
    ...new Set((await gql<{ catalogs: { jurisdiction: { code: string } }[] }>(REGIONS)).catalogs.map((c) => c.jurisdiction.code)),
  ].sort();
  const { coverage } = await gql<CoverageAnswer>(COVERAGE, { js: regions, groupBy, asOf });

  const places = coverage.jurisdictions;
  const groups = [...new Set(coverage.rows.map((r) => r.group))].sort((a, b) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)));
  // A field's code is for machines; people read its label in the page's language.
  const fieldOf = new Map(coverage.rows.filter((r) => r.field).map((r) => [r.group, r.field!]));
  const groupName = (g: string | null) => {
    if (g === null) return t(lang, 'notGiven');
    const f = fieldOf.get(g);
    return f ? (lang === 'zh' ? f.nameZh : f.name) : g;
  };
  const stateOf = (p: (typeof places)[number]): CellState =>
    p.editions.length === 0 ? 'no-edition' : p.editions.every((e) => e.complete === true) ? 'none' : 'unknown';
  const max = Math.max(1, ...coverage.rows.map((r) => r.count));
  const cells = places.flatMap((p, y) =>
    groups.map((g, x) => {
      const count = coverage.rows.find((r) => r.jurisdiction.code === p.jurisdiction.code && r.group === g)?.count;
      const cell: CellState = count ? 'count' : stateOf(p);
      const shade = count ? 0.25 + 0.75 * (count / max) : 0;
      return {
        value: [x, y, count ?? 0],
        cell,
        itemStyle: {
          color: cell === 'count' ? `rgba(18, 85, 160, ${shade.toFixed(2)})` : cell === 'unknown' ? '#eef1f5' : '#ffffff',
          borderColor: '#d5dbe3',
          borderWidth: 1,
        },
        label: {
          show: true,
          color: shade > 0.6 ? '#fff' : '#1f2933',
          formatter: cell === 'count' ? String(count) : cell === 'unknown' ? '?' : cell === 'none' ? '0' : '—',
        },
      };
    }),
  );
  const regionNames = places.map((p) => label(lang, p.jurisdiction));
  const loaded = places.map((p) => p.editions.reduce((n, e) => n + e.loadedSize, 0));
  const declared = places.map((p) =>
    p.editions.some((e) => e.declaredSize === null) ? null : p.editions.reduce((n, e) => n + (e.declaredSize ?? 0), 0),
  );

  const groupSelect = select(
    'group-by',
    GROUPINGS.map((g) => [g, t(lang, g)]),
    groupBy,
    (value) => update({ params: new URLSearchParams({ groupBy: value }) }),
  );
  const box = chartBox('coverage-chart', 90 + 48 * places.length);
  const table = h(
    'table',
    { id: 'completeness' },
    h('thead', {}, h('tr', {}, ...['', t(lang, 'editions'), t(lang, 'known'), '/', ''].map((c) => h('th', {}, c)))),
    h(
      'tbody',
      {},
      ...places.map((p) =>
        h(
          'tr',
          { 'data-code': p.jurisdiction.code },
          h('td', {}, label(lang, p.jurisdiction)),
          h('td', {}, p.editions.map((e) => `${label(lang, e.edition)}`).join('; ') || t(lang, 'noEdition')),
          h('td', {}, String(p.editions.reduce((n, e) => n + e.loadedSize, 0))),
          h('td', {}, p.editions.map((e) => (e.declaredSize === null ? '?' : String(e.declaredSize))).join(' + ') || '—'),
          h('td', { class: 'muted' }, p.editions.length ? t(lang, stateOf(p) === 'none' ? 'none' : 'unknown') : ''),
        ),
      ),
    ),
  );
  root.replaceChildren(
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, `${t(lang, 'heatmap')} · ${coverage.asOf}`),
      h('div', { class: 'form' }, h('label', { for: 'group-by' }, t(lang, 'groupBy')), groupSelect),
      h('p', { class: 'muted' }, t(lang, 'coverageNote')),
      box,
      exportButtons(lang, 'coverage', { jurisdictions: regions.join(','), groupBy, asOf }),
    ),
    h('section', { class: 'panel' }, h('h2', {}, t(lang, 'completeness')), table),
  );

  draw(box, {
    tooltip: { trigger: 'item' },
    legend: { data: [t(lang, 'known'), t(lang, 'unknownPart')], right: 10, top: 0 },
    grid: [
      { left: 130, width: '45%', top: 40, bottom: 50 },
      { right: 60, width: '28%', top: 40, bottom: 50 },
    ],
    xAxis: [
      { type: 'category', gridIndex: 0, data: groups.map(groupName), position: 'top', axisLabel: { interval: 0 } },
      { type: 'value', gridIndex: 1, name: t(lang, 'completeness'), nameLocation: 'middle', nameGap: 28, minInterval: 1 },
    ],
    yAxis: [
      { type: 'category', gridIndex: 0, data: regionNames, inverse: true },
      { type: 'category', gridIndex: 1, data: regionNames, inverse: true, axisLabel: { show: false } },
    ],
    series: [
      { id: 'coverage', name: t(lang, 'heatmap'), type: 'heatmap', xAxisIndex: 0, yAxisIndex: 0, data: cells },
      {
        id: 'loaded',
        name: t(lang, 'known'),
        type: 'bar',
        stack: 'size',
        xAxisIndex: 1,
        yAxisIndex: 1,
        data: loaded,
        itemStyle: { color: '#1255a0' },
      },
      {
        id: 'declared',
        name: t(lang, 'unknownPart'),
        type: 'bar',
        stack: 'size',
        xAxisIndex: 1,
        yAxisIndex: 1,
        // What the editions declare beyond what is loaded; unknown when a declared size is.
        data: declared.map((d, i) => (d === null ? 0 : d - loaded[i]!)),
        itemStyle: { color: '#dbe4ef' },
        label: {
          show: true,
          position: 'right',
          formatter: ({ dataIndex }: { dataIndex: number }) =>
            places[dataIndex]!.editions.length ? `${loaded[dataIndex]} / ${declared[dataIndex] ?? '?'}` : t(lang, 'noEdition'),
        },
      },
    ],
  });
};
