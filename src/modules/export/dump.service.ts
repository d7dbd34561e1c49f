import type { Writable } from 'node:stream';
import { Readable } from 'node:stream';
import archiver from 'archiver';
import ExcelJS from 'exceljs';
import {
  answer,
  type Cell,
  COMPLETENESS_COLUMNS,
  completenessCells,
  csvCell,
  EDITION_COMPLETENESS,
  type EditionCompleteness,
  ExportError,
  editionCompleteness,
  nodesOf,
  type Row,
  type RunQuery,
} from './export.service.ts';

// NOTE: the analyst's dump is one CSV per entity, read through the API as every export is (the
// same public data, the same errors), plus a data dictionary whose types and meanings are the
// GraphQL schema's own descriptions, read by introspection: each column names the field it
// comes from, so the meaning is written once, in the schema. Every table ends with the
// completeness columns: a row of an edition (editions, lists, entries) carries that edition's;
// every other row carries the whole hub's (`completeness_of` = "*": every edition, sizes added
// up), so no sheet can pass for a complete catalog. `completeness.csv` lists each edition.

/** A column of the dump: the GraphQL field it comes from (its meaning), and what is written for an object or a list. */
interface DumpColumn {
  name: string;
  /** `Type.field` whose description is the column's meaning. */
  of: string;
  /** For an object or a list of objects: which key of it is written ("slug", "code"). */
  key?: string;
  value: (node: Answer) => Cell;
}
// biome-ignore lint/suspicious/noExplicitAny: the shape is the query text's, which the type system cannot see
type Answer = any;
interface DumpTable {
  name: string;
  columns: DumpColumn[];
  /** Rows, each with the edition it belongs to (or none: the whole hub's completeness). */
  rows(run: RunQuery, hub: Hub): AsyncGenerator<{ node: Answer; edition?: EditionCompleteness }>;
}
interface Hub {
  editions: { id: string; completeness: EditionCompleteness; node: Answer }[];
}

const col = (name: string, of: string, value: (n: Answer) => Cell, key?: string): DumpColumn => ({
  name,
  of,
  value,
  ...(key ? { key } : {}),
});
const keyOf = (k: string) => (n: Answer) => n?.[k] ?? null;
const keysOf = (k: string) => (list: Answer[]) => list.map((x) => x[k]);

/** A root list, or a paged root connection read 100 at a time. */
async function* listed(run: RunQuery, query: string, path: string): AsyncGenerator<{ node: Answer }> {
  for (const node of (await answer(run, query))[path]) yield { node };
}
async function* paged(run: RunQuery, query: string, path: string): AsyncGenerator<{ node: Answer }> {
  for await (const node of nodesOf(run, query, {}, (data) => data[path])) yield { node };
}

const ENTRIES_PAGE = `query($id: ID!, $after: String) { node(id: $id) { ... on CatalogEdition { entries(first: 100, after: $after) {
  pageInfo { hasNextPage endCursor }
  nodes { qualification { slug } occupation { code } occupationNameZh lists { code } field correspondingTitle titleLevel skillLevel sourceLevel verified note sources { slug } } } } } }`;

