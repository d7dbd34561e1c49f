// NOTE: an export is a GraphQL answer, flattened into rows: the same rules, the same sources,
// the same errors as the API. Large answers are read a page at a time and written as they come.
// NOTE: every row carries the completeness of the editions behind it (declared against loaded
// size, validity, sources), as columns on the row rather than a preamble above the header: a
// file read with `pd.read_csv(url, encoding='utf-8-sig')` (or csv.DictReader) gets them with no
// skiprows, a filtered or concatenated extract keeps them, and a CSV of 7 rows says on each row
// that it is 7 of 122. JSON adds the same per row and, for the whole export, a `completeness`
// object listing every edition behind it.

/** One cell: a list (lists, sources, …) is an array, joined by " | " in CSV. */
export type Cell = string | number | boolean | null | readonly string[];
export type Row = Record<string, Cell>;
/** A GraphQL answer: its shape is the query's, read field by field by the exporter that asked. */
// biome-ignore lint/suspicious/noExplicitAny: the shape is the query text's, which the type system cannot see
type Answer = any;
/** Runs one operation through the hub's own schema and context. */
export type RunQuery = (
  query: string,
  variables: Record<string, unknown>,
) => Promise<{ data?: Answer; errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }>;

export class ExportError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** How much of an edition the hub holds, when it is in force, and where that comes from. */
export interface EditionCompleteness {
  catalog: string;
  edition: string;
  declaredSize: number | null;
  loadedSize: number;
  complete: boolean | null;
  validFrom: string;
  validFromPrecision: string;
  validTo: string | null;
  validToPrecision: string | null;
  sources: { title: string; url: string | null }[];
}

/** What an exporter yields: a row with the editions behind it, or an edition the export rests on that no row may show (an edition with no entries loaded). */
export type Item = { row: Row; editions: readonly EditionCompleteness[] } | { edition: EditionCompleteness };

export interface Exporter {
  /** Column names of the data, in order (the completeness columns follow): the README documents them. */
  columns: readonly string[];
  /** Rows for the parameters, read lazily. */
  rows(run: RunQuery, params: URLSearchParams): AsyncGenerator<Item>;
  /** A file name for the download. */
  fileName(params: URLSearchParams): string;
}

/** The edition fields every exporter asks for, to fill the completeness columns. */
export const EDITION_COMPLETENESS = `fragment Completeness on CatalogEdition {
  label catalog { slug } declaredSize loadedSize complete validFrom validFromPrecision validTo validToPrecision sources { title url } }`;

export const editionCompleteness = (e: Answer): EditionCompleteness => ({
  catalog: e.catalog.slug,
  edition: e.label,
  declaredSize: e.declaredSize,
  loadedSize: e.loadedSize,
  complete: e.complete,
  validFrom: e.validFrom,
  validFromPrecision: e.validFromPrecision,
  validTo: e.validTo,
  validToPrecision: e.validToPrecision,
  sources: e.sources.map((s: { title: string; url: string | null }) => ({ title: s.title, url: s.url })),
});

export const editionKey = (e: { catalog: string; edition: string }) => `${e.catalog}@${e.edition}`;

/** The completeness columns every export row ends with. */
export const COMPLETENESS_COLUMNS = [
  'completeness_of',
  'declared_size',
  'loaded_size',
  'complete',
  'edition_valid_from',
  'edition_valid_from_precision',
  'edition_valid_to',
  'edition_valid_to_precision',
  'edition_source_titles',
  'edition_source_urls',
] as const;

/**
 * The completeness columns of a row from the editions behind it. Sizes add up (the declared size
 * only when every edition declares one); `complete` is true when all are, false when one is not,
 * empty when that cannot be known; the validity columns list each edition's, in `completeness_of`
 * order. No edition (a recognition by a standard or a national rule): every column empty.
 */
