import { and, not, or, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { FilterField, FilterFields, Via } from '../db/keyset.ts';
import { escapeLike } from '../db/like.ts';
import { jurisdictions } from '../db/tables/index.ts';
import { badInput, notFound } from '../errors.ts';
import { builder, filterConditions } from './builder.ts';

export { filterConditions };

import type { Context } from './context.ts';
import { loadAll } from './nodes.ts';

// NOTE: filters in the shape PostGraphile's connection-filter plugin gives its users
// (`filter: { name: { startsWith: "IEEE" }, or: [...], not: {...} }`), typed per field. A filter
// is checked whole before it compiles (size, depth, the codes it names), then compiled to one SQL
// condition whose values are all bound parameters: nothing a client writes is ever spliced into
// the SQL text.

/** Conditions (operators, wherever they sit) one filter may hold; each one adds to the cost. */
export const MAX_FILTER_CONDITIONS = 50;
/** How deep `and`, `or`, `not` and relation filters may nest. */
export const MAX_FILTER_DEPTH = 5;
/** Values one `in`, `notIn`, `overlaps` or `contains` may list. */
export const MAX_FILTER_VALUES = 100;

type Input = Record<string, unknown>;

/** How one field of a filter reads its value, with the GraphQL inputs of enums and relations resolved. */
export type Operand =
  | Exclude<FilterField, { type: 'enum' } | { type: 'relation' }>
  | { type: 'enum'; filter: EnumFilterRef; sql: SQLWrapper; via?: Via; description: string }
  | { type: 'relation'; filter: FilterRef; exists: (condition: SQL) => SQL; description: string };

export type FilterSpec = Record<string, Operand>;

// ---- the operator inputs ------------------------------------------------------------------

const describe = {
  equalTo: 'Equal to this value.',
  notEqualTo: 'Not equal to this value (a missing value matches neither).',
  in: `Equal to one of these values (at most ${MAX_FILTER_VALUES}).`,
  notIn: `Equal to none of these values (a missing value matches neither).`,
  isNull: 'true: the value is missing; false: it is present.',
  lessThan: 'Less than this value.',
  lessThanOrEqualTo: 'Less than or equal to this value.',
  greaterThan: 'Greater than this value.',
  greaterThanOrEqualTo: 'Greater than or equal to this value.',
};

export const StringFilter = builder.inputType('StringFilter', {
  description: 'Conditions on a text value. Case matters unless the operator says Insensitive.',
  fields: (t) => ({
    equalTo: t.string({ description: describe.equalTo }),
    notEqualTo: t.string({ description: describe.notEqualTo }),
    equalToInsensitive: t.string({ description: 'Equal to this value, any case.' }),
    in: t.stringList({ description: describe.in }),
    notIn: t.stringList({ description: describe.notIn }),
    isNull: t.boolean({ description: describe.isNull }),
    includes: t.string({ description: 'Contains this text.' }),
    includesInsensitive: t.string({ description: 'Contains this text, any case.' }),
    startsWith: t.string({ description: 'Starts with this text.' }),
    startsWithInsensitive: t.string({ description: 'Starts with this text, any case.' }),
  }),
});

export const BooleanFilter = builder.inputType('BooleanFilter', {
  description: 'Conditions on a true/false value.',
  fields: (t) => ({
    equalTo: t.boolean({ description: describe.equalTo }),
    notEqualTo: t.boolean({ description: describe.notEqualTo }),
  }),
});

export const DateFilter = builder.inputType('DateFilter', {
  description: 'Conditions on a calendar day (YYYY-MM-DD).',
  fields: (t) => ({
    equalTo: t.field({ type: 'Date', description: describe.equalTo }),
    notEqualTo: t.field({ type: 'Date', description: describe.notEqualTo }),
    in: t.field({ type: ['Date'], description: describe.in }),
    notIn: t.field({ type: ['Date'], description: describe.notIn }),
    isNull: t.boolean({ description: describe.isNull }),
    lessThan: t.field({ type: 'Date', description: 'Before this day.' }),
    lessThanOrEqualTo: t.field({ type: 'Date', description: 'On or before this day.' }),
    greaterThan: t.field({ type: 'Date', description: 'After this day.' }),
    greaterThanOrEqualTo: t.field({ type: 'Date', description: 'On or after this day.' }),
  }),
});

export const IntFilter = builder.inputType('IntFilter', {
  description: 'Conditions on a whole number.',
  fields: (t) => ({
    equalTo: t.int({ description: describe.equalTo }),
    notEqualTo: t.int({ description: describe.notEqualTo }),
    in: t.intList({ description: describe.in }),
    notIn: t.intList({ description: describe.notIn }),
    isNull: t.boolean({ description: describe.isNull }),
    lessThan: t.int({ description: describe.lessThan }),
    lessThanOrEqualTo: t.int({ description: describe.lessThanOrEqualTo }),
    greaterThan: t.int({ description: describe.greaterThan }),
    greaterThanOrEqualTo: t.int({ description: describe.greaterThanOrEqualTo }),
  }),
});

export const JurisdictionFilter = builder.inputType('JurisdictionFilter', {
  description: 'Conditions on a jurisdiction, by code ("CN-BJ"). A code the hub does not hold is NOT_FOUND.',
  fields: (t) => ({
    equalTo: t.string({ description: 'This jurisdiction.' }),
    notEqualTo: t.string({ description: 'Any other jurisdiction.' }),
    in: t.stringList({ description: `One of these jurisdictions (at most ${MAX_FILTER_VALUES}).` }),
    notIn: t.stringList({ description: 'None of these jurisdictions.' }),
    within: t.string({ description: 'This jurisdiction or one under it ("CN-GD": Guangdong, Guangzhou, Nansha, Shenzhen …).' }),
  }),
});

export const JurisdictionListFilter = builder.inputType('JurisdictionListFilter', {
  description:
    'Conditions on a set of jurisdictions (an agreement’s parties, a timeline event’s owners), by code. A code the hub does not hold is NOT_FOUND.',
  fields: (t) => ({
    anyEqualTo: t.string({ description: 'One of them is this jurisdiction.' }),
    overlaps: t.stringList({ description: 'One of them is one of these jurisdictions.' }),
    contains: t.stringList({ description: 'Every one of these jurisdictions is among them.' }),
    anyWithin: t.string({ description: 'One of them is this jurisdiction or one under it.' }),
  }),
});

export const StringListFilter = builder.inputType('StringListFilter', {
  description: 'Conditions on a set of codes (the lists that carry an entry).',
  fields: (t) => ({
    anyEqualTo: t.string({ description: 'One of them is this code.' }),
    overlaps: t.stringList({ description: 'One of them is one of these codes.' }),
    contains: t.stringList({ description: 'Every one of these codes is among them.' }),
  }),
});

export type EnumFilterRef = ReturnType<typeof enumFilter>;
const enumFilters = new Map<string, ReturnType<typeof makeEnumFilter>>();
function makeEnumFilter(enumName: string) {
  return builder.inputType(`${enumName}Filter`, {
    description: `Conditions on a ${enumName} value.`,
    fields: (t) => ({
      equalTo: t.field({ type: enumName as never, description: describe.equalTo }),
      notEqualTo: t.field({ type: enumName as never, description: describe.notEqualTo }),
      in: t.field({ type: [enumName as never], description: describe.in }),
      notIn: t.field({ type: [enumName as never], description: describe.notIn }),
      isNull: t.boolean({ description: describe.isNull }),
    }),
  });
}
/** The filter input of an enum (one per enum, shared by every filter that uses it). */
export function enumFilter(enumName: string) {
  let ref = enumFilters.get(enumName);
  if (!ref) {
    ref = makeEnumFilter(enumName);
    enumFilters.set(enumName, ref);
  }
  return ref;
}

// ---- the filter of a connection -----------------------------------------------------------

export interface FilterRef {
  name: string;
  ref: ReturnType<typeof builder.inputRef<Input>>;
  spec: () => FilterSpec;
}

const operandInput = (operand: Operand) => {
  switch (operand.type) {
    case 'string':
      return StringFilter;
    case 'boolean':
      return BooleanFilter;
    case 'date':
      return DateFilter;
    case 'int':
      return IntFilter;
    case 'enum':
      return operand.filter;
    case 'jurisdiction':
      return JurisdictionFilter;
    case 'jurisdictions':
      return JurisdictionListFilter;
    case 'strings':
      return StringListFilter;
    case 'relation':
      return operand.filter.ref;
  }
};

/**
 * A connection's filter input: one typed field per operand of `spec`, and `and`, `or`, `not`.
 * `spec` is read lazily, so filters may name each other (an entry's qualification).
 */
const filtersByName = new Map<string, FilterRef>();

/** A store's filter fields with their GraphQL inputs: an enum's filter, a related record's filter (by name). */
function resolveFields(fields: FilterFields): FilterSpec {
  return Object.fromEntries(
    Object.entries(fields).map(([key, field]: [string, FilterField]) => {
      if (field.type === 'enum') return [key, { ...field, filter: enumFilter(field.enum) }];
      if (field.type === 'relation') {
        const target = filtersByName.get(field.filter);
        if (!target) throw new Error(`filter ${field.filter} is not defined`);
        return [key, { ...field, filter: target }];
      }
      return [key, field];
    }),
  );
}

/**
 * A connection's filter input: one typed field per field of the store's `fields` (graphql
 * names them), and `and`, `or`, `not`. Read lazily, so filters may name each other.
 */
export function filterInput(name: string, description: string, fields: () => FilterFields): FilterRef {
  return filterOver(name, description, () => resolveFields(fields()));
}

function filterOver(name: string, description: string, spec: () => FilterSpec): FilterRef {
  const ref = builder.inputRef<Input>(name);
  let resolved: FilterSpec | undefined;
  const filter: FilterRef = { name, ref, spec: () => (resolved ??= spec()) };
  filtersByName.set(name, filter);
  ref.implement({
    description: `${description} Every condition given must hold; \`or\` and \`not\` combine filters.`,
    fields: (t) => ({
      ...Object.fromEntries(
        Object.entries(filter.spec()).map(([field, operand]) => [
          field,
          t.field({ type: operandInput(operand) as never, required: false, description: operand.description }),
        ]),
      ),
      and: t.field({ type: [ref], required: false, description: 'Every one of these filters holds.' }),
      or: t.field({ type: [ref], required: false, description: 'At least one of these filters holds.' }),
      not: t.field({ type: ref, required: false, description: 'This filter does not hold.' }),
    }),
  });
  return filter;
}

/** The jurisdiction codes a filter names, anywhere in it. */
function codesIn(value: unknown, spec: FilterSpec, into: Set<string>, depth: number, path: string): void {
  if (value === null || value === undefined) return;
  if (depth > MAX_FILTER_DEPTH) throw badInput(`${path} nests deeper than ${MAX_FILTER_DEPTH} levels`, { argument: path });
  for (const [key, v] of Object.entries(value as Input)) {
    if (v === null || v === undefined) continue;
    const at = `${path}.${key}`;
    if (key === 'and' || key === 'or') {
      if ((v as unknown[]).length === 0) throw badInput(`${at} needs at least one filter`, { argument: at });
      for (const [i, f] of (v as unknown[]).entries()) codesIn(f, spec, into, depth + 1, `${at}.${i}`);
      continue;
    }
    if (key === 'not') {
      codesIn(v, spec, into, depth + 1, at);
      continue;
    }
    const operand = spec[key]!;
    if (operand.type === 'relation') {
      codesIn(v, operand.filter.spec(), into, depth + 1, at);
      continue;
    }
    for (const [op, arg] of Object.entries(v as Input)) {
      if (Array.isArray(arg) && arg.length > MAX_FILTER_VALUES) {
        throw badInput(`${at}.${op} lists ${arg.length} values: at most ${MAX_FILTER_VALUES}`, { argument: `${at}.${op}` });
      }
      if ((operand.type === 'jurisdiction' || operand.type === 'jurisdictions') && arg !== null && arg !== undefined) {
        for (const code of Array.isArray(arg) ? arg : [arg]) into.add(String(code));
      }
    }
  }
}

/** Ids of every jurisdiction code a filter names, loaded in one batch; an unknown code is NOT_FOUND. */
async function jurisdictionIds(ctx: Context, codes: Set<string>): Promise<Map<string, number>> {
  if (codes.size === 0) return new Map();
  // NOTE: imported here, not at the top: the jurisdiction module builds filters of its own.
  const { JurisdictionRef } = await import('../modules/jurisdiction/jurisdiction.schema.ts');
  const list = [...codes];
  const found = await loadAll(JurisdictionRef.getDataloader(ctx), list);
  const missing = list.filter((_c, i) => !found[i]);
  if (missing.length > 0) throw notFound('jurisdiction', missing.join(', '));
  return new Map(list.map((c, i) => [c, (found[i] as { id: number }).id]));
}

/** `id` is `within` itself or any jurisdiction under it (by the parent links, however deep). */
const withinSql = (id: SQL, root: number) =>
  sql`${id} IN (WITH RECURSIVE under(id) AS (SELECT ${root}::int UNION SELECT j.id FROM jurisdictions j JOIN under ON j.parent_id = under.id) SELECT id FROM under)`;

const FALSE = sql`FALSE`;
const TRUE = sql`TRUE`;
const anyOf = (e: SQLWrapper, values: unknown[], cast: SQL) =>
  values.length === 0
    ? FALSE
    : sql`${e} IN (${sql.join(
        values.map((v) => sql`${v}${cast}`),
        sql`, `,
      )})`;

const castOf: Record<'string' | 'boolean' | 'date' | 'int' | 'enum', SQL> = {
  string: sql`::text`,
  boolean: sql`::boolean`,
  date: sql`::date`,
  int: sql`::int`,
  enum: sql``,
};

function scalarCondition(e: SQLWrapper, type: keyof typeof castOf, op: string, v: unknown): SQL {
  const c = castOf[type];
  const bound = sql`${v}${c}`;
  switch (op) {
    case 'equalTo':
      return sql`${e} = ${bound}`;
    case 'notEqualTo':
      return sql`${e} <> ${bound}`;
    case 'in':
      return anyOf(e, v as unknown[], c);
    case 'notIn':
      return (v as unknown[]).length === 0 ? sql`${e} IS NOT NULL` : sql`NOT (${anyOf(e, v as unknown[], c)})`;
    case 'isNull':
      return v ? sql`${e} IS NULL` : sql`${e} IS NOT NULL`;
    case 'lessThan':
      return sql`${e} < ${bound}`;
    case 'lessThanOrEqualTo':
      return sql`${e} <= ${bound}`;
    case 'greaterThan':
      return sql`${e} > ${bound}`;
    case 'greaterThanOrEqualTo':
      return sql`${e} >= ${bound}`;
    case 'equalToInsensitive':
      return sql`lower(${e}) = lower(${bound})`;
    case 'includes':
      return sql`${e} LIKE ${`%${escapeLike(String(v))}%`}`;
    case 'includesInsensitive':
      return sql`${e} ILIKE ${`%${escapeLike(String(v))}%`}`;
    case 'startsWith':
      return sql`${e} LIKE ${`${escapeLike(String(v))}%`}`;
    case 'startsWithInsensitive':
      return sql`${e} ILIKE ${`${escapeLike(String(v))}%`}`;
  }
  throw new Error(`operator ${op} of ${type}`);
}

/** A condition on the operand's value: on the related rows where the value sits on one (`via`), else on the expression itself. */
function viaOrSelf(operand: { sql: SQLWrapper; via?: Via | undefined }, op: string, v: unknown, condition: (e: SQLWrapper) => SQL): SQL {
  const via = operand.via;
  if (!via) return condition(operand.sql);
  // Missing: no related row (a null key), or a related row without the value.
  if (op === 'isNull' && v) return sql`(${via.key} IS NULL OR ${via.key} IN (${via.rows((e) => sql`${e} IS NULL`)}))`;
  return sql`${via.key} IN (${via.rows((e) => condition(e))})`;
}

function compileFilter(value: Input, spec: FilterSpec, ids: Map<string, number>): SQL | undefined {
  const parts: (SQL | undefined)[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (v === null || v === undefined) continue;
    if (key === 'and') parts.push(and(...(v as Input[]).map((f) => compileFilter(f, spec, ids) ?? TRUE)));
    else if (key === 'or') parts.push(or(...(v as Input[]).map((f) => compileFilter(f, spec, ids) ?? TRUE)));
    else if (key === 'not') parts.push(not(compileFilter(v as Input, spec, ids) ?? TRUE));
    else parts.push(compileOperand(spec[key]!, v as Input, ids));
  }
  return and(...parts);
}

function compileOperand(operand: Operand, ops: Input, ids: Map<string, number>): SQL | undefined {
  if (operand.type === 'relation') {
    const inner = compileFilter(ops, operand.filter.spec(), ids);
    return inner === undefined ? undefined : operand.exists(inner);
  }
  const parts: SQL[] = [];
  for (const [op, v] of Object.entries(ops)) {
    if (v === null || v === undefined) continue;
    switch (operand.type) {
      case 'string':
      case 'boolean':
      case 'date':
      case 'int':
      case 'enum':
        parts.push(viaOrSelf(operand, op, v, (e) => scalarCondition(e, operand.type, op, v)));
        break;
      case 'jurisdiction': {
        const id = (code: unknown) => ids.get(String(code))!;
        parts.push(
          viaOrSelf(operand, op, v, (e) =>
            op === 'within' ? withinSql(sql`${e}`, id(v)) : scalarCondition(e, 'int', op, Array.isArray(v) ? v.map(id) : id(v)),
          ),
        );
        break;
      }
      case 'jurisdictions':
      case 'strings': {
        const values: unknown[] =
          operand.type === 'jurisdictions' ? (Array.isArray(v) ? v : [v]).map((c) => ids.get(String(c))!) : Array.isArray(v) ? v : [v];
        const cast = operand.type === 'jurisdictions' ? sql`::int` : sql`::text`;
        if (op === 'anyWithin') parts.push(operand.some((x) => withinSql(x, values[0] as number)));
        else if (op === 'contains') parts.push(and(...values.map((x) => operand.some((e) => sql`${e} = ${x}${cast}`))) ?? TRUE);
        else parts.push(operand.some((e) => anyOf(e, values, cast)));
        break;
      }
    }
  }
  return and(...parts);
}

/**
 * The SQL condition of a connection's filter (undefined without one), after checking it: its
 * size (BAD_USER_INPUT over the limits) and the jurisdiction codes it names (NOT_FOUND).
 */
export async function filterSql(ctx: Context, filter: FilterRef, value: Input | null | undefined): Promise<SQL | undefined> {
  if (value === null || value === undefined) return undefined;
  return compileFilter(value, filter.spec(), await checked(ctx, filter, value));
}

/** Checks a filter's size and depth, and loads the ids of the jurisdiction codes it names (NOT_FOUND for one the hub lacks). */
async function checked(ctx: Context, filter: FilterRef, value: Input): Promise<Map<string, number>> {
  const n = filterConditions(value);
  if (n > MAX_FILTER_CONDITIONS) {
    throw badInput(`filter holds ${n} conditions: at most ${MAX_FILTER_CONDITIONS}`, { argument: 'filter' });
  }
  const codes = new Set<string>();
  codesIn(value, filter.spec(), codes, 1, 'filter');
  return await jurisdictionIds(ctx, codes);
}

// ---- the same filters over rows in memory (computed lists: the timeline) -----------------------

/** How one field of an in-memory filter reads its value off a row. */
export type RowOperand<R> =
  | { type: 'date' | 'enum' | 'string'; get: (row: R) => string | null; description: string; filter?: EnumFilterRef }
  | { type: 'jurisdictions'; get: (row: R) => number[]; description: string };

/** A filter over rows already computed, with the same inputs and the same validation as a SQL filter. */
export function rowFilterInput<R>(name: string, description: string, spec: Record<string, RowOperand<R>>): FilterRef {
  const asSql: FilterSpec = Object.fromEntries(
    Object.entries(spec).map(([k, o]) => [
      k,
      o.type === 'jurisdictions'
        ? { type: 'jurisdictions', some: () => TRUE, description: o.description }
        : o.type === 'enum'
          ? { type: 'enum', filter: o.filter!, sql: TRUE, description: o.description }
          : { type: o.type, sql: TRUE, description: o.description },
    ]),
  );
  const ref = filterOver(name, description, () => asSql);
  rowSpecs.set(ref, spec as Record<string, RowOperand<unknown>>);
  return ref;
}
const rowSpecs = new Map<FilterRef, Record<string, RowOperand<unknown>>>();

function holds(value: string | null, op: string, v: unknown): boolean {
  if (op === 'isNull') return (value === null) === v;
  // As in SQL: a missing value passes no other condition (not even notEqualTo).
  if (value === null) return false;
  switch (op) {
    case 'equalTo':
      return value === v;
    case 'notEqualTo':
      return value !== v;
    case 'in':
      return (v as unknown[]).includes(value);
    case 'notIn':
      return !(v as unknown[]).includes(value);
    case 'lessThan':
      return value < String(v);
    case 'lessThanOrEqualTo':
      return value <= String(v);
    case 'greaterThan':
      return value > String(v);
    case 'greaterThanOrEqualTo':
      return value >= String(v);
    case 'equalToInsensitive':
      return value.toLowerCase() === String(v).toLowerCase();
    case 'includes':
      return value.includes(String(v));
    case 'includesInsensitive':
      return value.toLowerCase().includes(String(v).toLowerCase());
    case 'startsWith':
      return value.startsWith(String(v));
    case 'startsWithInsensitive':
      return value.toLowerCase().startsWith(String(v).toLowerCase());
  }
  throw new Error(`operator ${op}`);
}

/** A row predicate for a filter made by `rowFilterInput`, checked like `filterSql` (size, codes). */
export async function rowPredicate<R>(ctx: Context, filter: FilterRef, value: Input | null | undefined): Promise<(row: R) => boolean> {
  if (value === null || value === undefined) return () => true;
  const ids = await checked(ctx, filter, value);
  const spec = rowSpecs.get(filter)!;
  const under = await descendants(ctx, [...ids.values()]);
  const test = (row: R, f: Input): boolean =>
    Object.entries(f).every(([key, v]) => {
      if (v === null || v === undefined) return true;
      if (key === 'and') return (v as Input[]).every((g) => test(row, g));
      if (key === 'or') return (v as Input[]).some((g) => test(row, g));
      if (key === 'not') return !test(row, v as Input);
      const operand = spec[key]!;
      return Object.entries(v as Input).every(([op, arg]) => {
        if (arg === null || arg === undefined) return true;
        if (operand.type !== 'jurisdictions') return holds(operand.get(row), op, arg);
        const mine = operand.get(row);
        const wanted = (Array.isArray(arg) ? arg : [arg]).map((c) => ids.get(String(c))!);
        if (op === 'anyWithin') return mine.some((j) => under.get(wanted[0]!)!.has(j));
        if (op === 'contains') return wanted.every((j) => mine.includes(j));
        return mine.some((j) => wanted.includes(j));
      });
    });
  return (row: R) => test(row, value);
}

/** Each of these jurisdictions with every jurisdiction under it: one statement over the (bounded) jurisdiction tree. */
async function descendants(ctx: Context, roots: number[]): Promise<Map<number, Set<number>>> {
  const result = new Map<number, Set<number>>(roots.map((r) => [r, new Set([r])]));
  if (roots.length === 0) return result;
  const tree = await ctx.db.select({ id: jurisdictions.id, parentId: jurisdictions.parentId }).from(jurisdictions);
  for (const [root, under] of result) {
    for (let grew = true; grew; ) {
      grew = false;
      for (const j of tree) {
        if (j.parentId !== null && under.has(j.parentId) && !under.has(j.id)) {
          under.add(j.id);
          grew = true;
        }
      }
    }
    result.set(root, under);
  }
  return result;
}