const TABLES: DumpTable[] = [
  {
    name: 'fields',
    columns: [
      col('code', 'Field.code', keyOf('code')),
      col('name', 'Field.name', keyOf('name')),
      col('name_zh', 'Field.nameZh', keyOf('nameZh')),
      col('description', 'Field.description', keyOf('description')),
      col('note', 'Field.note', keyOf('note')),
    ],
    rows: (run) => listed(run, '{ fields { code name nameZh description note } }', 'fields'),
  },
  {
    name: 'jurisdictions',
    columns: [
      col('code', 'Jurisdiction.code', keyOf('code')),
      col('name', 'Jurisdiction.name', keyOf('name')),
      col('name_zh', 'Jurisdiction.nameZh', keyOf('nameZh')),
      col('level', 'Jurisdiction.level', keyOf('level')),
      col('parent', 'Jurisdiction.parent', (n) => n.parent?.code ?? null, 'code'),
      col('mainland', 'Jurisdiction.mainland', keyOf('mainland')),
    ],
    rows: (run) => listed(run, '{ jurisdictions { code name nameZh level parent { code } mainland } }', 'jurisdictions'),
  },
  {
    name: 'instruments',
    columns: [
      col('slug', 'Instrument.slug', keyOf('slug')),
      col('kind', 'Instrument.kind', keyOf('kind')),
      col('title', 'Instrument.title', keyOf('title')),
      col('title_zh', 'Instrument.titleZh', keyOf('titleZh')),
      col('document_number', 'Instrument.documentNumber', keyOf('documentNumber')),
      col('issued_on', 'Instrument.issuedOn', keyOf('issuedOn')),
      col('issued_on_precision', 'Instrument.issuedOnPrecision', keyOf('issuedOnPrecision')),
      col('url', 'Instrument.url', keyOf('url')),
      col('reliability', 'Instrument.reliability', keyOf('reliability')),
      col('repeals', 'Instrument.repeals', (n) => keysOf('slug')(n.repeals), 'slug'),
      col('note', 'Instrument.note', keyOf('note')),
    ],
    rows: (run) =>
      paged(
        run,
        `query($after: String) { instruments(first: 100, after: $after) { pageInfo { hasNextPage endCursor }
          nodes { slug kind title titleZh documentNumber issuedOn issuedOnPrecision url reliability repeals { slug } note } } }`,
        'instruments',
      ),
  },
  {
    name: 'organisations',
    columns: [
      col('slug', 'Organisation.slug', keyOf('slug')),
      col('name', 'Organisation.name', keyOf('name')),
      col('name_zh', 'Organisation.nameZh', keyOf('nameZh')),
      col('abbreviation', 'Organisation.abbreviation', keyOf('abbreviation')),
      col('country', 'Organisation.country', keyOf('country')),
      col('verified', 'Organisation.verified', keyOf('verified')),
      col('note', 'Organisation.note', keyOf('note')),
    ],
    rows: (run) => listed(run, '{ organisations { slug name nameZh abbreviation country verified note } }', 'organisations'),
  },
  {
    name: 'qualifications',
    columns: [
      col('slug', 'Qualification.slug', keyOf('slug')),
      col('name', 'Qualification.name', keyOf('name')),
      col('name_zh', 'Qualification.nameZh', keyOf('nameZh')),
      col('abbreviation', 'Qualification.abbreviation', keyOf('abbreviation')),
      col('issuer', 'Qualification.issuer', (n) => n.issuer?.slug ?? null, 'slug'),
      col('field', 'Qualification.field', keyOf('field')),
      col('verified', 'Qualification.verified', keyOf('verified')),
      col('note', 'Qualification.note', keyOf('note')),
    ],
    rows: (run) =>
      paged(
        run,
        `query($after: String) { qualifications(first: 100, after: $after, orderBy: SLUG) { pageInfo { hasNextPage endCursor }
          nodes { slug name nameZh abbreviation issuer { slug } field verified note } } }`,
        'qualifications',
      ),
  },
  {
    name: 'catalogs',
    columns: [
      col('slug', 'Catalog.slug', keyOf('slug')),
      col('name', 'Catalog.name', keyOf('name')),
      col('name_zh', 'Catalog.nameZh', keyOf('nameZh')),
      col('kind', 'Catalog.kind', keyOf('kind')),
      col('jurisdiction', 'Catalog.jurisdiction', (n) => n.jurisdiction.code, 'code'),
      col('note', 'Catalog.note', keyOf('note')),
    ],
    rows: (run) => listed(run, '{ catalogs { slug name nameZh kind jurisdiction { code } note } }', 'catalogs'),
  },
  {
    name: 'editions',
    columns: [
      col('catalog', 'CatalogEdition.catalog', (n) => n.catalog.slug, 'slug'),
      col('label', 'CatalogEdition.label', keyOf('label')),
      col('title', 'CatalogEdition.title', keyOf('title')),
      col('title_zh', 'CatalogEdition.titleZh', keyOf('titleZh')),
      col('status', 'CatalogEdition.status', keyOf('status')),
      col('issued_on', 'CatalogEdition.issuedOn', keyOf('issuedOn')),
      col('issued_on_precision', 'CatalogEdition.issuedOnPrecision', keyOf('issuedOnPrecision')),
      col('repealed_on', 'CatalogEdition.repealedOn', keyOf('repealedOn')),
      col('lists', 'CatalogEdition.lists', (n) => keysOf('code')(n.lists), 'code'),
    ],
    async *rows(_run, hub) {
      for (const e of hub.editions) yield { node: e.node, edition: e.completeness };
    },
  },
  {
    name: 'lists',
    columns: [
      col('catalog', 'CatalogEdition.catalog', (n) => n.catalog, 'slug'),
      col('edition', 'CatalogList.edition', (n) => n.edition, 'label'),
      col('code', 'CatalogList.code', keyOf('code')),
      col('name', 'CatalogList.name', keyOf('name')),
      col('name_zh', 'CatalogList.nameZh', keyOf('nameZh')),
      col('position', 'CatalogList.position', keyOf('position')),
      col('list_declared_size', 'CatalogList.declaredSize', keyOf('declaredSize')),
      col('list_loaded_size', 'CatalogList.loadedSize', keyOf('loadedSize')),
      col('note', 'CatalogList.note', keyOf('note')),
    ],
    async *rows(_run, hub) {
      for (const e of hub.editions)
        for (const l of e.node.lists)
          yield { node: { ...l, catalog: e.completeness.catalog, edition: e.completeness.edition }, edition: e.completeness };
    },
  },
  {
    name: 'entries',
    columns: [
      col('catalog', 'CatalogEdition.catalog', (n) => n.catalog, 'slug'),
      col('edition', 'CatalogEntry.edition', (n) => n.edition, 'label'),
      col('qualification', 'CatalogEntry.qualification', (n) => n.qualification?.slug ?? null, 'slug'),
      col('occupation', 'CatalogEntry.occupation', (n) => n.occupation?.code ?? null, 'code'),
      col('occupation_name_zh', 'CatalogEntry.occupationNameZh', keyOf('occupationNameZh')),
      col('lists', 'CatalogEntry.lists', (n) => keysOf('code')(n.lists), 'code'),
      col('field', 'CatalogEntry.field', keyOf('field')),
      col('corresponding_title', 'CatalogEntry.correspondingTitle', keyOf('correspondingTitle')),
      col('title_level', 'CatalogEntry.titleLevel', keyOf('titleLevel')),
      col('skill_level', 'CatalogEntry.skillLevel', keyOf('skillLevel')),
      col('source_level', 'CatalogEntry.sourceLevel', keyOf('sourceLevel')),
      col('verified', 'CatalogEntry.verified', keyOf('verified')),
      col('note', 'CatalogEntry.note', keyOf('note')),
      col('sources', 'CatalogEntry.sources', (n) => keysOf('slug')(n.sources), 'slug'),
    ],
    async *rows(run, hub) {
      for (const e of hub.editions)
        for await (const n of nodesOf(run, ENTRIES_PAGE, { id: e.id }, (data) => data.node.entries))
          yield { node: { ...n, catalog: e.completeness.catalog, edition: e.completeness.edition }, edition: e.completeness };
    },
  },
  {
    name: 'standards',
    columns: [
      col('slug', 'Standard.slug', keyOf('slug')),
      col('name', 'Standard.name', keyOf('name')),
      col('name_zh', 'Standard.nameZh', keyOf('nameZh')),
      col('scope', 'Standard.scope', keyOf('scope')),
      col('jurisdiction', 'Standard.jurisdiction', (n) => n.jurisdiction.code, 'code'),
    ],
    rows: (run) => listed(run, '{ standards { slug name nameZh scope jurisdiction { code } } }', 'standards'),
  },
  {
    name: 'standard_versions',
    columns: [
      col('standard', 'StandardVersion.standard', (n) => n.standard, 'slug'),
      col('label', 'StandardVersion.label', keyOf('label')),
      col('title', 'StandardVersion.title', keyOf('title')),
      col('title_zh', 'StandardVersion.titleZh', keyOf('titleZh')),
      col('status', 'StandardVersion.status', keyOf('status')),
      col('categories', 'StandardVersion.categories', (n) => keysOf('code')(n.categories), 'code'),
      col('valid_from', 'StandardVersion.validFrom', keyOf('validFrom')),
      col('valid_from_precision', 'StandardVersion.validFromPrecision', keyOf('validFromPrecision')),
      col('valid_to', 'StandardVersion.validTo', keyOf('validTo')),
      col('valid_to_precision', 'StandardVersion.validToPrecision', keyOf('validToPrecision')),
      col('repealed_on', 'StandardVersion.repealedOn', keyOf('repealedOn')),
      col('sources', 'StandardVersion.sources', (n) => keysOf('slug')(n.sources), 'slug'),
      col('verified', 'StandardVersion.verified', keyOf('verified')),
    ],
    async *rows(run) {
      const data = await answer(
        run,
        `{ standards { slug versions { label title titleZh status categories { code } validFrom validFromPrecision validTo validToPrecision
          repealedOn sources { slug } verified } } }`,
      );
      for (const s of data.standards) for (const v of s.versions) yield { node: { ...v, standard: s.slug } };
    },
  },
  {
    name: 'agreements',
    columns: [
      col('slug', 'RecognitionAgreement.slug', keyOf('slug')),
      col('name', 'RecognitionAgreement.name', keyOf('name')),
      col('name_zh', 'RecognitionAgreement.nameZh', keyOf('nameZh')),
      col('kind', 'RecognitionAgreement.kind', keyOf('kind')),
      col('direction', 'RecognitionAgreement.direction', keyOf('direction')),
      col('status', 'RecognitionAgreement.status', keyOf('status')),
      col(
        'parties',
        'RecognitionAgreement.parties',
        (n) => n.parties.map((p: Answer) => `${p.role}:${p.jurisdiction?.code ?? p.group?.slug}`),
        'role:jurisdiction code or region group slug',
      ),
      col('category', 'RecognitionAgreement.category', (n) => n.category?.code ?? null, 'code'),
      col('catalog', 'RecognitionAgreement.catalog', (n) => n.catalog?.slug ?? null, 'slug'),
      col('qualification', 'RecognitionAgreement.qualification', (n) => n.qualification?.slug ?? null, 'slug'),
      col(
        'equivalent_qualification',
        'RecognitionAgreement.equivalentQualification',
        (n) => n.equivalentQualification?.slug ?? null,
        'slug',
      ),
      col('valid_from', 'RecognitionAgreement.validFrom', keyOf('validFrom')),
      col('valid_from_precision', 'RecognitionAgreement.validFromPrecision', keyOf('validFromPrecision')),
      col('valid_to', 'RecognitionAgreement.validTo', keyOf('validTo')),
      col('valid_to_precision', 'RecognitionAgreement.validToPrecision', keyOf('validToPrecision')),
      col('repealed_on', 'RecognitionAgreement.repealedOn', keyOf('repealedOn')),
      col('sources', 'RecognitionAgreement.sources', (n) => keysOf('slug')(n.sources), 'slug'),
      col('verified', 'RecognitionAgreement.verified', keyOf('verified')),
    ],
    rows: (run) =>
      listed(
        run,
        `{ agreements { slug name nameZh kind direction status parties { role jurisdiction { code } group { slug } } category { code }
          catalog { slug } qualification { slug } equivalentQualification { slug } validFrom validFromPrecision validTo validToPrecision
          repealedOn sources { slug } verified } }`,
        'agreements',
      ),
  },
];

