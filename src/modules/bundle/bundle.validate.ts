import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import * as t from '../../db/tables/index.ts';
import { parseFuzzyDate } from '../time/dates.ts';
import { endOf } from '../time/validity.ts';
import type { Indicator } from './bundle.format.ts';
import type { MergedBundle, Problem } from './bundle.read.ts';

/** What an entry lists, as a key: its qualification, or its occupation by code or by name (unique per edition). */
function entrySubject(x: {
  qualification?: string | undefined;
  occupation?: string | undefined;
  occupationNameZh?: string | undefined;
}): string {
  if (x.qualification !== undefined) return x.qualification;
  return x.occupation !== undefined ? `occupation ${x.occupation}` : `occupation named ${x.occupationNameZh}`;
}

type RefKind =
  | 'jurisdiction'
  | 'group'
  | 'authority'
  | 'instrument'
  | 'organisation'
  | 'field'
  | 'qualification'
  | 'occupation'
  | 'category'
  | 'benefit'
  | 'standard'
  | 'catalog';

interface Span {
  owner: string;
  label: string;
  record: string;
  from: string;
  end: string | null;
}

/**
 * Checks what the format cannot: references resolve (in the bundle or the database), natural keys
 * are unique, dates are real days in order, and no two published editions (or standard versions)
 * of one series overlap. Returns every problem, each named by its record.
 */