export function completenessCells(editions: readonly EditionCompleteness[]): Row {
  const one = editions.length === 1;
  const each = <T>(f: (e: EditionCompleteness) => T) => editions.map(f);
  const listed = (values: (string | null)[]) => (editions.length === 0 ? null : one ? values[0]! : values.map((v) => v ?? '').join(' | '));
  const declared = each((e) => e.declaredSize);
  const flags = each((e) => e.complete);
  const sources = [...new Map(editions.flatMap((e) => e.sources).map((s) => [`${s.title}\u0000${s.url}`, s])).values()];
  return {
    completeness_of: editions.length === 0 ? null : each(editionKey),
    declared_size: editions.length === 0 || declared.some((d) => d === null) ? null : declared.reduce((a, b) => a! + b!, 0),
    loaded_size: editions.length === 0 ? null : each((e) => e.loadedSize).reduce((a, b) => a + b, 0),
    complete: editions.length === 0 ? null : flags.includes(false) ? false : flags.includes(null) ? null : true,
    edition_valid_from: listed(each((e) => e.validFrom)),
    edition_valid_from_precision: listed(each((e) => e.validFromPrecision)),
    edition_valid_to: listed(each((e) => e.validTo)),
    edition_valid_to_precision: listed(each((e) => e.validToPrecision)),
    edition_source_titles: editions.length === 0 ? null : sources.map((s) => s.title),
    edition_source_urls: editions.length === 0 ? null : sources.map((s) => s.url ?? ''),
  };
}

/** The data of a query the exports run, or its first error as an ExportError with the API's code. */
export async function answer(run: RunQuery, query: string, variables: Record<string, unknown> = {}): Promise<Answer> {
  const result = await run(query, variables);
  if (result.errors?.length) {
    const first = result.errors[0]!;
    throw new ExportError(String(first.extensions?.code ?? 'INTERNAL_SERVER_ERROR'), first.message);
  }
  return result.data;
}

/** Every node of the connection `connection` picks from the query's data, following `after` page by page. */
export async function* nodesOf(
  run: RunQuery,
  query: string,
  variables: Record<string, unknown>,
  connection: (data: Answer) => Answer,
): AsyncGenerator<Answer> {
  let after: string | null = null;
  for (;;) {
    const page: Answer = connection(await answer(run, query, { ...variables, after }));
    yield* page.nodes;
    if (!page.pageInfo.hasNextPage) return;
    after = page.pageInfo.endCursor;
  }
}

function required(params: URLSearchParams, name: string): string {
  const value = params.get(name);
  if (!value) throw new ExportError('BAD_USER_INPUT', `the parameter '${name}' is required`);
  return value;
}

const codesOf = (items: { code: string }[]) => items.map((x) => x.code);
const slugsOf = (items: { slug: string }[]) => items.map((x) => x.slug);
const urlsOf = (items: { slug: string; url: string | null }[]) => items.map((s) => s.url ?? s.slug);
const asOfOf = (params: URLSearchParams) => params.get('asOf') ?? undefined;
const listParam = (params: URLSearchParams, name: string) =>
  params
    .get(name)
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);

const EDITION_IDS = `query($catalog: String!) { catalog(slug: $catalog) { editions { id label ...Completeness } } } ${EDITION_COMPLETENESS}`;
const EDITION_PAGE = `query($id: ID!, $after: String) { node(id: $id) { ... on CatalogEdition { entries(first: 100, after: $after) {
  pageInfo { hasNextPage endCursor }
  nodes {
    qualification { slug name nameZh abbreviation field issuer { name country } }
    occupation { code nameZh name }
    occupationNameZh sourceLevel
    lists { code } field correspondingTitle titleLevel skillLevel verified note
    sources { slug url }
  } } } } }`;

const ENTRY_COLUMNS = [
  'catalog',
  'edition',
  'qualification',
  'qualification_name',
  'qualification_name_zh',
  'abbreviation',
  'issuer',
  'issuer_country',
  'occupation_code',
  'occupation_name_zh',
  'lists',
  'field',
  'corresponding_title',
  'title_level',
  'skill_level',
  'source_level',
  'verified',
  'note',
  'sources',
] as const;

