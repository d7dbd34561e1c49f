import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { rows } from '../src/db/client.ts';
import { parseCsv } from '../src/modules/export/export.service.ts';
import { COMPLETENESS_COLUMNS } from './helpers/exports.ts';
import { seededWorld } from './helpers/hub.ts';

// The analyst's dump (issue 15): one CSV per entity, a data dictionary generated from the schema,
// the completeness on every table; the same as an .xlsx.

const world = seededWorld();

const FILES: Record<string, { table: string; columns: string[] }> = {
  fields: { table: 'fields', columns: ['code', 'name', 'name_zh', 'description', 'note'] },
  jurisdictions: { table: 'jurisdictions', columns: ['code', 'name', 'name_zh', 'level', 'parent', 'mainland'] },
  instruments: {
    table: 'instruments',
    columns: [
      'slug',
      'kind',
      'title',
      'title_zh',
      'document_number',
      'issued_on',
      'issued_on_precision',
      'url',
      'reliability',
      'repeals',
      'note',
    ],
  },
  organisations: { table: 'organisations', columns: ['slug', 'name', 'name_zh', 'abbreviation', 'country', 'verified', 'note'] },
  qualifications: { table: 'qualifications', columns: ['slug', 'name', 'name_zh', 'abbreviation', 'issuer', 'field', 'verified', 'note'] },
  catalogs: { table: 'catalogs', columns: ['slug', 'name', 'name_zh', 'kind', 'jurisdiction', 'note'] },
  editions: {
    table: 'catalog_editions',
    columns: ['catalog', 'label', 'title', 'title_zh', 'status', 'issued_on', 'issued_on_precision', 'repealed_on', 'lists'],
  },
  lists: {
    table: 'catalog_lists',
    columns: ['catalog', 'edition', 'code', 'name', 'name_zh', 'position', 'list_declared_size', 'list_loaded_size', 'note'],
  },
  entries: {
    table: 'catalog_entries',
    columns: [
      'catalog',
      'edition',
      'qualification',
      'occupation',
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
  },
  standards: { table: 'standards', columns: ['slug', 'name', 'name_zh', 'scope', 'jurisdiction'] },
  standard_versions: {
    table: 'standard_versions',
    columns: [
      'standard',
      'label',
      'title',
      'title_zh',
      'status',
      'categories',
      'valid_from',
      'valid_from_precision',
      'valid_to',
      'valid_to_precision',
      'repealed_on',
      'sources',
      'verified',
    ],
  },
  agreements: {
    table: 'recognition_agreements',
    columns: [
      'slug',
      'name',
      'name_zh',
      'kind',
      'direction',
      'status',
      'parties',
      'category',
      'catalog',
      'qualification',
      'equivalent_qualification',
      'valid_from',
      'valid_from_precision',
      'valid_to',
      'valid_to_precision',
      'repealed_on',
      'sources',
      'verified',
    ],
  },
};
const ORDER = [...Object.keys(FILES), 'completeness', 'data_dictionary'];

async function counts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [name, { table }] of Object.entries(FILES))
    out[name] = (await rows<{ n: number }>(world.db.database.db, sql.raw(`SELECT count(*)::int AS n FROM ${table}`)))[0]!.n;
  return out;
}

type Table = { header: string[]; records: Record<string, string>[] };
async function zipTables(): Promise<{ names: string[]; tables: Record<string, Table> }> {
  const res = await fetch(`${world.hub.url}/export/dump.zip`);
  expect([res.status, res.headers.get('content-type'), res.headers.get('content-disposition')]).toEqual([
    200,
    'application/zip',
    'attachment; filename="talent-hub-dump.zip"',
  ]);
  const zip = await JSZip.loadAsync(await res.arrayBuffer());
  const names = Object.keys(zip.files);
  const tables: Record<string, Table> = {};
  for (const name of names) {
    const bytes = await zip.file(name)!.async('uint8array');
    expect([name, ...bytes.slice(0, 3)]).toEqual([name, 0xef, 0xbb, 0xbf]);
    const [header, ...data] = parseCsv(new TextDecoder().decode(bytes));
    expect([name, new Set(header).size]).toEqual([name, header!.length]);
    tables[name.replace(/\.csv$/, '')] = {
      header: header!,
      records: data.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!]))),
    };
  }
  return { names, tables };
}