export async function validateBundle(db: Db, bundle: MergedBundle, options: { correction?: boolean } = {}): Promise<Problem[]> {
  const problems: Problem[] = [];
  const d = bundle.data;
  const where = (record: object, path: string) => `${bundle.origin.get(record) ?? 'bundle'}: ${path}`;
  const defined = new Map<RefKind, Set<string>>();
  const refs: { kind: RefKind; key: string; record: string }[] = [];
  const define = (kind: RefKind, key: string, record: string) => {
    const set = defined.get(kind) ?? new Set<string>();
    if (set.has(key)) problems.push({ record, message: `duplicate ${kind} '${key}' in the bundle` });
    set.add(key);
    defined.set(kind, set);
  };
  const ref = (kind: RefKind, key: string | undefined, record: string) => {
    if (key !== undefined) refs.push({ kind, key, record });
  };
  const unique = (keys: string[], what: string, record: string) => {
    const seen = new Set<string>();
    for (const k of keys) {
      if (seen.has(k)) problems.push({ record, message: `duplicate ${what} '${k}'` });
      seen.add(k);
    }
  };
  const day = (value: string | undefined, record: string, field: string): string | null => {
    if (value === undefined) return null;
    const parsed = parseFuzzyDate(value);
    if (!parsed) problems.push({ record, message: `${field} '${value}' is not a real date` });
    return parsed?.date ?? null;
  };
  const sources = (list: { instrument: string }[], record: string) => {
    unique(
      list.map((s) => s.instrument),
      'source',
      record,
    );
    for (const s of list) ref('instrument', s.instrument, record);
  };
  /** Dates of a published thing: order checks, and the span it is in force, for overlap checks. */
  const validity = (
    v: {
      validFrom: string;
      validTo?: string | undefined;
      repealedOn?: string | undefined;
      repealedBy?: string | undefined;
      issuedOn?: string | undefined;
    },
    record: string,
  ): { from: string; end: string | null } | null => {
    day(v.issuedOn, record, 'issuedOn');
    const from = day(v.validFrom, record, 'validFrom');
    const to = day(v.validTo, record, 'validTo');
    const repealed = day(v.repealedOn, record, 'repealedOn');
    if ((v.repealedOn === undefined) !== (v.repealedBy === undefined)) {
      problems.push({ record, message: 'repealedOn and repealedBy go together: name the day and the repealing instrument' });
    }
    ref('instrument', v.repealedBy, record);
    if (from && to && to <= from) {
      problems.push({ record, message: `validTo ${v.validTo} must be after validFrom ${v.validFrom} (validTo is exclusive)` });
      return null;
    }
    if (from && repealed && repealed < from)
      problems.push({ record, message: `repealedOn ${v.repealedOn} is before validFrom ${v.validFrom}` });
    if (!from) return null;
    return { from, end: endOf({ validTo: to, repealedOn: repealed }) };
  };

  for (const j of d.jurisdictions) {
    const r = where(j, `jurisdictions[${j.code}]`);
    define('jurisdiction', j.code, r);
    ref('jurisdiction', j.parent, r);
    if ((j.level === 'NATIONAL') !== (j.parent === undefined))
      problems.push({ record: r, message: 'the national level has no parent; every other jurisdiction has one' });
    if (j.parent && !j.code.startsWith(`${j.parent}-`) && j.parent !== 'CN')
      problems.push({ record: r, message: `code must extend its parent's code '${j.parent}'` });
  }
  for (const g of d.regionGroups) {
    const r = where(g, `regionGroups[${g.slug}]`);
    define('group', g.slug, r);
    unique(g.members, 'member', r);
    for (const m of g.members) ref('jurisdiction', m, r);
  }
  for (const a of d.authorities) {
    const r = where(a, `authorities[${a.slug}]`);
    define('authority', a.slug, r);
    ref('jurisdiction', a.jurisdiction, r);
  }
  for (const i of d.instruments) {
    const r = where(i, `instruments[${i.slug}]`);
    define('instrument', i.slug, r);
    day(i.issuedOn, r, 'issuedOn');
    for (const a of i.authorities) ref('authority', a, r);
    for (const x of i.repeals) ref('instrument', x, r);
    if (i.repeals.includes(i.slug)) problems.push({ record: r, message: 'an instrument cannot repeal itself' });
  }
  for (const o of d.organisations) define('organisation', o.slug, where(o, `organisations[${o.slug}]`));
  for (const f of d.fields) define('field', f.code, where(f, `fields[${f.code}]`));
  for (const q of d.qualifications) {
    const r = where(q, `qualifications[${q.slug}]`);
    define('qualification', q.slug, r);
    ref('organisation', q.issuer, r);
    ref('field', q.field, r);
    unique(
      q.aliases.map((a) => a.alias),
      'alias',
      r,
    );
  }
  for (const o of d.occupations) {
    const r = where(o, `occupations[${o.code}]`);
    define('occupation', o.code, r);
    const depth = o.code.split('-').length;
    const expected = ['MAJOR', 'MIDDLE', 'MINOR', 'OCCUPATION'][depth - 1];
    if (o.level !== expected) problems.push({ record: r, message: `a code of ${depth} part(s) is level ${expected}, not ${o.level}` });
    if (o.parent !== undefined) {
      ref('occupation', o.parent, r);
      if (!o.code.startsWith(`${o.parent}-`)) problems.push({ record: r, message: `parent '${o.parent}' is not a prefix of the code` });
    }
  }
  for (const c of d.categories) {
    const r = where(c, `categories[${c.code}]`);
    define('category', c.code, r);
    ref('jurisdiction', c.jurisdiction, r);
  }
  for (const b of d.benefits) {
    const r = where(b, `benefits[${b.slug}]`);
    define('benefit', b.slug, r);
    sources(b.sources, r);
  }

  const spans: Span[] = [];
  for (const s of d.standards) {
    const r = where(s, `standards[${s.slug}]`);
    define('standard', s.slug, r);
    ref('jurisdiction', s.jurisdiction, r);
    unique(
      s.versions.map((v) => v.label),
      'version label',
      r,
    );
    for (const v of s.versions) {
      const rv = `${r}.versions[${v.label}]`;
      const span = validity(v, rv);
      if (span && v.status === 'PUBLISHED') spans.push({ owner: `standard:${s.slug}`, label: v.label, record: rv, ...span });
      day(v.submittedOn, rv, 'submittedOn');
      day(v.approvedOn, rv, 'approvedOn');
      ref('authority', v.approvedBy, rv);
      unique(v.categories, 'category', rv);
      for (const c of v.categories) ref('category', c, rv);
      for (const c of v.criteria) {
        if (!v.categories.includes(c.category))
          problems.push({ record: rv, message: `criterion for category '${c.category}', which this version does not confer` });
      }
      for (const b of v.benefits) {
        ref('benefit', b.benefit, rv);
        if (b.category !== undefined && !v.categories.includes(b.category))
          problems.push({
            record: rv,
            message: `benefit '${b.benefit}' names category '${b.category}', which this version does not confer`,
          });
      }
      sources(v.sources, rv);
    }
  }
  const versionKeys = new Set(d.standards.flatMap((s) => s.versions.map((v) => `${s.slug}@${v.label}`)));
  const schemeVersionRefs: { key: string; record: string }[] = [];
  for (const p of d.pointsSchemes) {
    const r = where(p, `pointsSchemes[${p.slug}]`);
    ref('jurisdiction', p.jurisdiction, r);
    if (p.standard) {
      ref('standard', p.standard.slug, r);
      const key = `${p.standard.slug}@${p.standard.version}`;
      if (!versionKeys.has(key)) schemeVersionRefs.push({ key, record: r });
    }
    const codes: string[] = [];
    const measures: string[] = [];
    const walk = (list: Indicator[]) =>
      list.forEach((i) => {
        codes.push(i.code);
        if (i.measure) measures.push(i.measure);
        for (const message of bandProblems(i)) problems.push({ record: r, message: `indicator '${i.code}': ${message}` });
        walk(i.children);
      });
    walk(p.indicators);
    unique(codes, 'indicator code', r);
    unique(measures, 'indicator measure', r);
    if (p.regionalBonuses.length > 0 && !measures.includes('LOCAL_BONUS')) {
      problems.push({ record: r, message: 'regional bonuses need an indicator whose measure is LOCAL_BONUS' });
    }
    unique(
      p.regionalBonuses.map((b) => b.jurisdiction),
      'regional bonus jurisdiction',
      r,
    );
    for (const b of p.regionalBonuses) {
      const rb = `${r}.regionalBonuses[${b.jurisdiction}]`;
      ref('jurisdiction', b.jurisdiction, rb);
      unique(
        b.provisions.map((x) => x.code),
        'provision code',
        rb,
      );
      sources(b.sources, rb);
    }
    unique(
      p.thresholds.map((x) => x.category),
      'threshold category',
      r,
    );
    for (const x of p.thresholds) ref('category', x.category, r);
    sources(p.sources, r);
  }
  unique(
    d.pointsSchemes.map((p) => p.slug),
    'points scheme',
    'pointsSchemes',
  );

  for (const c of d.catalogs) {
    const r = where(c, `catalogs[${c.slug}]`);
    define('catalog', c.slug, r);
    ref('jurisdiction', c.jurisdiction, r);
    unique(
      c.editions.map((e) => e.label),
      'edition label',
      r,
    );
    for (const e of c.editions) {
      const re = `${r}.editions[${e.label}]`;
      const span = validity(e, re);
      if (span && e.status === 'PUBLISHED') spans.push({ owner: `catalog:${c.slug}`, label: e.label, record: re, ...span });
      sources(e.sources, re);
      const listCodes = e.lists.map((l) => l.code);
      unique(listCodes, 'list code', re);
      for (const l of e.lists) for (const b of l.benefits) ref('benefit', b, `${re}.lists[${l.code}]`);
      unique(e.entries.map(entrySubject), 'entry subject', re);
      for (const x of e.entries) {
        const rx = `${re}.entries[${x.qualification ?? x.occupation ?? x.occupationNameZh}]`;
        ref('qualification', x.qualification, rx);
        ref('occupation', x.occupation, rx);
        ref('field', x.field, rx);
        if (c.kind === 'QUALIFICATION' && x.occupation !== undefined)
          problems.push({ record: rx, message: 'a qualification catalog lists qualifications, not occupations' });
        if (c.kind !== 'QUALIFICATION' && x.qualification !== undefined)
          problems.push({ record: rx, message: `a ${c.kind} catalog lists occupations, not qualifications` });
        unique(x.lists, 'list', rx);
        for (const l of x.lists)
          if (!listCodes.includes(l))
            problems.push({ record: rx, message: `unknown list '${l}' (this edition has: ${listCodes.join(', ') || 'none'})` });
        sources(x.sources, rx);
      }
      if (e.declaredSize !== undefined && e.entries.length > e.declaredSize)
        problems.push({ record: re, message: `${e.entries.length} entries, more than the declared size ${e.declaredSize}` });
    }
  }

  for (const a of d.agreements) {
    const r = where(a, `agreements[${a.slug}]`);
    validity(a, r);
    sources(a.sources, r);
    for (const b of a.benefits) ref('benefit', b, r);
    for (const p of a.parties) {
      ref('jurisdiction', p.jurisdiction, r);
      ref('group', p.group, r);
    }
    unique(
      a.parties.map((p) => `${p.role} ${p.jurisdiction ?? p.group}`),
      'party',
      r,
    );
    const roles = new Set(a.parties.map((p) => p.role));
    if (a.kind === 'EQUIVALENCE') {
      // An equivalence's direction is between its two qualifications; its parties are where it applies.
      if (roles.size !== 1 || !roles.has('PARTY'))
        problems.push({ record: r, message: 'an equivalence names the jurisdictions where it applies with role PARTY' });
    } else if (a.direction === 'MUTUAL' && (roles.size !== 1 || !roles.has('PARTY')))
      problems.push({ record: r, message: 'a mutual agreement names its parties with role PARTY' });
    else if (a.direction === 'ONE_WAY') {
      if (roles.has('PARTY') || !roles.has('SOURCE'))
        problems.push({ record: r, message: 'a one-way agreement names SOURCE and TARGET parties' });
      if (a.kind !== 'NATIONWIDE' && !roles.has('TARGET'))
        problems.push({ record: r, message: 'a one-way agreement needs at least one TARGET' });
    }
    if ((a.kind === 'STATUS' || a.kind === 'NATIONWIDE') && a.category === undefined)
      problems.push({ record: r, message: `a ${a.kind} agreement names the category it honours` });
    if (a.kind === 'EQUIVALENCE') {
      if (!a.qualification || !a.equivalentQualification)
        problems.push({ record: r, message: 'an equivalence names qualification and equivalentQualification' });
      else if (a.qualification === a.equivalentQualification)
        problems.push({ record: r, message: 'a qualification cannot be equivalent to itself' });
    } else if (a.qualification || a.equivalentQualification) {
      problems.push({ record: r, message: 'only an EQUIVALENCE names qualifications' });
    }
    if (a.catalog !== undefined && a.kind !== 'LISTING') problems.push({ record: r, message: 'only a LISTING agreement names a catalog' });
    ref('category', a.category, r);
    ref('standard', a.standard, r);
    ref('catalog', a.catalog, r);
    ref('qualification', a.qualification, r);
    ref('qualification', a.equivalentQualification, r);
  }
  unique(
    d.agreements.map((a) => a.slug),
    'agreement',
    'agreements',
  );

  // References the bundle does not define must already be in the database.
  const missing = refs.filter((x) => !defined.get(x.kind)?.has(x.key));
  const known = await knownInDatabase(db, missing);
  for (const x of missing) {
    if (known.get(x.kind)?.has(x.key)) continue;
    problems.push({
      record: x.record,
      // A field is a code of the controlled vocabulary, not free text: say where the codes are.
      message:
        x.kind === 'field'
          ? `unknown field code '${x.key}': a field is a code of the vocabulary (query \`fields { code name nameZh }\`), or a term the bundle adds in \`fields\``
          : `unknown ${x.kind} '${x.key}'`,
    });
  }
  if (schemeVersionRefs.length > 0) {
    const rows = await db
      .select({ slug: t.standards.slug, label: t.standardVersions.label })
      .from(t.standardVersions)
      .innerJoin(t.standards, eq(t.standards.id, t.standardVersions.standardId))
      .where(inArray(t.standards.slug, [...new Set(schemeVersionRefs.map((x) => x.key.split('@')[0]!))]));
    const have = new Set(rows.map((x) => `${x.slug}@${x.label}`));
    for (const x of schemeVersionRefs)
      if (!have.has(x.key)) problems.push({ record: x.record, message: `unknown standard version '${x.key}'` });
  }

  if (!options.correction) problems.push(...(await changesToPublished(db, bundle)));
  spans.push(...(await storedSpans(db, bundle)));
  const byOwner = new Map<string, Span[]>();
  for (const s of spans) byOwner.set(s.owner, [...(byOwner.get(s.owner) ?? []), s]);
  for (const [owner, list] of byOwner) {
    const sorted = [...list].sort((a, b) => a.from.localeCompare(b.from));
    for (let i = 0; i < sorted.length; i++) {
      for (let k = i + 1; k < sorted.length; k++) {
        const earlier = sorted[i]!;
        const later = sorted[k]!;
        if (earlier.end === null || later.from < earlier.end) {
          // Named on the bundle's record, against the one already stored: that is what its author can change.
          const [b, a] = later.record.startsWith('database:') ? [earlier, later] : [later, earlier];
          problems.push({
            record: b.record,
            message: `in force ${b.from}${b.end ? ` to ${b.end}` : ' onwards'}, overlapping ${owner.split(':')[0]} ${owner.split(':')[1]} '${a.label}' (${a.from}${a.end ? ` to ${a.end}` : ' onwards'}): two published ${owner.startsWith('catalog') ? 'editions' : 'versions'} of one series are never in force on the same day`,
          });
        }
      }
    }
  }
  return problems;
}