/** `completeness.csv`: each edition as the completeness columns describe it. */
const COMPLETENESS_TABLE = 'completeness';

/** The GraphQL field each completeness column takes its meaning from. */
const COMPLETENESS_MEANING: Record<(typeof COMPLETENESS_COLUMNS)[number], [string, string?]> = {
  completeness_of: [
    'CatalogEdition.label',
    'catalog@label of each edition behind the row, joined by " | "; "*" on a row that belongs to no edition: every edition of the hub, sizes added up',
  ],
  declared_size: ['CatalogEdition.declaredSize', 'added up over the editions behind the row; empty when one of them declares none'],
  loaded_size: ['CatalogEdition.loadedSize', 'added up over the editions behind the row'],
  complete: ['CatalogEdition.complete', 'true when every edition behind the row is, false when one is not, empty when unknown'],
  edition_valid_from: ['CatalogEdition.validFrom', 'per edition, in completeness_of order'],
  edition_valid_from_precision: ['CatalogEdition.validFromPrecision', 'per edition'],
  edition_valid_to: ['CatalogEdition.validTo', 'per edition'],
  edition_valid_to_precision: ['CatalogEdition.validToPrecision', 'per edition'],
  edition_source_titles: ['Instrument.title', "of the editions' sources"],
  edition_source_urls: ['Instrument.url', "of the editions' sources, in edition_source_titles order"],
};