/** Every entry of one edition, a page at a time, each row with the edition's completeness. */
async function* editionEntries(run: RunQuery, id: string, edition: EditionCompleteness): AsyncGenerator<Item> {
  yield { edition };
  for await (const n of nodesOf(run, EDITION_PAGE, { id }, (data) => data.node.entries)) {
    const q = n.qualification;
    yield {
      editions: [edition],
      row: {
        catalog: edition.catalog,
        edition: edition.edition,
        qualification: q?.slug ?? null,
        qualification_name: q?.name ?? null,
        qualification_name_zh: q?.nameZh ?? null,
        abbreviation: q?.abbreviation ?? null,
        issuer: q?.issuer?.name ?? null,
        issuer_country: q?.issuer?.country ?? null,
        occupation_code: n.occupation?.code ?? null,
        // A classified occupation's name, or the name a source gives without a code (beside a
        // qualification: the occupation the certificate maps to).
        occupation_name_zh: n.occupation?.nameZh ?? n.occupationNameZh ?? null,
        lists: codesOf(n.lists),
        field: n.field ?? q?.field ?? null,
        corresponding_title: n.correspondingTitle,
        title_level: n.titleLevel,
        skill_level: n.skillLevel,
        source_level: n.sourceLevel,
        verified: n.verified,
        note: n.note,
        sources: urlsOf(n.sources),
      },
    };
  }
}

async function editionsOf(run: RunQuery, catalog: string): Promise<{ id: string; completeness: EditionCompleteness }[]> {
  const found = await answer(run, EDITION_IDS, { catalog });
  if (!found.catalog) throw new ExportError('NOT_FOUND', `Unknown catalog '${catalog}'`);
  return found.catalog.editions.map((e: Answer) => ({ id: e.id, completeness: editionCompleteness(e) }));
}

const edition: Exporter = {
  columns: ENTRY_COLUMNS,
  fileName: (p) => `${p.get('catalog')}-${p.get('edition')}-entries`,
  async *rows(run, params) {
    const catalog = required(params, 'catalog');
    const label = required(params, 'edition');
    const found = (await editionsOf(run, catalog)).find((e) => e.completeness.edition === label);
    if (!found) throw new ExportError('NOT_FOUND', `Unknown edition '${label}' of catalog '${catalog}'`);
    yield* editionEntries(run, found.id, found.completeness);
  },
};

/** A whole catalog series: every edition, oldest first, each entry with its own edition's completeness. */
const series: Exporter = {
  columns: ENTRY_COLUMNS,
  fileName: (p) => `${p.get('catalog')}-series`,
  async *rows(run, params) {
    const catalog = required(params, 'catalog');
    for (const e of await editionsOf(run, catalog)) yield* editionEntries(run, e.id, e.completeness);
  },
};

const RECOGNITION = `query($q: String!, $asOf: Date) { qualificationRecognition(qualification: $q, asOf: $asOf) {
  asOf
  recognitions {
    jurisdiction { code name } basis edition { ...Completeness } lists { code } agreement { slug } sourceJurisdiction { code }
    via { slug } standard { slug } from fromPrecision to toPrecision benefits { slug } sources { slug url }
  }
  possible { jurisdiction { code name } basis edition { ...Completeness } agreement { slug } }
  incomplete { ...Completeness } } } ${EDITION_COMPLETENESS}`;