describe('GET /export/dump.zip', () => {
  it('holds one CSV per entity with its columns and the completeness columns, as many rows as the database', async () => {
    const { names, tables } = await zipTables();
    expect(names).toEqual(ORDER.map((n) => `${n}.csv`));
    for (const [name, { columns }] of Object.entries(FILES))
      expect([name, tables[name]!.header]).toEqual([name, [...columns, ...COMPLETENESS_COLUMNS]]);
    expect(tables.completeness!.header).toEqual(COMPLETENESS_COLUMNS);
    expect(Object.fromEntries(Object.keys(FILES).map((n) => [n, tables[n]!.records.length]))).toEqual(await counts());
    expect(tables.completeness!.records.length).toBe((await counts()).editions);
  });

  it('says on every row how complete the data behind it is: its edition, or the whole hub', async () => {
    const { tables } = await zipTables();
    const bj3 = tables.entries!.records.filter((r) => r.catalog === 'beijing-professional-qualifications' && r.edition === '3.0');
    expect(
      bj3.map((r) => [r.completeness_of, r.declared_size, r.loaded_size, r.complete, r.edition_valid_from, r.edition_valid_to_precision]),
    ).toEqual(Array(7).fill(['beijing-professional-qualifications@3.0', '122', '7', 'false', '2023-09-04', 'YEAR']));
    for (const r of tables.entries!.records) expect(r.completeness_of).toBe(`${r.catalog}@${r.edition}`);
    for (const r of tables.editions!.records) expect(r.completeness_of).toBe(`${r.catalog}@${r.label}`);
    const loaded = String((await counts()).entries);
    for (const name of ['fields', 'jurisdictions', 'instruments', 'organisations', 'qualifications', 'catalogs', 'standards', 'agreements'])
      for (const r of tables[name]!.records)
        expect([name, r.completeness_of, r.loaded_size, r.complete, r.edition_valid_from]).toEqual([name, '*', loaded, 'false', '']);
    expect(tables.jurisdictions!.records.find((r) => r.code === 'CN-GD-SZ')).toEqual({
      code: 'CN-GD-SZ',
      name: 'Shenzhen',
      name_zh: '深圳市',
      level: 'MUNICIPAL',
      parent: 'CN-GD',
      mainland: 'true',
      completeness_of: '*',
      declared_size: '',
      loaded_size: loaded,
      complete: 'false',
      edition_valid_from: '',
      edition_valid_from_precision: '',
      edition_valid_to: '',
      edition_valid_to_precision: '',
      edition_source_titles: '',
      edition_source_urls: '',
    });
    expect(tables.fields!.records.find((r) => r.code === 'finance-management')).toMatchObject({
      name: 'Finance and management',
      name_zh: '金融与管理',
    });
  });

  it("has a data dictionary, generated from the schema's descriptions, for every column of every file", async () => {
    const { tables } = await zipTables();
    const dictionary = tables.data_dictionary!;
    expect(dictionary.header).toEqual(['file', 'column', 'type', 'meaning', 'graphql_field']);
    const described = dictionary.records.map((r) => `${r.file}:${r.column}`);
    const columns = Object.entries(tables)
      .filter(([name]) => name !== 'data_dictionary')
      .flatMap(([name, t]) => t.header.map((h) => `${name}.csv:${h}`));
    expect([...described].sort()).toEqual([...columns].sort());
    for (const r of dictionary.records)
      expect([r.file, r.column, (r.meaning ?? '').length > 0, (r.type ?? '').length > 0]).toEqual([r.file, r.column, true, true]);
    const row = (file: string, column: string) => dictionary.records.find((r) => r.file === file && r.column === column);
    const { body } = await world.hub.gql('{ __type(name: "Qualification") { fields { name description } } }');
    const slug = body.data.__type.fields.find((f: { name: string }) => f.name === 'slug').description;
    expect(row('qualifications.csv', 'slug')).toEqual({
      file: 'qualifications.csv',
      column: 'slug',
      type: 'String!',
      meaning: slug,
      graphql_field: 'Qualification.slug',
    });
    expect(row('qualifications.csv', 'issuer')).toMatchObject({ type: 'Organisation slug', graphql_field: 'Qualification.issuer' });
    expect(row('entries.csv', 'lists')).toMatchObject({
      type: '[CatalogList code] (joined by " | ")',
      graphql_field: 'CatalogEntry.lists',
    });
    expect(row('entries.csv', 'completeness_of')).toMatchObject({ type: '[CatalogEdition catalog@label] (joined by " | ")' });
    expect(row('entries.csv', 'declared_size')).toMatchObject({ type: 'Int', graphql_field: 'CatalogEdition.declaredSize' });
  });
});

describe('GET /export/dump.xlsx', () => {
  it('opens in exceljs with the same sheets, headers and rows as the zip, typed cells and the completeness on every data sheet', async () => {
    const res = await fetch(`${world.hub.url}/export/dump.xlsx`);
    expect([res.status, res.headers.get('content-type')]).toEqual([
      200,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    const { tables } = await zipTables();
    expect(book.worksheets.map((w) => w.name)).toEqual(ORDER);
    for (const sheet of book.worksheets) {
      const values = sheet.getSheetValues().slice(1) as unknown[][];
      const header = (values[0] ?? []).slice(1);
      const t = tables[sheet.name]!;
      expect([sheet.name, header]).toEqual([sheet.name, t.header]);
      expect([sheet.name, sheet.actualRowCount - 1]).toEqual([sheet.name, t.records.length]);
      if (sheet.name !== 'data_dictionary') expect(header.slice(-COMPLETENESS_COLUMNS.length)).toEqual(COMPLETENESS_COLUMNS);
      // Cell by cell, the same text as the CSV.
      const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));
      expect(values.slice(1).map((r) => t.header.map((_h, i) => text(r[i + 1])))).toEqual(t.records.map((r) => t.header.map((h) => r[h])));
    }
    // Numbers and booleans are typed cells, not text.
    const editions = book.getWorksheet('editions')!;
    const head = (editions.getRow(1).values as unknown[]).slice(1);
    const first = editions.getRow(2);
    expect([typeof first.getCell(head.indexOf('loaded_size') + 1).value, typeof first.getCell(head.indexOf('complete') + 1).value]).toEqual(
      ['number', 'boolean'],
    );
  });
});