const HUB_EDITIONS = `{ catalogs { slug editions { id ...Completeness title titleZh status issuedOn issuedOnPrecision repealedOn
  lists { code name nameZh position declaredSize loadedSize note } } } } ${EDITION_COMPLETENESS}`;

async function hubOf(run: RunQuery): Promise<Hub> {
  const data = await answer(run, HUB_EDITIONS);
  return {
    editions: data.catalogs.flatMap((c: Answer) =>
      c.editions.map((e: Answer) => ({ id: e.id, completeness: editionCompleteness(e), node: e })),
    ),
  };
}

/** The completeness cells of a row of no edition: the whole hub's. */
function hubCells(hub: Hub): Row {
  const all = completenessCells(hub.editions.map((e) => e.completeness));
  return {
    ...Object.fromEntries(COMPLETENESS_COLUMNS.map((c) => [c, null])),
    completeness_of: ['*'],
    declared_size: all.declared_size ?? null,
    loaded_size: all.loaded_size ?? null,
    complete: all.complete ?? null,
  };
}

export interface DumpSheet {
  name: string;
  columns: string[];
  rows: AsyncGenerator<Cell[]>;
}

/** Every sheet of the dump, in order, read lazily; the first query runs before anything is returned (an outage is an error, never an empty file). */
export async function dumpSheets(run: RunQuery): Promise<DumpSheet[]> {
  const hub = await hubOf(run);
  const hubRow = hubCells(hub);
  const sheets: DumpSheet[] = TABLES.map((t) => ({
    name: t.name,
    columns: [...t.columns.map((c) => c.name), ...COMPLETENESS_COLUMNS],
    rows: (async function* () {
      for await (const { node, edition } of t.rows(run, hub)) {
        const cells = edition ? completenessCells([edition]) : hubRow;
        yield [...t.columns.map((c) => c.value(node)), ...COMPLETENESS_COLUMNS.map((c) => cells[c] ?? null)];
      }
    })(),
  }));
  sheets.push({
    name: COMPLETENESS_TABLE,
    columns: [...COMPLETENESS_COLUMNS],
    rows: (async function* () {
      for (const e of hub.editions) {
        const cells = completenessCells([e.completeness]);
        yield COMPLETENESS_COLUMNS.map((c) => cells[c] ?? null);
      }
    })(),
  });
  sheets.push(await dictionarySheet(run, sheets));
  return sheets;
}