const recognition: Exporter = {
  columns: [
    'qualification',
    'as_of',
    'status',
    'jurisdiction',
    'jurisdiction_name',
    'basis',
    'catalog',
    'edition',
    'lists',
    'agreement',
    'source_jurisdiction',
    'via',
    'standard',
    'from',
    'from_precision',
    'to',
    'to_precision',
    'benefits',
    'sources',
  ],
  fileName: (p) => `${p.get('qualification')}-recognition-${p.get('asOf') ?? 'today'}`,
  async *rows(run, params) {
    const q = required(params, 'qualification');
    const data = (await answer(run, RECOGNITION, { q, asOf: asOfOf(params) })).qualificationRecognition;
    // The editions in force that may list it without the hub knowing: behind every "no".
    for (const e of data.incomplete) yield { edition: editionCompleteness(e) };
    for (const r of data.recognitions) {
      yield {
        editions: r.edition ? [editionCompleteness(r.edition)] : [],
        row: {
          qualification: q,
          as_of: data.asOf,
          status: 'HONOURED',
          jurisdiction: r.jurisdiction.code,
          jurisdiction_name: r.jurisdiction.name,
          basis: r.basis,
          catalog: r.edition?.catalog.slug ?? null,
          edition: r.edition?.label ?? null,
          lists: codesOf(r.lists),
          agreement: r.agreement?.slug ?? null,
          source_jurisdiction: r.sourceJurisdiction?.code ?? null,
          via: r.via?.slug ?? null,
          standard: r.standard?.slug ?? null,
          from: r.from,
          from_precision: r.fromPrecision,
          to: r.to,
          to_precision: r.toPrecision,
          benefits: slugsOf(r.benefits),
          sources: urlsOf(r.sources),
        },
      };
    }
    // What the hub cannot rule out is exported too, marked as such: never a silent "no".
    for (const p of data.possible) {
      yield {
        editions: [editionCompleteness(p.edition)],
        row: {
          qualification: q,
          as_of: data.asOf,
          status: 'POSSIBLE',
          jurisdiction: p.jurisdiction.code,
          jurisdiction_name: p.jurisdiction.name,
          basis: p.basis,
          catalog: p.edition.catalog.slug,
          edition: p.edition.label,
          lists: [],
          agreement: p.agreement?.slug ?? null,
          source_jurisdiction: null,
          via: null,
          standard: null,
          from: null,
          from_precision: null,
          to: null,
          to_precision: null,
          benefits: [],
          sources: [],
        },
      };
    }
  },
};

const COVERAGE = `query($js: [String!]!, $groupBy: CoverageGrouping!, $asOf: Date) { coverage(jurisdictions: $js, groupBy: $groupBy, asOf: $asOf) {
  asOf groupBy rows { jurisdiction { code } group count field { name nameZh } }
  jurisdictions { jurisdiction { code } editions { edition { ...Completeness } } } } } ${EDITION_COMPLETENESS}`;

const jurisdictionsParam = (params: URLSearchParams) => {
  const js = listParam(params, 'jurisdictions');
  if (!js?.length) throw new ExportError('BAD_USER_INPUT', "the parameter 'jurisdictions' is required");
  return js;
};

/** Each jurisdiction's qualification-catalog editions in force, from a coverage answer. */
const editionsByJurisdiction = (coverageAnswer: Answer) =>
  new Map<string, EditionCompleteness[]>(
    coverageAnswer.jurisdictions.map((j: Answer) => [j.jurisdiction.code, j.editions.map((e: Answer) => editionCompleteness(e.edition))]),
  );

const coverage: Exporter = {
  columns: ['as_of', 'group_by', 'jurisdiction', 'group', 'group_name', 'group_name_zh', 'count'],
  fileName: (p) => `coverage-${(p.get('groupBy') ?? '').toLowerCase()}-${p.get('asOf') ?? 'today'}`,
  async *rows(run, params) {
    const js = jurisdictionsParam(params);
    const groupBy = required(params, 'groupBy').toUpperCase();
    if (!['FIELD', 'ISSUER_COUNTRY', 'LIST', 'BASIS'].includes(groupBy))
      throw new ExportError('BAD_USER_INPUT', `groupBy is one of FIELD, ISSUER_COUNTRY, LIST, BASIS, not '${groupBy}'`);
    const data = (await answer(run, COVERAGE, { js, groupBy, asOf: asOfOf(params) })).coverage;
    const editions = editionsByJurisdiction(data);
    for (const list of editions.values()) for (const e of list) yield { edition: e };
    for (const r of data.rows)
      yield {
        editions: editions.get(r.jurisdiction.code) ?? [],
        row: {
          as_of: data.asOf,
          group_by: data.groupBy,
          jurisdiction: r.jurisdiction.code,
          group: r.group,
          group_name: r.field?.name ?? null,
          group_name_zh: r.field?.nameZh ?? null,
          count: r.count,
        },
      };
  },
};