async function knownInDatabase(db: Db, missing: { kind: RefKind; key: string }[]): Promise<Map<RefKind, Set<string>>> {
  const keysOf = (kind: RefKind) => [...new Set(missing.filter((m) => m.kind === kind).map((m) => m.key))];
  const lookups: [RefKind, () => Promise<{ key: string }[]>][] = [
    [
      'jurisdiction',
      () =>
        db
          .select({ key: t.jurisdictions.code })
          .from(t.jurisdictions)
          .where(inArray(t.jurisdictions.code, keysOf('jurisdiction'))),
    ],
    [
      'group',
      () =>
        db
          .select({ key: t.regionGroups.slug })
          .from(t.regionGroups)
          .where(inArray(t.regionGroups.slug, keysOf('group'))),
    ],
    [
      'authority',
      () =>
        db
          .select({ key: t.authorities.slug })
          .from(t.authorities)
          .where(inArray(t.authorities.slug, keysOf('authority'))),
    ],
    [
      'instrument',
      () =>
        db
          .select({ key: t.instruments.slug })
          .from(t.instruments)
          .where(inArray(t.instruments.slug, keysOf('instrument'))),
    ],
    [
      'field',
      () =>
        db
          .select({ key: t.fields.code })
          .from(t.fields)
          .where(inArray(t.fields.code, keysOf('field'))),
    ],
    [
      'organisation',
      () =>
        db
          .select({ key: t.organisations.slug })
          .from(t.organisations)
          .where(inArray(t.organisations.slug, keysOf('organisation'))),
    ],
    [
      'qualification',
      () =>
        db
          .select({ key: t.qualifications.slug })
          .from(t.qualifications)
          .where(inArray(t.qualifications.slug, keysOf('qualification'))),
    ],
    [
      'occupation',
      () =>
        db
          .select({ key: t.occupations.code })
          .from(t.occupations)
          .where(inArray(t.occupations.code, keysOf('occupation'))),
    ],
    [
      'category',
      () =>
        db
          .select({ key: t.talentCategories.code })
          .from(t.talentCategories)
          .where(inArray(t.talentCategories.code, keysOf('category'))),
    ],
    [
      'benefit',
      () =>
        db
          .select({ key: t.benefits.slug })
          .from(t.benefits)
          .where(inArray(t.benefits.slug, keysOf('benefit'))),
    ],
    [
      'standard',
      () =>
        db
          .select({ key: t.standards.slug })
          .from(t.standards)
          .where(inArray(t.standards.slug, keysOf('standard'))),
    ],
    [
      'catalog',
      () =>
        db
          .select({ key: t.catalogs.slug })
          .from(t.catalogs)
          .where(inArray(t.catalogs.slug, keysOf('catalog'))),
    ],
  ];
  const known = new Map<RefKind, Set<string>>();
  for (const [kind, lookup] of lookups) {
    if (keysOf(kind).length === 0) continue;
    known.set(kind, new Set((await lookup()).map((r) => r.key)));
  }
  return known;
}

