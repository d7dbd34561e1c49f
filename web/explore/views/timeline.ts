import { gql, type Place } from '../api.ts';
import { draw } from '../chart.ts';
import { chartBox, exportButtons, h } from '../dom.ts';
import { label, t, type Word } from '../i18n.ts';
import type { Render } from '../main.ts';

type State = 'NOT_YET_IN_FORCE' | 'IN_FORCE' | 'SUPERSEDED' | 'REPEALED' | 'LAPSED';
interface Span {
  label: string;
  validFrom: string;
  endsOn: string | null;
  state: State;
}
interface TimelineAnswer {
  catalogs: {
    slug: string;
    name: string;
    nameZh: string | null;
    jurisdiction: Place;
    editions: (Span & { title: string; titleZh: string | null })[];
  }[];
  standards: { slug: string; name: string; nameZh: string | null; jurisdiction: Place; versions: Span[] }[];
  agreements: {
    slug: string;
    name: string;
    nameZh: string | null;
    validFrom: string;
    endsOn: string | null;
    state: State;
    parties: { jurisdiction: Place | null; group: { name: string; nameZh: string; members: Place[] } | null }[];
  }[];
  timeline: {
    nodes: {
      date: string;
      kind: 'SUPERSEDED' | 'REPEALED' | 'LAPSED';
      subject: string;
      jurisdictions: Place[];
      edition: { label: string } | null;
      standardVersion: { label: string } | null;
      agreement: { slug: string } | null;
    }[];
  };
}

const TIMELINE = `query($asOf: Date) {
  catalogs { slug name nameZh jurisdiction { code name nameZh } editions { label title titleZh validFrom endsOn state(asOf: $asOf) } }
  standards { slug name nameZh jurisdiction { code name nameZh } versions { label validFrom endsOn state(asOf: $asOf) } }
  agreements { slug name nameZh validFrom endsOn state(asOf: $asOf) parties { jurisdiction { code name nameZh } group { name nameZh members { code name nameZh } } } }
  timeline(from: "2000-01-01", to: "2100-01-01", kinds: [SUPERSEDED, REPEALED, LAPSED], first: 100) {
    nodes { date kind subject jurisdictions { code name nameZh } edition { label } standardVersion { label } agreement { slug } }
  }
}`;

const COLOURS: Record<State, string> = {
  IN_FORCE: '#2f9e44',
  NOT_YET_IN_FORCE: '#a5d8ff',
  SUPERSEDED: '#868e96',
  REPEALED: '#e03131',
  LAPSED: '#f08c00',
};
const MARKS = { SUPERSEDED: 'triangle', REPEALED: 'rect', LAPSED: 'circle' } as const;
const AXIS_END = '2027-01-01';
type Lane = 'editions' | 'standards' | 'agreements';

