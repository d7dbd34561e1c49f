// NOTE: an export is a GraphQL answer, flattened into rows: the same rules, the same sources,
// the same errors as the API. Large answers are read a page at a time and written as they come.

export type Cell = string | number | boolean | null;
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

export interface Exporter {
  /** Column names, in order: the README documents them. */
  columns: readonly string[];
  /** Rows for the parameters, read lazily. */
  rows(run: RunQuery, params: URLSearchParams): AsyncGenerator<Row>;
  /** A file name for the download. */
  fileName(params: URLSearchParams): string;
}

async function answer(run: RunQuery, query: string, variables: Record<string, unknown>): Promise<Answer> {
  const result = await run(query, variables);
  if (result.errors?.length) {
    const first = result.errors[0]!;
    throw new ExportError(String(first.extensions?.code ?? 'INTERNAL_SERVER_ERROR'), first.message);
  }
  return result.data;
}

function required(params: URLSearchParams, name: string): string {
  const value = params.get(name);
  if (!value) throw new ExportError('BAD_USER_INPUT', `the parameter '${name}' is required`);
  return value;
}

const join = (values: (string | null | undefined)[]) => values.filter(Boolean).join(' | ') || null;
const asOfOf = (params: URLSearchParams) => params.get('asOf') ?? undefined;

const EDITION_ID = `query($catalog: String!) { catalog(slug: $catalog) { editions { id label } } }`;
const EDITION_PAGE = `query($id: ID!, $after: String) { node(id: $id) { ... on CatalogEdition { entries(first: 100, after: $after) {
  pageInfo { hasNextPage endCursor }
  nodes {
    qualification { slug name nameZh abbreviation field issuer { name country } }
    occupation { code nameZh name }
    occupationNameZh sourceLevel
    lists { code } field correspondingTitle titleLevel skillLevel verified note
    sources { slug url }
  } } } } }`;

const edition: Exporter = {
  columns: [
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
  ],
  fileName: (p) => `${p.get('catalog')}-${p.get('edition')}-entries`,
  async *rows(run, params) {
    const catalog = required(params, 'catalog');
    const label = required(params, 'edition');
    const found = await answer(run, EDITION_ID, { catalog });
    if (!found.catalog) throw new ExportError('NOT_FOUND', `Unknown catalog '${catalog}'`);
    const id = found.catalog.editions.find((x: { label: string }) => x.label === label)?.id;
    if (!id) throw new ExportError('NOT_FOUND', `Unknown edition '${label}' of catalog '${catalog}'`);
    let after: string | null = null;
    for (;;) {
      const entries: Answer = (await answer(run, EDITION_PAGE, { id, after })).node.entries;
      for (const n of entries.nodes) {
        const q = n.qualification;
        yield {
          catalog,
          edition: label,
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
          lists: join(n.lists.map((l: { code: string }) => l.code)),
          field: n.field ?? q?.field ?? null,
          corresponding_title: n.correspondingTitle,
          title_level: n.titleLevel,
          skill_level: n.skillLevel,
          source_level: n.sourceLevel,
          verified: n.verified,
          note: n.note,
          sources: join(n.sources.map((s: { slug: string; url: string | null }) => s.url ?? s.slug)),
        };
      }
      if (!entries.pageInfo.hasNextPage) return;
      after = entries.pageInfo.endCursor;
    }
  },
};