const TYPE_REF = 'kind name ofType { kind name ofType { kind name ofType { kind name } } }';
interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}
const rendered = (t: TypeRef): string =>
  t.kind === 'NON_NULL' ? `${rendered(t.ofType!)}!` : t.kind === 'LIST' ? `[${rendered(t.ofType!)}]` : t.name!;
const named = (t: TypeRef): TypeRef => (t.ofType ? named(t.ofType) : t);

/**
 * The data dictionary (file, column, type, meaning, source field), generated from the schema by
 * introspection: a column's meaning is its GraphQL field's description.
 */
async function dictionarySheet(run: RunQuery, sheets: DumpSheet[]): Promise<DumpSheet> {
  const typeNames = [
    ...new Set([
      ...TABLES.flatMap((t) => t.columns.map((c) => c.of.split('.')[0]!)),
      ...Object.values(COMPLETENESS_MEANING).map(([of]) => of.split('.')[0]!),
    ]),
  ];
  const data = await answer(
    run,
    `{ ${typeNames.map((n, i) => `t${i}: __type(name: "${n}") { name fields { name description type { ${TYPE_REF} } } }`).join(' ')} }`,
  );
  const fieldOf = new Map<string, { description: string | null; type: TypeRef }>();
  for (const t of Object.values(data) as Answer[])
    for (const f of t?.fields ?? []) fieldOf.set(`${t.name}.${f.name}`, { description: f.description, type: f.type });
  const entry = (file: string, column: string, of: string, key: string | undefined, extra?: string): Cell[] => {
    const f = fieldOf.get(of);
    if (!f?.description)
      throw new ExportError('INTERNAL_SERVER_ERROR', `the dump's column ${file}.${column} names ${of}, which has no description`);
    const base = named(f.type);
    const isList = rendered(f.type).includes('[');
    const scalar = base.kind === 'SCALAR' || base.kind === 'ENUM';
    // completeness_of lists editions by their natural key, which is no single field's type.
    if (column === 'completeness_of')
      return [file, column, '[CatalogEdition catalog@label] (joined by " | ")', `${f.description} (${extra})`, of];
    const type = `${scalar ? rendered(f.type) : `${isList ? '[' : ''}${base.name} ${key ?? 'key'}${isList ? ']' : ''}`}${isList ? ' (joined by " | ")' : ''}`;
    return [file, column, type, extra ? `${f.description} (${extra})` : f.description, of];
  };
  const rows: Cell[][] = [];
  for (const t of TABLES) {
    for (const c of t.columns) rows.push(entry(`${t.name}.csv`, c.name, c.of, c.key));
    for (const c of COMPLETENESS_COLUMNS)
      rows.push(entry(`${t.name}.csv`, c, COMPLETENESS_MEANING[c][0], undefined, COMPLETENESS_MEANING[c][1]));
  }
  for (const c of COMPLETENESS_COLUMNS)
    rows.push(entry(`${COMPLETENESS_TABLE}.csv`, c, COMPLETENESS_MEANING[c][0], undefined, COMPLETENESS_MEANING[c][1]));
  // Every column of every file is described, and only those: a column added without a meaning fails here.
  const described = new Set(rows.map((r) => `${r[0]}:${r[1]}`));
  for (const s of sheets)
    for (const c of s.columns)
      if (!described.has(`${s.name}.csv:${c}`)) throw new ExportError('INTERNAL_SERVER_ERROR', `${s.name}.${c} is not described`);
  return {
    name: 'data_dictionary',
    columns: ['file', 'column', 'type', 'meaning', 'graphql_field'],
    rows: (async function* () {
      yield* rows;
    })(),
  };
}

