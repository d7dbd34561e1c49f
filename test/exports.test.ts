import { describe, expect, it } from 'vitest';
import { parseCsv } from '../src/modules/export/export.service.ts';
import { COMPLETENESS_COLUMNS } from './helpers/exports.ts';
import { seededWorld } from './helpers/hub.ts';

// Every export carries the completeness of the editions behind it (issue 15): on every CSV row as
// columns, in JSON on every row and for the whole export. Whole answers on the seed data.

const world = seededWorld();
const get = (path: string) => fetch(`${world.hub.url}${path}`);

const BJ3_SOURCE = {
  title:
    "China News Service report on the release of Beijing's Catalogue of Overseas Professional Qualifications (Version 3.0) at CIFTIS 2023",
  url: 'http://tibet.cn/cn/Instant/domestic/202309/t20230905_7479761.html',
};
const BJ3 = {
  key: 'beijing-professional-qualifications@3.0',
  catalog: 'beijing-professional-qualifications',
  edition: '3.0',
  declaredSize: 122,
  loadedSize: 7,
  complete: false,
  validFrom: '2023-09-04',
  validFromPrecision: 'DAY',
  validTo: '2024-01-01',
  validToPrecision: 'YEAR',
  sources: [BJ3_SOURCE],
};
const SH1_SOURCES = [
  {
    title: "ECNS report on Shanghai's list of recognised overseas professional qualifications (version 2.0)",
    url: 'http://ecns.cn/news/society/2024-11-22/detail-ihekectp0365465.shtml',
  },
  {
    title:
      'People\'s Daily Overseas Edition report on the 3rd "海聚英才" summit and Shanghai\'s List of Recognised Overseas Professional Qualification Certificates',
    url: 'http://chinaidr.com/news/2024-01/234498.html',
  },
  {
    title: 'Shanghai expands recognition of overseas professional qualifications (ReferChina)',
    url: 'https://www.referchina.com/2024/11/shanghai-expands-recognition-of.html',
  },
];
const SH1 = {
  key: 'shanghai-overseas-qualifications@1.0',
  catalog: 'shanghai-overseas-qualifications',
  edition: '1.0',
  declaredSize: 85,
  loadedSize: 6,
  complete: false,
  validFrom: '2023-09-20',
  validFromPrecision: 'DAY',
  validTo: '2024-11-01',
  validToPrecision: 'MONTH',
  sources: SH1_SOURCES,
};
const rowCompleteness = (editions: { key: string; declaredSize: number | null; loadedSize: number; complete: boolean | null }[]) => ({
  editions: editions.map((e) => e.key),
  declaredSize:
    editions.length === 0 || editions.some((e) => e.declaredSize === null) ? null : editions.reduce((a, e) => a + e.declaredSize!, 0),
  loadedSize: editions.length === 0 ? null : editions.reduce((a, e) => a + e.loadedSize, 0),
  complete: editions.length === 0 ? null : !editions.some((e) => e.complete === false) && !editions.some((e) => e.complete === null),
});

/** The CSV and the JSON of one export; the CSV's data columns must be the JSON's, lists joined by " | ". */
async function both(path: string): Promise<{ json: any; csv: Record<string, string>[] }> {
  const csvResponse = await get(`/export/${path.replace('?', '.csv?')}`);
  expect([csvResponse.status, csvResponse.headers.get('content-type')]).toEqual([200, 'text/csv; charset=utf-8']);
  const bytes = new Uint8Array(await csvResponse.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const [header, ...records] = parseCsv(new TextDecoder().decode(bytes));
  const jsonResponse = await get(`/export/${path.replace('?', '.json?')}`);
  expect([jsonResponse.status, jsonResponse.headers.get('content-type')]).toEqual([200, 'application/json; charset=utf-8']);
  const json = (await jsonResponse.json()) as any;
  expect(header).toEqual([...json.columns, ...COMPLETENESS_COLUMNS]);
  const csv = records.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])));
  const flat = (v: unknown) => (v === null ? '' : Array.isArray(v) ? v.join(' | ') : String(v));
  expect(csv.map((r) => Object.fromEntries(json.columns.map((c: string) => [c, r[c]])))).toEqual(
    json.rows.map((r: Record<string, unknown>) => Object.fromEntries(json.columns.map((c: string) => [c, flat(r[c])]))),
  );
  // Every CSV row states the completeness its JSON row carries.
  expect(csv.map((r) => [r.completeness_of, r.declared_size, r.loaded_size, r.complete])).toEqual(
    json.rows.map((r: any) => [
      r.completeness.editions.join(' | '),
      flat(r.completeness.declaredSize),
      flat(r.completeness.loadedSize),
      flat(r.completeness.complete),
    ]),
  );
  return { json, csv };
}