const RECOGNITION = `query($q: String!, $asOf: Date) { qualificationRecognition(qualification: $q, asOf: $asOf) {
  asOf
  recognitions {
    jurisdiction { code name } basis edition { label catalog { slug } } lists { code } agreement { slug } sourceJurisdiction { code }
    via { slug } standard { slug } from fromPrecision to toPrecision benefits { slug } sources { slug url }
  }
  possible { jurisdiction { code name } basis edition { label catalog { slug } } agreement { slug } } } }`;

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
    for (const r of data.recognitions) {
      yield {
        qualification: q,
        as_of: data.asOf,
        status: 'HONOURED',
        jurisdiction: r.jurisdiction.code,
        jurisdiction_name: r.jurisdiction.name,
        basis: r.basis,
        catalog: r.edition?.catalog.slug ?? null,
        edition: r.edition?.label ?? null,
        lists: join(r.lists.map((l: { code: string }) => l.code)),
        agreement: r.agreement?.slug ?? null,
        source_jurisdiction: r.sourceJurisdiction?.code ?? null,
        via: r.via?.slug ?? null,
        standard: r.standard?.slug ?? null,
        from: r.from,
        from_precision: r.fromPrecision,
        to: r.to,
        to_precision: r.toPrecision,
        benefits: join(r.benefits.map((b: { slug: string }) => b.slug)),
        sources: join(r.sources.map((s: { slug: string; url: string | null }) => s.url ?? s.slug)),
      };
    }
    // What the hub cannot rule out is exported too, marked as such: never a silent "no".
    for (const p of data.possible) {
      yield {
        qualification: q,
        as_of: data.asOf,
        status: 'POSSIBLE',
        jurisdiction: p.jurisdiction.code,
        jurisdiction_name: p.jurisdiction.name,
        basis: p.basis,
        catalog: p.edition.catalog.slug,
        edition: p.edition.label,
        lists: null,
        agreement: p.agreement?.slug ?? null,
        source_jurisdiction: null,
        via: null,
        standard: null,
        from: null,
        from_precision: null,
        to: null,
        to_precision: null,
        benefits: null,
        sources: null,
      };
    }
  },
};

const COVERAGE = `query($js: [String!]!, $groupBy: CoverageGrouping!, $asOf: Date) { coverage(jurisdictions: $js, groupBy: $groupBy, asOf: $asOf) {
  asOf groupBy rows { jurisdiction { code } group count } } }`;

const coverage: Exporter = {
  columns: ['as_of', 'group_by', 'jurisdiction', 'group', 'count'],
  fileName: (p) => `coverage-${(p.get('groupBy') ?? '').toLowerCase()}-${p.get('asOf') ?? 'today'}`,
  async *rows(run, params) {
    const js = required(params, 'jurisdictions')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const groupBy = required(params, 'groupBy').toUpperCase();
    if (!['FIELD', 'ISSUER_COUNTRY', 'LIST', 'BASIS'].includes(groupBy))
      throw new ExportError('BAD_USER_INPUT', `groupBy is one of FIELD, ISSUER_COUNTRY, LIST, BASIS, not '${groupBy}'`);
    const data = (await answer(run, COVERAGE, { js, groupBy, asOf: asOfOf(params) })).coverage;
    for (const r of data.rows)
      yield { as_of: data.asOf, group_by: data.groupBy, jurisdiction: r.jurisdiction.code, group: r.group, count: r.count };
  },
};

export const EXPORTERS: Record<string, Exporter> = { edition, recognition, coverage };

// ---- formats --------------------------------------------------------------------------------

const BOM = '\uFEFF';

function csvCell(value: Cell): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Writes rows as CSV (UTF-8 with a byte-order mark so Excel reads Chinese correctly, CRLF, RFC
 * 4180 quoting) or as a JSON array, one row at a time. Throws before writing anything if the
 * first row fails, so a bad request never leaves half a file.
 */
export async function writeExport(
  exporter: Exporter,
  rows: AsyncGenerator<Row>,
  format: 'csv' | 'json',
  write: (chunk: string) => void | Promise<void>,
): Promise<number> {
  const first = await rows.next();
  let n = 0;
  if (format === 'csv') {
    await write(`${BOM}${exporter.columns.join(',')}\r\n`);
    for (let r = first; !r.done; r = await rows.next()) {
      await write(`${exporter.columns.map((c) => csvCell(r.value[c] ?? null)).join(',')}\r\n`);
      n += 1;
    }
  } else {
    await write('[');
    for (let r = first; !r.done; r = await rows.next()) {
      await write(`${n === 0 ? '' : ','}\n${JSON.stringify(Object.fromEntries(exporter.columns.map((c) => [c, r.value[c] ?? null])))}`);
      n += 1;
    }
    await write(n === 0 ? ']\n' : '\n]\n');
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