/** Published editions and versions already stored for the series the bundle touches, minus those it redefines. */
async function storedSpans(db: Db, bundle: MergedBundle): Promise<Span[]> {
  const out: Span[] = [];
  const catalogSlugs = bundle.data.catalogs.map((c) => c.slug);
  if (catalogSlugs.length > 0) {
    const redefined = new Set(bundle.data.catalogs.flatMap((c) => c.editions.map((e) => `${c.slug}@${e.label}`)));
    const stored = await db
      .select({
        slug: t.catalogs.slug,
        label: t.catalogEditions.label,
        from: t.catalogEditions.validFrom,
        to: t.catalogEditions.validTo,
        repealed: t.catalogEditions.repealedOn,
      })
      .from(t.catalogEditions)
      .innerJoin(t.catalogs, eq(t.catalogs.id, t.catalogEditions.catalogId))
      .where(and(inArray(t.catalogs.slug, catalogSlugs), eq(t.catalogEditions.status, 'PUBLISHED')));
    for (const s of stored) {
      if (redefined.has(`${s.slug}@${s.label}`)) continue;
      const end = endOf({ validTo: s.to, repealedOn: s.repealed });
      out.push({
        owner: `catalog:${s.slug}`,
        label: s.label,
        record: `database: catalogs[${s.slug}].editions[${s.label}]`,
        from: s.from,
        end,
      });
    }
  }
  const standardSlugs = bundle.data.standards.map((s) => s.slug);
  if (standardSlugs.length > 0) {
    const redefined = new Set(bundle.data.standards.flatMap((s) => s.versions.map((v) => `${s.slug}@${v.label}`)));
    const stored = await db
      .select({
        slug: t.standards.slug,
        label: t.standardVersions.label,
        from: t.standardVersions.validFrom,
        to: t.standardVersions.validTo,
        repealed: t.standardVersions.repealedOn,
      })
      .from(t.standardVersions)
      .innerJoin(t.standards, eq(t.standards.id, t.standardVersions.standardId))
      .where(and(inArray(t.standards.slug, standardSlugs), eq(t.standardVersions.status, 'PUBLISHED')));
    for (const s of stored) {
      if (redefined.has(`${s.slug}@${s.label}`)) continue;
      const end = endOf({ validTo: s.to, repealedOn: s.repealed });
      out.push({
        owner: `standard:${s.slug}`,
        label: s.label,
        record: `database: standards[${s.slug}].versions[${s.label}]`,
        from: s.from,
        end,
      });
    }
  }
  return out;
}