const BOM = '\uFEFF';

/** The CSV text of a sheet, a row at a time (UTF-8 with a BOM, CRLF, lists joined by " | "). */
async function* csvOf(sheet: DumpSheet): AsyncGenerator<string> {
  yield `${BOM}${sheet.columns.join(',')}\r\n`;
  for await (const row of sheet.rows) yield `${row.map(csvCell).join(',')}\r\n`;
}

/**
 * `dump.zip`: one CSV per sheet, streamed. archiver reads one file's stream at a time, so only
 * the page being written is in memory. Resolves when the archive is written.
 */
export async function writeDumpZip(sheets: DumpSheet[], out: Writable): Promise<void> {
  const zip = archiver('zip', { zlib: { level: 6 } });
  const done = new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('warning', reject);
    out.on('error', reject);
    out.on('finish', resolve);
    out.on('close', resolve);
  });
  zip.pipe(out);
  for (const s of sheets) zip.append(Readable.from(csvOf(s)), { name: `${s.name}.csv` });
  await zip.finalize();
  await done;
}

/**
 * `dump.xlsx`: the same sheets through exceljs's streaming writer (rows committed as they come,
 * no shared-strings table kept in memory). Numbers and booleans are typed cells; lists are joined.
 */
export async function writeDumpXlsx(sheets: DumpSheet[], out: Writable): Promise<void> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
  for (const s of sheets) {
    const sheet = book.addWorksheet(s.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = s.columns.map((c) => ({ header: c, key: c }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    for await (const row of s.rows) sheet.addRow(row.map((v) => (Array.isArray(v) ? v.join(' | ') : v))).commit();
    sheet.commit();
  }
  await book.commit();
}
