import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { type BundleInput, bundleInput, SECTION_RECORDS } from './bundle.format.ts';

export interface Problem {
  /** Where: the file and the record, named by natural keys (`catalogs[x].editions[2.0]`). */
  record: string;
  message: string;
}

export class BundleRejected extends Error {
  constructor(readonly problems: Problem[]) {
    super(
      `Bundle refused, nothing was written: ${problems.length} problem(s)\n${problems.map((p) => `  - ${p.record}: ${p.message}`).join('\n')}`,
    );
    this.name = 'BundleRejected';
  }
}

type ArrayKeys = Exclude<keyof BundleInput, '$schema' | 'name' | 'description'>;
export const SECTIONS = [
  'jurisdictions',
  'regionGroups',
  'authorities',
  'instruments',
  'organisations',
  'fields',
  'qualifications',
  'occupations',
  'categories',
  'benefits',
  'standards',
  'pointsSchemes',
  'catalogs',
  'agreements',
] as const satisfies readonly ArrayKeys[];

/** Several bundles read together: one logical bundle, remembering which file each record came from. */
export interface MergedBundle {
  names: string[];
  data: Pick<BundleInput, ArrayKeys>;
  origin: WeakMap<object, string>;
}

export function emptyMerged(): MergedBundle {
  const data = Object.fromEntries(SECTIONS.map((s) => [s, []])) as unknown as MergedBundle['data'];
  return { names: [], data, origin: new WeakMap() };
}

/** Lists the bundle files of a path: the file itself, or every *.json of a folder but JSON Schemas. */
export function bundleFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
    .sort()
    .map((f) => join(path, f));
}

/** Parses and format-checks bundles from files or folders; collects every problem before refusing. */
export function readBundles(paths: string[]): MergedBundle {
  const merged = emptyMerged();
  const problems: Problem[] = [];
  for (const file of paths.flatMap(bundleFiles)) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      problems.push({ record: basename(file), message: `not readable JSON: ${(error as Error).message}` });
      continue;
    }
    addBundle(merged, raw, basename(file), problems);
  }
  if (problems.length > 0) throw new BundleRejected(problems);
  return merged;
}

/** Adds one parsed bundle object (from a file or a test) to a merged bundle. */
/**
 * Strings holding the NUL character, which PostgreSQL text cannot store: found before the
 * format is checked, so a bundle with one is refused with its place, never sent to the database
 * (where it failed with the whole statement and its parameters in the message).
 */
function nulProblems(raw: unknown, label: string): Problem[] {
  const found: Problem[] = [];
  const walk = (value: unknown, path: (string | number)[]) => {
    if (typeof value === 'string') {
      if (value.includes('\u0000'))
        found.push({ record: `${label}: ${describePath(raw, path)}`, message: 'a NUL character (\\u0000) cannot be stored' });
    } else if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) walk(v, [...path, i]);
    } else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
  };
  walk(raw, []);
  return found;
}

export function addBundle(merged: MergedBundle, raw: unknown, label: string, problems: Problem[]): void {
  const nul = nulProblems(raw, label);
  if (nul.length > 0) {
    problems.push(...nul);
    return;
  }
  const parsed = bundleInput.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push({ record: `${label}: ${describePath(raw, issue.path)}`, message: issue.message });
    }
    return;
  }
  merged.names.push(parsed.data.name);
  for (const section of SECTIONS) {
    for (const record of parsed.data[section]) {
      merged.origin.set(record, label);
      (merged.data[section] as object[]).push(record);
    }
  }
}

/** Turns a zod path into natural keys where it can: catalogs[beijing-…].editions[2.0].validTo. */
function describePath(raw: unknown, path: readonly PropertyKey[]): string {
  let node: unknown = raw;
  let out = '';
  for (const key of path) {
    if (typeof key === 'number' && Array.isArray(node)) {
      const item = node[key] as Record<string, unknown> | undefined;
      const natural = item && (item.slug ?? item.code ?? item.label ?? item.qualification ?? item.occupation);
      out += `[${typeof natural === 'string' ? natural : key}]`;
      node = item;
    } else {
      out += out ? `.${String(key)}` : String(key);
      node = node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined;
    }
  }
  return out || '(bundle)';
}

export function bundleFromObjects(objects: unknown[]): MergedBundle {
  const merged = emptyMerged();
  const problems: Problem[] = [];
  for (const [i, o] of objects.entries()) addBundle(merged, o, `bundle#${i + 1}`, problems);
  if (problems.length > 0) throw new BundleRejected(problems);
  return merged;
}

/**
 * Reads one bundle object record by record: the records in the format go on to the other checks
 * (references, dates, overlaps), the others are reported. So a bundle's problems come in one
 * pass, not format first and the rest on the next try (importBundle).
 */
export function bundleWithProblems(raw: unknown, label: string): { merged: MergedBundle; problems: Problem[] } {
  const merged = emptyMerged();
  const problems: Problem[] = nulProblems(raw, label);
  if (problems.length > 0) return { merged, problems };
  const whole = bundleInput.safeParse(raw);
  if (whole.success) {
    addBundle(merged, raw, label, problems);
    return { merged, problems };
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    return { merged, problems: [{ record: label, message: 'a bundle is a JSON object' }] };
  }
  const obj = raw as Record<string, unknown>;
  const known = new Set<string>(['$schema', 'name', 'description', ...SECTIONS]);
  for (const key of Object.keys(obj))
    if (!known.has(key)) problems.push({ record: `${label}: ${key}`, message: 'not a section of the bundle format' });
  const name = typeof obj.name === 'string' && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(obj.name) ? obj.name : undefined;
  if (!name) problems.push({ record: `${label}: name`, message: 'a bundle has a name in lowercase kebab-case' });
  merged.names.push(name ?? 'bundle');
  for (const section of SECTIONS) {
    const list = obj[section];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      problems.push({ record: `${label}: ${section}`, message: 'a section is a list' });
      continue;
    }
    list.forEach((item, i) => {
      const parsed = SECTION_RECORDS[section].safeParse(item);
      if (parsed.success) {
        merged.origin.set(parsed.data as object, label);
        (merged.data[section] as object[]).push(parsed.data as object);
      } else {
        for (const issue of parsed.error.issues) {
          problems.push({ record: `${label}: ${describePath(raw, [section, i, ...issue.path])}`, message: issue.message });
        }
      }
    });
  }
  return { merged, problems };
}