/**
 * What a bundle would change in records already published (domain.md: published is immutable).
 * It may complete them (add entries, lists, sources) and record a repeal; it may not move their
 * dates, change their status or remove entries. An admin's correction (with a reason) may.
 */
async function changesToPublished(db: Db, bundle: MergedBundle): Promise<Problem[]> {
  const problems: Problem[] = [];
  const same = (a: string | null, b: string | undefined) => (a ?? null) === (b === undefined ? null : (parseFuzzyDate(b)?.date ?? b));
  const compare = (
    record: string,
    stored: { status: string; validFrom: string; validTo: string | null; repealedOn: string | null },
    given: { status: string; validFrom: string; validTo?: string | undefined; repealedOn?: string | undefined },
  ) => {
    const changed: string[] = [];
    if (stored.status !== given.status) changed.push(`status ${stored.status} → ${given.status}`);
    if (!same(stored.validFrom, given.validFrom)) changed.push(`validFrom ${stored.validFrom} → ${given.validFrom}`);
    if (!same(stored.validTo, given.validTo)) changed.push(`validTo ${stored.validTo ?? 'open'} → ${given.validTo ?? 'open'}`);
    if (stored.repealedOn !== null && !same(stored.repealedOn, given.repealedOn))
      changed.push(`repealedOn ${stored.repealedOn} → ${given.repealedOn ?? 'none'}`);
    if (changed.length > 0) {
      problems.push({
        record,
        message: `is published: ${changed.join(', ')} would change it; a correction is a new edition or version (or an admin's correction with a reason)`,
      });
    }
  };

  const catalogSlugs = bundle.data.catalogs.filter((c) => c.editions.length > 0).map((c) => c.slug);
  if (catalogSlugs.length > 0) {
    const stored = await db
      .select({
        id: t.catalogEditions.id,
        slug: t.catalogs.slug,
        label: t.catalogEditions.label,
        status: t.catalogEditions.status,
        validFrom: t.catalogEditions.validFrom,
        validTo: t.catalogEditions.validTo,
        repealedOn: t.catalogEditions.repealedOn,
      })
      .from(t.catalogEditions)
      .innerJoin(t.catalogs, eq(t.catalogs.id, t.catalogEditions.catalogId))
      .where(and(inArray(t.catalogs.slug, catalogSlugs), eq(t.catalogEditions.status, 'PUBLISHED')));
    const byKey = new Map(stored.map((e) => [`${e.slug}@${e.label}`, e]));
    const touched = new Map<number, { record: string; subjects: Set<string> }>();
    for (const c of bundle.data.catalogs) {
      for (const e of c.editions) {
        const s = byKey.get(`${c.slug}@${e.label}`);
        if (!s) continue;
        const record = `${bundle.origin.get(c) ?? 'bundle'}: catalogs[${c.slug}].editions[${e.label}]`;
        compare(record, s, e);
        touched.set(s.id, { record, subjects: new Set(e.entries.map(entrySubject)) });
      }
    }
    if (touched.size > 0) {
      const entries = await db
        .select({
          editionId: t.catalogEntries.editionId,
          qualification: t.qualifications.slug,
          occupation: t.occupations.code,
          occupationNameZh: t.catalogEntries.occupationNameZh,
        })
        .from(t.catalogEntries)
        .leftJoin(t.qualifications, eq(t.qualifications.id, t.catalogEntries.qualificationId))
        .leftJoin(t.occupations, eq(t.occupations.id, t.catalogEntries.occupationId))
        .where(inArray(t.catalogEntries.editionId, [...touched.keys()]));
      const removed = new Map<number, string[]>();
      for (const x of entries) {
        const key = entrySubject({
          qualification: x.qualification ?? undefined,
          occupation: x.occupation ?? undefined,
          occupationNameZh: x.occupationNameZh ?? undefined,
        });
        if (!touched.get(x.editionId)!.subjects.has(key)) removed.set(x.editionId, [...(removed.get(x.editionId) ?? []), key]);
      }
      for (const [id, keys] of removed) {
        problems.push({
          record: touched.get(id)!.record,
          message: `is published: the bundle leaves out ${keys.length} of its entries (${keys.slice(0, 5).join(', ')}${keys.length > 5 ? ', …' : ''}); a published edition can be completed, not cut`,
        });
      }
    }
  }

  const standardSlugs = bundle.data.standards.map((x) => x.slug);
  if (standardSlugs.length > 0) {
    const stored = await db
      .select({
        slug: t.standards.slug,
        label: t.standardVersions.label,
        status: t.standardVersions.status,
        validFrom: t.standardVersions.validFrom,
        validTo: t.standardVersions.validTo,
        repealedOn: t.standardVersions.repealedOn,
      })
      .from(t.standardVersions)
      .innerJoin(t.standards, eq(t.standards.id, t.standardVersions.standardId))
      .where(and(inArray(t.standards.slug, standardSlugs), eq(t.standardVersions.status, 'PUBLISHED')));
    const byKey = new Map(stored.map((v) => [`${v.slug}@${v.label}`, v]));
    for (const x of bundle.data.standards) {
      for (const v of x.versions) {
        const s = byKey.get(`${x.slug}@${v.label}`);
        if (s) compare(`${bundle.origin.get(x) ?? 'bundle'}: standards[${x.slug}].versions[${v.label}]`, s, v);
      }
    }
  }

  const agreementSlugs = bundle.data.agreements.map((a) => a.slug);
  if (agreementSlugs.length > 0) {
    const stored = await db
      .select({
        slug: t.recognitionAgreements.slug,
        status: t.recognitionAgreements.status,
        validFrom: t.recognitionAgreements.validFrom,
        validTo: t.recognitionAgreements.validTo,
        repealedOn: t.recognitionAgreements.repealedOn,
      })
      .from(t.recognitionAgreements)
      .where(and(inArray(t.recognitionAgreements.slug, agreementSlugs), eq(t.recognitionAgreements.status, 'PUBLISHED')));
    const bySlug = new Map(stored.map((a) => [a.slug, a]));
    for (const a of bundle.data.agreements) {
      const s = bySlug.get(a.slug);
      if (s) compare(`${bundle.origin.get(a) ?? 'bundle'}: agreements[${a.slug}]`, s, a);
    }
  }
  return problems;
}

/**
 * What is wrong with an indicator's bands for an evaluator: bounds out of order, or two numeric
 * bands that share a value (a profile would then fall in both, and its points would depend on
 * the order of the bands).
 */
export function bandProblems(indicator: Indicator): string[] {
  const problems: string[] = [];
  const numeric = indicator.bands.filter((b) => b.from !== undefined || b.below !== undefined);
  for (const b of numeric) {
    if (b.from !== undefined && b.below !== undefined && b.below <= b.from) {
      problems.push(`band '${b.label}' ends (${b.below}) at or before it starts (${b.from})`);
    }
  }
  const sorted = [...numeric].sort((a, b) => (a.from ?? -Infinity) - (b.from ?? -Infinity));
  for (let i = 1; i < sorted.length; i++) {
    const before = sorted[i - 1]!;
    const after = sorted[i]!;
    if ((before.below ?? Infinity) > (after.from ?? -Infinity)) {
      problems.push(`bands '${before.label}' and '${after.label}' overlap`);
    }
  }
  return problems;
}