describe('exports carry their completeness', () => {
  it('edition: Beijing 3.0 is 7 of 122, said on every row and for the whole file; labels are strings, lists arrays', async () => {
    const { json, csv } = await both('edition?catalog=beijing-professional-qualifications&edition=3.0');
    expect(json.export).toBe('edition');
    expect(json.parameters).toEqual({ catalog: 'beijing-professional-qualifications', edition: '3.0' });
    expect(json.completeness).toEqual({ complete: false, editions: [BJ3] });
    expect(json.rows.map((r: any) => r.qualification)).toEqual([
      'ieee-fellow',
      'ieee-senior-member',
      'leed-fellow',
      'acca-fellow',
      'acm-fellow',
      'acm-distinguished-member',
      'frsc',
    ]);
    expect(json.rows[3]).toEqual({
      catalog: 'beijing-professional-qualifications',
      edition: '3.0',
      qualification: 'acca-fellow',
      qualification_name: 'ACCA Fellow',
      qualification_name_zh: 'ACCA资深会员',
      abbreviation: 'FCCA',
      issuer: 'Association of Chartered Certified Accountants',
      issuer_country: 'GB',
      occupation_code: null,
      occupation_name_zh: null,
      lists: ['general', 'urgent'],
      field: null,
      corresponding_title: null,
      title_level: null,
      skill_level: null,
      source_level: null,
      verified: true,
      note: null,
      sources: ['http://tibet.cn/cn/Instant/domestic/202309/t20230905_7479761.html'],
      completeness: { editions: ['beijing-professional-qualifications@3.0'], declaredSize: 122, loadedSize: 7, complete: false },
    });
    for (const r of json.rows) expect(r.completeness).toEqual(rowCompleteness([BJ3]));
    expect(Object.fromEntries(COMPLETENESS_COLUMNS.map((c) => [c, csv[0]![c]]))).toEqual({
      completeness_of: 'beijing-professional-qualifications@3.0',
      declared_size: '122',
      loaded_size: '7',
      complete: 'false',
      edition_valid_from: '2023-09-04',
      edition_valid_from_precision: 'DAY',
      edition_valid_to: '2024-01-01',
      edition_valid_to_precision: 'YEAR',
      edition_source_titles: BJ3_SOURCE.title,
      edition_source_urls: BJ3_SOURCE.url,
    });
  });

  it('series: every edition of a catalog, each entry with its own edition, and the editions that hold none', async () => {
    const { json } = await both('series?catalog=beijing-professional-qualifications');
    expect(
      json.completeness.editions.map((e: any) => [e.edition, e.declaredSize, e.loadedSize, e.complete, e.validFrom, e.validFromPrecision]),
    ).toEqual([
      ['1.0', 82, 1, false, '2021-09-01', 'MONTH'],
      ['2.0', 110, 5, false, '2022-06-30', 'DAY'],
      ['3.0', 122, 7, false, '2023-09-04', 'DAY'],
      ['International 1.0', 149, 0, false, '2024-01-01', 'YEAR'],
      ['2025', 163, 0, false, '2025-09-05', 'DAY'],
    ]);
    expect(json.completeness.complete).toBe(false);
    const perEdition = new Map<string, number>();
    for (const r of json.rows) {
      perEdition.set(r.edition, (perEdition.get(r.edition) ?? 0) + 1);
      expect(r.completeness.editions).toEqual([`beijing-professional-qualifications@${r.edition}`]);
      expect(typeof r.edition).toBe('string');
    }
    expect([...perEdition]).toEqual([
      ['1.0', 1],
      ['2.0', 5],
      ['3.0', 7],
    ]);
  });

  it('recognition: each honouring row with the edition behind it; a standard-free row says nothing it does not know', async () => {
    const { json } = await both('recognition?qualification=acca-fellow&asOf=2023-10-01');
    expect(json.rows.map((r: any) => [r.status, r.jurisdiction, r.basis, r.catalog, r.edition, r.lists, r.completeness])).toEqual([
      ['HONOURED', 'CN-BJ', 'LISTED', 'beijing-professional-qualifications', '3.0', ['general', 'urgent'], rowCompleteness([BJ3])],
      ['HONOURED', 'CN-SH', 'LISTED', 'shanghai-overseas-qualifications', '1.0', ['a', 'b', 'c'], rowCompleteness([SH1])],
      [
        'POSSIBLE',
        'CN-FJ',
        'LISTED',
        'fujian-taiwan-skill-qualifications',
        '2021',
        [],
        { editions: ['fujian-taiwan-skill-qualifications@2021'], declaredSize: 20, loadedSize: 4, complete: false },
      ],
      [
        'POSSIBLE',
        'CN-GD-SZ',
        'LISTED',
        'shenzhen-international-qualification-titles',
        '2022',
        [],
        {
          editions: ['shenzhen-international-qualification-titles@2022'],
          declaredSize: 25,
          loadedSize: 0,
          complete: false,
        },
      ],
      [
        'POSSIBLE',
        'CN-GD-SZ',
        'LISTED',
        'shenzhen-overseas-qualifications-practice-list',
        '2022',
        [],
        { editions: ['shenzhen-overseas-qualifications-practice-list@2022'], declaredSize: 20, loadedSize: 0, complete: false },
      ],
    ]);
    expect(json.completeness.editions.map((e: any) => e.key)).toEqual([
      'shenzhen-international-qualification-titles@2022',
      'shenzhen-overseas-qualifications-practice-list@2022',
      'fujian-taiwan-skill-qualifications@2021',
      'beijing-professional-qualifications@3.0',
      'shanghai-overseas-qualifications@1.0',
    ]);
  });

  it('coverage: grouped by the field vocabulary with both labels, each row with its jurisdiction’s editions in force', async () => {
    const { json } = await both('coverage?jurisdictions=CN-BJ,CN-SH&groupBy=FIELD&asOf=2023-10-01');
    const sh = rowCompleteness([SH1]);
    const bj = rowCompleteness([BJ3]);
    expect(json.rows).toEqual([
      {
        as_of: '2023-10-01',
        group_by: 'FIELD',
        jurisdiction: 'CN-BJ',
        group: null,
        group_name: null,
        group_name_zh: null,
        count: 7,
        completeness: bj,
      },
      {
        as_of: '2023-10-01',
        group_by: 'FIELD',
        jurisdiction: 'CN-SH',
        group: 'finance-management',
        group_name: 'Finance and management',
        group_name_zh: '金融与管理',
        count: 1,
        completeness: sh,
      },
      {
        as_of: '2023-10-01',
        group_by: 'FIELD',
        jurisdiction: 'CN-SH',
        group: null,
        group_name: null,
        group_name_zh: null,
        count: 5,
        completeness: sh,
      },
    ]);
    expect(json.completeness).toEqual({ complete: false, editions: [BJ3, SH1] });
  });

  it('overlap: one row per pair with every shared qualification, and both editions behind a pair', async () => {
    const { json, csv } = await both('overlap?jurisdictions=CN-BJ,CN-SH&asOf=2023-10-01');
    expect(json.rows).toEqual([
      {
        as_of: '2023-10-01',
        a: 'CN-BJ',
        b: 'CN-BJ',
        shared_count: 7,
        shared: ['acca-fellow', 'acm-distinguished-member', 'acm-fellow', 'frsc', 'ieee-fellow', 'ieee-senior-member', 'leed-fellow'],
        completeness: rowCompleteness([BJ3]),
      },
      {
        as_of: '2023-10-01',
        a: 'CN-BJ',
        b: 'CN-SH',
        shared_count: 2,
        shared: ['acca-fellow', 'acm-fellow'],
        completeness: rowCompleteness([BJ3, SH1]),
      },
      {
        as_of: '2023-10-01',
        a: 'CN-SH',
        b: 'CN-SH',
        shared_count: 6,
        shared: ['acca-fellow', 'acca-member', 'acm-fellow', 'cgma-fellow', 'iet-fellow', 'raes-fellow'],
        completeness: rowCompleteness([SH1]),
      },
    ]);
    // Two editions behind a row: sizes add up, each edition's validity listed in order.
    expect([csv[1]!.declared_size, csv[1]!.loaded_size, csv[1]!.edition_valid_from, csv[1]!.edition_valid_to_precision]).toEqual([
      '207',
      '13',
      '2023-09-04 | 2023-09-20',
      'YEAR | MONTH',
    ]);
  });

  it('timeline: the events of 2025 that end something, an edition’s with its completeness', async () => {
    const { json } = await both('timeline?from=2025-01-01&to=2026-01-01&kinds=LAPSED,REPEALED,SUPERSEDED');
    const none = rowCompleteness([]);
    const event = (o: object) => ({ catalog: null, edition: null, standard: null, standard_version: null, agreement: null, ...o });
    expect(json.rows).toEqual([
      event({
        date: '2025-01-01',
        precision: 'DAY',
        kind: 'LAPSED',
        subject: 'STANDARD_VERSION',
        standard: 'guangzhou-high-end-talent-pilot',
        standard_version: '2023 trial',
        jurisdictions: ['CN-GD-GZ'],
        completeness: none,
      }),
      event({
        date: '2025-09-05',
        precision: 'DAY',
        kind: 'REPEALED',
        subject: 'EDITION',
        catalog: 'beijing-professional-qualifications',
        edition: 'International 1.0',
        jurisdictions: ['CN-BJ'],
        completeness: {
          editions: ['beijing-professional-qualifications@International 1.0'],
          declaredSize: 149,
          loadedSize: 0,
          complete: false,
        },
      }),
      event({
        date: '2025-09-05',
        precision: 'DAY',
        kind: 'REPEALED',
        subject: 'AGREEMENT',
        agreement: 'beijing-intl-icca-equivalence',
        jurisdictions: ['CN-BJ'],
        completeness: none,
      }),
      event({
        date: '2025-09-05',
        precision: 'DAY',
        kind: 'REPEALED',
        subject: 'AGREEMENT',
        agreement: 'beijing-intl-cloud-equivalence',
        jurisdictions: ['CN-BJ'],
        completeness: none,
      }),
      event({
        date: '2025-11-14',
        precision: 'DAY',
        kind: 'SUPERSEDED',
        subject: 'EDITION',
        catalog: 'shanghai-overseas-qualifications',
        edition: '2.0',
        jurisdictions: ['CN-SH'],
        completeness: { editions: ['shanghai-overseas-qualifications@2.0'], declaredSize: null, loadedSize: 0, complete: null },
      }),
    ]);
  });

  it("answers bad parameters of the new exports with the API's codes before writing anything", async () => {
    const status = async (path: string) => {
      const r = await get(path);
      return [r.status, ((await r.json()) as any).errors[0].extensions.code];
    };
    expect(await status('/export/series.csv?catalog=nope')).toEqual([404, 'NOT_FOUND']);
    expect(await status('/export/overlap.json')).toEqual([400, 'BAD_USER_INPUT']);
    expect(await status('/export/overlap.csv?jurisdictions=CN-XX')).toEqual([404, 'NOT_FOUND']);
    expect(await status('/export/timeline.csv?from=2025-01-01&to=2025-02-30')).toEqual([400, 'BAD_USER_INPUT']);
    expect(await status('/export/timeline.csv?from=2025-01-01&to=2026-01-01&kinds=SOON')).toEqual([400, 'BAD_USER_INPUT']);
  });
});