export const timelineView: Render = async (root, state) => {
  const { lang, asOf } = state;
  const data = await gql<TimelineAnswer>(TIMELINE, { asOf });

  // One lane per jurisdiction and kind of record, national first.
  const names = new Map<string, Place>();
  const bars: {
    lane: string;
    start: string;
    end: string | null;
    state: State;
    text: string;
    name: string;
    code: string;
    catalog?: string;
  }[] = [];
  const add = (place: Place, lane: Lane, span: Omit<(typeof bars)[number], 'lane' | 'code'>) => {
    names.set(place.code, place);
    bars.push({ ...span, lane: `${place.code}|${lane}`, code: place.code });
  };
  for (const c of data.catalogs)
    for (const e of c.editions)
      add(c.jurisdiction, 'editions', {
        start: e.validFrom,
        end: e.endsOn,
        state: e.state,
        text: e.label,
        name: `${label(lang, c)} ${e.label}`,
        catalog: c.slug,
      });
  for (const s of data.standards)
    for (const v of s.versions)
      add(s.jurisdiction, 'standards', {
        start: v.validFrom,
        end: v.endsOn,
        state: v.state,
        text: v.label,
        name: `${label(lang, s)} ${v.label}`,
      });
  for (const a of data.agreements)
    for (const p of a.parties)
      for (const place of p.jurisdiction ? [p.jurisdiction] : (p.group?.members ?? []))
        add(place, 'agreements', { start: a.validFrom, end: a.endsOn, state: a.state, text: label(lang, a), name: label(lang, a) });
  // Records of one lane that overlap in time (two catalogs of a city, three agreements of a
  // province) share it in rows, so no bar or label covers another.
  const slotOf = new Map<(typeof bars)[number], number>();
  const slotsOf = new Map<string, number>();
  for (const lane of new Set(bars.map((b) => b.lane))) {
    const ends: string[] = [];
    for (const b of bars.filter((x) => x.lane === lane).sort((x, y) => x.start.localeCompare(y.start))) {
      let slot = ends.findIndex((end) => end <= b.start);
      if (slot < 0) slot = ends.length;
      ends[slot] = b.end ?? AXIS_END;
      slotOf.set(b, slot);
    }
    slotsOf.set(lane, ends.length);
  }
  const lanes = [...new Set(bars.map((b) => b.lane))].sort((a, b) =>
    a.startsWith('CN|') ? -1 : b.startsWith('CN|') ? 1 : a.localeCompare(b),
  );
  const laneName = (lane: string) => {
    const [code, kind] = lane.split('|') as [string, Lane];
    return `${label(lang, names.get(code)!)} · ${t(lang, kind)}`;
  };
  const laneOfEvent = (e: TimelineAnswer['timeline']['nodes'][number], code: string) =>
    `${code}|${e.subject === 'EDITION' ? 'editions' : e.subject === 'STANDARD_VERSION' ? 'standards' : 'agreements'}`;
  const marks = data.timeline.nodes.flatMap((e) =>
    e.jurisdictions
      .filter((j) => lanes.includes(laneOfEvent(e, j.code)))
      .map((j) => ({ kind: e.kind, date: e.date, lane: laneOfEvent(e, j.code) })),
  );

  // The export: the edition of Beijing's (or the first) catalog in force on the day.
  const inForce = bars.find((b) => b.catalog && b.state === 'IN_FORCE');
  const rows = Math.max(1, ...slotsOf.values());
  const box = chartBox('timeline-chart', 80 + (34 + 14 * (rows - 1)) * lanes.length);
  root.replaceChildren(
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, `${t(lang, 'timeline')} · ${t(lang, 'asOf')} ${asOf}`),
      h(
        'p',
        { class: 'muted', id: 'timeline-legend' },
        ...(Object.keys(COLOURS) as State[]).map((s) => h('span', { class: `tag state-${s.toLowerCase()}` }, t(lang, s as Word))),
      ),
      box,
      inForce ? h('p', { class: 'muted' }, `${inForce.name}:`) : null,
      exportButtons(lang, inForce ? 'edition' : null, { catalog: inForce?.catalog, edition: inForce?.text }),
    ),
  );
  for (const [s, colour] of Object.entries(COLOURS)) {
    const tag = root.querySelector<HTMLElement>(`.state-${s.toLowerCase()}`);
    if (tag) {
      tag.style.background = colour;
      tag.style.color = '#fff';
    }
  }

  draw(box, {
    tooltip: { trigger: 'item' },
    legend: { data: (Object.keys(MARKS) as (keyof typeof MARKS)[]).map((k) => t(lang, k)), top: 0, right: 10 },
    grid: { left: 230, right: 30, top: 30, bottom: 30 },
    xAxis: { type: 'time', min: '2017-01-01', max: AXIS_END },
    yAxis: { type: 'category', data: lanes.map(laneName), inverse: true, axisLabel: { width: 220, overflow: 'truncate' } },
    series: [
      {
        id: 'spans',
        type: 'custom',
        name: t(lang, 'timeline'),
        encode: { x: [1, 2], y: 0 },
        data: bars.map((b) => ({
          name: b.name,
          value: [lanes.indexOf(b.lane), b.start, b.end ?? AXIS_END, b.state, b.text, slotOf.get(b) ?? 0, slotsOf.get(b.lane) ?? 1],
          itemStyle: { color: COLOURS[b.state] },
        })),
        renderItem: (params: { dataIndex: number; coordSys: { x: number; width: number } }, api: CustomApi) => {
          const lane = api.value(0) as number;
          const start = api.coord([api.value(1), lane]);
          const end = api.coord([api.value(2), lane]);
          const slots = api.value(6) as number;
          const band = (api.size([0, 1]) as number[])[1]! * 0.8;
          const height = band / slots - (slots > 1 ? 1 : band * 0.125);
          const top = start[1]! - band / 2 + (band / slots) * (api.value(5) as number);
          const x = Math.max(start[0]!, params.coordSys.x);
          const width = Math.max(2, Math.min(end[0]!, params.coordSys.x + params.coordSys.width) - x);
          return {
            type: 'rect',
            shape: { x, y: slots > 1 ? top : start[1]! - height / 2, width, height },
            style: { fill: api.visual('color'), stroke: '#fff' },
            textContent: {
              style: {
                text: bars[params.dataIndex]!.text,
                fill: '#fff',
                fontSize: slots > 2 ? 9 : 11,
                overflow: 'truncate',
                width: width - 4,
              },
            },
            textConfig: { position: 'insideLeft' },
          };
        },
        markLine: { symbol: 'none', label: { formatter: asOf }, lineStyle: { color: '#12355b', type: 'dashed' }, data: [{ xAxis: asOf }] },
      },
      ...(Object.keys(MARKS) as (keyof typeof MARKS)[]).map((kind) => ({
        id: `mark-${kind}`,
        name: t(lang, kind),
        type: 'scatter',
        symbol: MARKS[kind],
        symbolSize: 11,
        itemStyle: { color: '#1f2933' },
        z: 5,
        data: marks.filter((m) => m.kind === kind).map((m) => [m.date, lanes.indexOf(m.lane)]),
      })),
    ],
  });
};

interface CustomApi {
  value(dim: number): string | number;
  coord(point: (string | number)[]): number[];
  size(point: number[]): number[] | number;
  visual(name: string): string;
}