const OVERLAP = `query($js: [String!]!, $asOf: Date, $after: String) {
  overlap(jurisdictions: $js, asOf: $asOf) { asOf cells { a { code } b { code } sharedCount shared(first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { slug } } } }
  coverage(jurisdictions: $js, groupBy: BASIS, asOf: $asOf) { jurisdictions { jurisdiction { code } editions { edition { ...Completeness } } } } } ${EDITION_COMPLETENESS}`;

/** The overlap matrix, one row per pair (a ≤ b in the order asked), with every shared qualification. */
const overlap: Exporter = {
  columns: ['as_of', 'a', 'b', 'shared_count', 'shared'],
  fileName: (p) => `overlap-${p.get('asOf') ?? 'today'}`,
  async *rows(run, params) {
    const js = jurisdictionsParam(params);
    const asOf = asOfOf(params);
    const data = await answer(run, OVERLAP, { js, asOf });
    const editions = editionsByJurisdiction(data.coverage);
    for (const list of editions.values()) for (const e of list) yield { edition: e };
    for (const cell of data.overlap.cells) {
      const shared: string[] = cell.shared.nodes.map((n: { slug: string }) => n.slug);
      // A cell with more than a page: the rest of it, asked for that pair alone.
      for (let page = cell.shared.pageInfo; page.hasNextPage; ) {
        const pair = cell.a.code === cell.b.code ? [cell.a.code] : [cell.a.code, cell.b.code];
        const more = (await answer(run, OVERLAP, { js: pair, asOf, after: page.endCursor })).overlap.cells.find(
          (c: Answer) => c.a.code === cell.a.code && c.b.code === cell.b.code,
        );
        shared.push(...more.shared.nodes.map((n: { slug: string }) => n.slug));
        page = more.shared.pageInfo;
      }
      const behind = [cell.a.code, ...(cell.b.code === cell.a.code ? [] : [cell.b.code])].flatMap((j) => editions.get(j) ?? []);
      yield {
        editions: behind,
        row: { as_of: data.overlap.asOf, a: cell.a.code, b: cell.b.code, shared_count: cell.sharedCount, shared },
      };
    }
  },
};

const TIMELINE = `query($from: Date!, $to: Date!, $js: [String!], $kinds: [TimelineEventKind!], $subjects: [TimelineSubject!], $after: String) {
  timeline(from: $from, to: $to, jurisdictions: $js, kinds: $kinds, subjects: $subjects, first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { date precision kind subject jurisdictions { code } edition { ...Completeness }
      standardVersion { label standard { slug } } agreement { slug } } } } ${EDITION_COMPLETENESS}`;

/** Dated events in [from, to); an edition's event carries that edition's completeness. */
const timeline: Exporter = {
  columns: ['date', 'precision', 'kind', 'subject', 'catalog', 'edition', 'standard', 'standard_version', 'agreement', 'jurisdictions'],
  fileName: (p) => `timeline-${p.get('from')}-${p.get('to')}`,
  async *rows(run, params) {
    const variables = {
      from: required(params, 'from'),
      to: required(params, 'to'),
      js: listParam(params, 'jurisdictions'),
      kinds: listParam(params, 'kinds')?.map((k) => k.toUpperCase()),
      subjects: listParam(params, 'subjects')?.map((k) => k.toUpperCase()),
    };
    for await (const e of nodesOf(run, TIMELINE, variables, (data) => data.timeline))
      yield {
        editions: e.edition ? [editionCompleteness(e.edition)] : [],
        row: {
          date: e.date,
          precision: e.precision,
          kind: e.kind,
          subject: e.subject,
          catalog: e.edition?.catalog.slug ?? null,
          edition: e.edition?.label ?? null,
          standard: e.standardVersion?.standard.slug ?? null,
          standard_version: e.standardVersion?.label ?? null,
          agreement: e.agreement?.slug ?? null,
          jurisdictions: codesOf(e.jurisdictions),
        },
      };
  },
};

