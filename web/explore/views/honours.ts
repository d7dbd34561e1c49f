import { gql, type Named, type Place } from '../api.ts';
import { draw } from '../chart.ts';
import { chartBox, exportButtons, h, select } from '../dom.ts';
import { label, t, type Word } from '../i18n.ts';
import type { Render } from '../main.ts';
import { TILES, tileOf } from '../tiles.ts';

type Basis = 'ISSUER' | 'LISTED' | 'AGREEMENT' | 'EQUIVALENCE' | 'NATIONWIDE';
interface Found {
  jurisdiction: Place;
  basis: Basis;
}
const BASES: Basis[] = ['ISSUER', 'LISTED', 'AGREEMENT', 'EQUIVALENCE', 'NATIONWIDE'];
const COLOURS: Record<Basis, string> = {
  ISSUER: '#7048e8',
  LISTED: '#1971c2',
  AGREEMENT: '#2f9e44',
  EQUIVALENCE: '#f08c00',
  NATIONWIDE: '#0c8599',
};

const CHOICES = `{
  qualifications(first: 100, orderBy: [NAME_ASC]) { nodes { slug name nameZh } }
  talentCategories { code name nameZh }
  jurisdictions { code name nameZh level }
}`;
const PLACE = 'jurisdiction { code name nameZh }';
const BY_QUALIFICATION = `query($q: String!, $asOf: Date) { qualificationRecognition(qualification: $q, asOf: $asOf) {
  asOf recognitions { ${PLACE} basis } possible { ${PLACE} basis } } }`;
const BY_CATEGORY = `query($c: String!, $g: String!, $asOf: Date) { statusRecognition(category: $c, grantedIn: $g, asOf: $asOf) {
  asOf recognitions { ${PLACE} basis } } }`;

/** Each tile's bases, in BASES order (a city's recognitions count on its province's tile). */
function byTile(found: Found[]): Map<string, { bases: Basis[]; places: Set<string> }> {
  const tiles = new Map<string, { bases: Basis[]; places: Set<string> }>();
  for (const f of found) {
    const tile = tileOf(f.jurisdiction.code);
    if (!tile) continue;
    const entry = tiles.get(tile) ?? { bases: [], places: new Set() };
    if (!entry.bases.includes(f.basis)) entry.bases.push(f.basis);
    entry.places.add(f.jurisdiction.code);
    tiles.set(tile, entry);
  }
  for (const entry of tiles.values()) entry.bases.sort((a, b) => BASES.indexOf(a) - BASES.indexOf(b));
  return tiles;
}