export const EXPORTERS: Record<string, Exporter> = { edition, series, recognition, coverage, overlap, timeline };

// ---- formats --------------------------------------------------------------------------------

const BOM = '\uFEFF';

export function csvCell(value: Cell): string {
  if (value === null) return '';
  const text = Array.isArray(value) ? value.join(' | ') : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** `complete` over several editions: true when all are, false when one is not, null when that cannot be known. */
const allComplete = (editions: Iterable<EditionCompleteness>): boolean | null => {
  const flags = [...editions].map((e) => e.complete);
  return flags.includes(false) ? false : flags.includes(null) ? null : true;
};

/**
 * Writes an export as CSV (UTF-8 with a byte-order mark so Excel reads Chinese correctly, CRLF,
 * RFC 4180 quoting, lists joined by " | ", the completeness columns on every row) or as JSON
 * (`{ export, parameters, columns, rows, completeness }`: lists as arrays, each row with its
 * `completeness`, and every edition behind the export at the end), one row at a time. Throws
 * before writing anything if the first item fails, so a bad request never leaves half a file.
 */
export async function writeExport(
  exporter: Exporter,
  items: AsyncGenerator<Item>,
  format: 'csv' | 'json',
  write: (chunk: string) => void | Promise<void>,
  about: { name: string; params: URLSearchParams },
): Promise<number> {
  const first = await items.next();
  const columns = [...exporter.columns, ...COMPLETENESS_COLUMNS];
  const behind = new Map<string, EditionCompleteness>();
  let n = 0;
  if (format === 'csv') await write(`${BOM}${columns.join(',')}\r\n`);
  else
    await write(
      `{"export":${JSON.stringify(about.name)},"parameters":${JSON.stringify(Object.fromEntries(about.params))},"columns":${JSON.stringify(exporter.columns)},"rows":[`,
    );
  for (let r = first; !r.done; r = await items.next()) {
    const item = r.value;
    if ('edition' in item) {
      behind.set(editionKey(item.edition), item.edition);
      continue;
    }
    for (const e of item.editions) behind.set(editionKey(e), e);
    if (format === 'csv') {
      const cells = { ...item.row, ...completenessCells(item.editions) };
      await write(`${columns.map((c) => csvCell(cells[c] ?? null)).join(',')}\r\n`);
    } else {
      const cells = completenessCells(item.editions);
      const row = {
        ...Object.fromEntries(exporter.columns.map((c) => [c, item.row[c] ?? null])),
        completeness: {
          editions: item.editions.map(editionKey),
          declaredSize: cells.declared_size,
          loadedSize: cells.loaded_size,
          complete: cells.complete,
        },
      };
      await write(`${n === 0 ? '' : ','}\n${JSON.stringify(row)}`);
    }
    n += 1;
  }
  if (format === 'json') {
    const editions = [...behind.values()].map((e) => ({ key: editionKey(e), ...e }));
    await write(
      `${n === 0 ? '' : '\n'}],"completeness":${JSON.stringify({ complete: editions.length ? allComplete(behind.values()) : null, editions })}}\n`,
    );
  }
  return n;
}

/** Parses CSV written by `writeExport` (used by the round-trip tests and handy for scripts). */
export function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const body = text.startsWith(BOM) ? text.slice(1) : text;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && body[i + 1] === '\n') {
      row.push(cell);
      out.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    out.push(row);
  }
  return out;
}