export const honoursView: Render = async (root, state, update) => {
  const { lang, asOf, params } = state;
  const choices = await gql<{
    qualifications: { nodes: (Named & { slug: string })[] };
    talentCategories: (Named & { code: string })[];
    jurisdictions: (Place & { level: string })[];
  }>(CHOICES);
  const places = new Map(choices.jurisdictions.map((j) => [j.code, j]));
  const mode = params.get('mode') === 'category' ? 'category' : 'qualification';
  const qualification = params.get('qualification') ?? 'ieee-fellow';
  const category = params.get('category') ?? 'A';
  const grantedIn = params.get('grantedIn') ?? 'CN-CQ';

  let recognitions: Found[];
  let possible: Found[] = [];
  if (mode === 'qualification') {
    const answer = (
      await gql<{ qualificationRecognition: { recognitions: Found[]; possible: Found[] } }>(BY_QUALIFICATION, { q: qualification, asOf })
    ).qualificationRecognition;
    recognitions = answer.recognitions;
    possible = answer.possible;
  } else {
    recognitions = (await gql<{ statusRecognition: { recognitions: Found[] } }>(BY_CATEGORY, { c: category, g: grantedIn, asOf }))
      .statusRecognition.recognitions;
  }

  const set = (change: Record<string, string>) =>
    update({ params: new URLSearchParams({ mode, qualification, category, grantedIn, ...change }) });
  const form = h(
    'div',
    { class: 'form' },
    h('label', { for: 'mode' }, t(lang, 'mode')),
    select(
      'mode',
      [
        ['qualification', t(lang, 'byQualification')],
        ['category', t(lang, 'byCategory')],
      ],
      mode,
      (v) => set({ mode: v }),
    ),
    ...(mode === 'qualification'
      ? [
          h('label', { for: 'qualification' }, t(lang, 'qualification')),
          select(
            'qualification',
            choices.qualifications.nodes.map((q) => [q.slug, label(lang, q)]),
            qualification,
            (v) => set({ qualification: v }),
          ),
        ]
      : [
          h('label', { for: 'category' }, t(lang, 'category')),
          select(
            'category',
            choices.talentCategories.map((c) => [c.code, `${c.code} · ${label(lang, c)}`]),
            category,
            (v) => set({ category: v }),
          ),
          h('label', { for: 'granted-in' }, t(lang, 'grantedIn')),
          select(
            'granted-in',
            choices.jurisdictions.filter((j) => j.level !== 'NATIONAL').map((j) => [j.code, label(lang, j)]),
            grantedIn,
            (v) => set({ grantedIn: v }),
          ),
        ]),
  );

  const list = (id: string, found: Found[]) =>
    h(
      'table',
      { id },
      h(
        'tbody',
        {},
        ...found.map((f) =>
          h('tr', { 'data-code': f.jurisdiction.code }, h('td', {}, label(lang, f.jurisdiction)), h('td', {}, t(lang, f.basis as Word))),
        ),
      ),
    );
  const box = chartBox('honours-chart', 460);
  root.replaceChildren(
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, `${t(lang, 'honours')} · ${asOf}`),
      form,
      box,
      h('p', { class: 'muted', id: 'part-tile-note' }, t(lang, 'partTile')),
      exportButtons(lang, mode === 'qualification' ? 'recognition' : null, { qualification, asOf }),
    ),
    h(
      'section',
      { class: 'columns' },
      h('div', { class: 'panel' }, h('h2', {}, `${t(lang, 'recognitions')}: ${recognitions.length}`), list('recognitions', recognitions)),
      mode === 'qualification'
        ? h('div', { class: 'panel' }, h('h2', {}, `${t(lang, 'possible')}: ${possible.length}`), list('possible', possible))
        : null,
    ),
  );

  const maps = mode === 'qualification' ? [recognitions, possible] : [recognitions];
  const titles = mode === 'qualification' ? [t(lang, 'recognitions'), t(lang, 'possible')] : [t(lang, 'recognitions')];
  const width = 100 / maps.length;
  draw(box, {
    title: titles.map((text, i) => ({ text, left: `${i * width + 2}%`, top: 0, textStyle: { fontSize: 14 } })),
    legend: { data: BASES.map((b) => t(lang, b as Word)), bottom: 0 },
    tooltip: { trigger: 'item' },
    grid: maps.map((_, i) => ({ left: `${i * width + 2}%`, width: `${width - 4}%`, top: 30, bottom: 40 })),
    xAxis: maps.map((_, i) => ({ type: 'value', gridIndex: i, min: -0.5, max: 8.5, show: false })),
    yAxis: maps.map((_, i) => ({ type: 'value', gridIndex: i, min: -0.5, max: 8.5, inverse: true, show: false })),
    series: maps.flatMap((found, i) => {
      const tiles = byTile(found);
      const tile = (code: string, [col, row]: [number, number]) => {
        const entry = tiles.get(code);
        const place = places.get(code)!;
        // NOTE: a city's or a district's answer (Shenzhen's list, the Gaozhu New Area) is not the
        // province's: such a tile is outlined, not filled, and names the places it holds for.
        const partOnly = entry !== undefined && !entry.places.has(code);
        const within = partOnly
          ? ` (${t(lang, 'onlyIn')} ${[...entry.places].map((c) => (places.get(c) ? label(lang, places.get(c)!) : c)).join(', ')})`
          : '';
        return {
          name: `${label(lang, place)}: ${entry ? entry.bases.map((b) => t(lang, b as Word)).join(', ') + within : t(lang, 'notHonoured')}`,
          value: [col, row, code, entry?.bases[0] ?? '', label(lang, place), partOnly ? 'part' : 'whole'],
          itemStyle: { color: entry ? COLOURS[entry.bases[0]!] : '#e9ecef', opacity: i === 1 ? 0.75 : 1 },
        };
      };
      return [
        {
          id: `tiles-${i === 0 ? 'recognitions' : 'possible'}`,
          type: 'custom',
          xAxisIndex: i,
          yAxisIndex: i,
          data: Object.entries(TILES).map(([code, at]) => tile(code, at)),
          renderItem: (_params: unknown, api: TileApi) => {
            const [x, y] = api.coord([api.value(0), api.value(1)]);
            const [w, hgt] = api.size([1, 1]);
            const side = Math.min(w!, hgt!) * 0.92;
            const part = api.value(5) === 'part';
            const filled = api.value(3) !== '' && !part;
            return {
              type: 'group',
              children: [
                {
                  type: 'rect',
                  shape: { x: x! - side / 2, y: y! - side / 2, width: side, height: side, r: 3 },
                  style: part
                    ? { fill: '#fff', stroke: api.visual('color'), lineWidth: Math.max(2, side / 12) }
                    : { fill: api.visual('color') },
                },
                {
                  type: 'text',
                  style: {
                    x: x!,
                    y: y!,
                    text: lang === 'zh' ? shortZh(String(api.value(4))) : String(api.value(2)).slice(3),
                    fill: filled ? '#fff' : '#495057',
                    align: 'center',
                    verticalAlign: 'middle',
                    fontSize: Math.max(9, Math.round(side / 3.6)),
                  },
                },
              ],
            };
          },
        },
        // The legend's entries: one empty series per basis, so each has its colour.
        ...(i === 0 ? BASES.map((b) => ({ name: t(lang, b as Word), type: 'scatter', data: [], itemStyle: { color: COLOURS[b] } })) : []),
      ];
    }),
  });
};

interface TileApi {
  value(dim: number): string | number;
  coord(point: (string | number)[]): number[];
  size(point: number[]): number[];
  visual(name: string): string;
}

/** 黑龙江省 → 黑龙江, 广西壮族自治区 → 广西: a tile has room for the short name only. */
function shortZh(name: string): string {
  return name.replace(/(壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|省|市)$/, '');
}
