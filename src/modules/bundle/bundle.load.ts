import { and, getTableColumns, getTableName, inArray, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.ts';
import { bumpDataVersion } from '../../db/data-version.ts';
import * as t from '../../db/tables/index.ts';
import { changesBetween } from '../change/change.rules.ts';
import { appendChanges, publishedState } from '../change/change.store.ts';
import { appendAudit } from '../governance/governance.store.ts';
import { parseFuzzyDate, todayInChina } from '../time/dates.ts';
import type { Indicator } from './bundle.format.ts';
import { BundleRejected, type MergedBundle, SECTIONS } from './bundle.read.ts';
import { validateBundle } from './bundle.validate.ts';

export type LoadReport = Record<(typeof SECTIONS)[number] | 'editions' | 'lists' | 'entries' | 'standardVersions', number>;

const CHUNK = 1000;

/**
 * Validates a bundle and writes it in one transaction: upserts by natural key, so loading the
 * same bundle twice changes nothing. An edition, standard version, points scheme or agreement in
 * a bundle is described completely: its lists, entries, sources, parties and benefit links are
 * replaced by the bundle's. A bundle with any problem is refused whole.
 */
/** Where a load is: a step's name and how far through it (rows written of rows to write). */
export type Progress = (step: string, done: number, total: number) => void;

export interface LoadOptions {
  onProgress?: Progress;
  /**
   * An admin's correction of published records, with its reason: the load may then change or
   * remove what was published (drizzle/0006 lets a transaction that names its reason do so), and
   * the reason is audited.
   */
  correction?: { reason: string };
  /**
   * Who loads, for the audit log: an account through the API, or the operator's CLI. `null`: the
   * caller writes its own audit rows in the same transaction (a publication names its record).
   */
  audit?: { accountId: number | null; authorityId: number | null; actor: string; requestId: string | null; action?: string } | null;
}

export async function loadBundle(db: Db, bundle: MergedBundle, options: LoadOptions = {}): Promise<LoadReport> {
  progress = options.onProgress ?? (() => {});
  const correction = options.correction?.reason.trim();
  if (options.correction && !correction) throw new BundleRejected([{ record: 'correction', message: 'a correction needs its reason' }]);
  try {
    return await db.transaction(async (tx) => {
      if (correction) await tx.execute(sql`SELECT set_config('hub.correction', ${correction}, true)`);
      progress('validating', 0, 1);
      const problems = await validateBundle(tx as unknown as Db, bundle, { correction: Boolean(correction) });
      progress('validating', 1, 1);
      if (problems.length > 0) throw new BundleRejected(problems);
      await tx.execute(sql`SET CONSTRAINTS catalog_editions_no_overlap, standard_versions_no_overlap DEFERRED`);
      const touched = {
        catalogs: bundle.data.catalogs.map((c) => c.slug),
        standards: bundle.data.standards.map((x) => x.slug),
        agreements: bundle.data.agreements.map((a) => a.slug),
      };
      const before = await publishedState(tx as unknown as Db, touched);
      const report = await write(tx as unknown as Db, bundle);
      await bumpDataVersion(tx as unknown as Db);
      // The public feed: what the load published, completed, repealed or corrected.
      const after = await publishedState(tx as unknown as Db, touched);
      await appendChanges(
        tx as unknown as Db,
        changesBetween(before, after, { today: todayInChina(), ...(correction ? { correction } : {}) }),
      );
      if (options.audit !== null)
        await appendAudit(tx as unknown as Db, {
          ...(options.audit ?? { accountId: null, authorityId: null, actor: 'cli:db:load', requestId: null }),
          action: options.audit?.action ?? (correction ? 'correct_bundle' : 'load_bundle'),
          subjectType: 'bundle',
          subjectKey: bundle.names.join(', ') || 'bundle',
          before: null,
          after: report,
          reason: correction ?? null,
        });
      // Check the deferred exclusion constraints now, inside the try, rather than at COMMIT.
      await tx.execute(sql`SET CONSTRAINTS catalog_editions_no_overlap, standard_versions_no_overlap IMMEDIATE`);
      return report;
    });
  } catch (error) {
    throw asBundleProblem(error);
  }
}

/** A constraint the database enforces, raced by a concurrent load, still reads as a bundle problem. */
function asBundleProblem(error: unknown): unknown {
  if (error instanceof BundleRejected) return error;
  const cause =
    (error as { cause?: { code?: string; constraint_name?: string; constraint?: string; detail?: string } }).cause ??
    (error as { code?: string; constraint?: string; detail?: string });
  const code = cause?.code;
  if (code === '23P01' || code === '23505' || code === '23503' || code === '23514' || code === '23001') {
    const constraint =
      (cause as { constraint_name?: string; constraint?: string }).constraint_name ??
      (cause as { constraint?: string }).constraint ??
      'a constraint';
    return new BundleRejected([{ record: 'database', message: `refused by ${constraint}${cause?.detail ? `: ${cause.detail}` : ''}` }]);
  }
  return error;
}

type Row = Record<string, unknown>;

// NOTE: module state, but only for the duration of one load in one process (a CLI or a test):
// it carries the caller's progress callback down to the chunked writers.
let progress: Progress = () => {};

function excludedSet(table: PgTable, keys: string[]): Record<string, SQL> {
  const columns = table as unknown as Record<string, PgColumn>;
  return Object.fromEntries(keys.map((k) => [k, sql.raw(`excluded."${columns[k]!.name}"`)]));
}

/** INSERT … ON CONFLICT (natural key) DO UPDATE, in chunks; returns the rows' ids with their keys. */
async function upsert<R extends Row>(
  db: Db,
  table: PgTable,
  rows: R[],
  target: PgColumn[],
  returning: Record<string, PgColumn>,
  targetWhere?: SQL,
): Promise<Row[]> {
  if (rows.length === 0) return [];
  const targetKeys = new Set(target.map((c) => c.name));
  const columns = table as unknown as Record<string, PgColumn>;
  const updateKeys = Object.keys(rows[0]!).filter((k) => !targetKeys.has(columns[k]!.name));
  const out: Row[] = [];
  const step = getTableName(table);
  for (let i = 0; i < rows.length; i += CHUNK) {
    progress(step, i, rows.length);
    const chunk = rows.slice(i, i + CHUNK);
    // NOTE: drizzle's builder types cannot express a table chosen at run time: the insert is typed
    // by the one method chain it uses.
    type Upsert = { onConflictDoUpdate(config: object): { returning(fields: object): Promise<Row[]> } };
    const q = (db.insert(table as never).values(chunk as never) as unknown as Upsert)
      .onConflictDoUpdate({
        target,
        ...(targetWhere ? { targetWhere } : {}),
        set: updateKeys.length ? excludedSet(table, updateKeys) : excludedSet(table, [Object.keys(rows[0]!)[0]!]),
      })
      .returning(returning);
    out.push(...((await q) as Row[]));
  }
  progress(step, rows.length, rows.length);
  return out;
}

async function insertAll(db: Db, table: PgTable, rows: Row[]): Promise<void> {
  const step = getTableName(table);
  for (let i = 0; i < rows.length; i += CHUNK) {
    progress(step, i, rows.length);
    await db.insert(table as never).values(rows.slice(i, i + CHUNK) as never);
  }
  if (rows.length > 0) progress(step, rows.length, rows.length);
}

const dayOf = (v: string | undefined) => (v === undefined ? null : parseFuzzyDate(v)!.date);
const precisionOf = (v: string | undefined) => (v === undefined ? 'DAY' : parseFuzzyDate(v)!.precision);

/** Natural key → id, for keys from the bundle (recorded as written) or already in the database. */
class Ids {
  private maps = new Map<string, Map<string, number>>();
  constructor(private db: Db) {}
  set(kind: string, key: string, id: number) {
    const m = this.maps.get(kind) ?? new Map<string, number>();
    m.set(key, id);
    this.maps.set(kind, m);
  }
  record(kind: string, rows: Row[], keyOf: (r: Row) => string) {
    for (const r of rows) this.set(kind, keyOf(r), r.id as number);
  }
  /** Fetches, in one statement, the ids of keys the bundle did not write. */
  async need(kind: string, table: PgTable, keyColumn: PgColumn, keys: (string | undefined)[]) {
    const m = this.maps.get(kind) ?? new Map<string, number>();
    this.maps.set(kind, m);
    const wanted = [...new Set(keys.filter((k): k is string => k !== undefined && !m.has(k)))];
    if (wanted.length === 0) return;
    const idCol = (table as unknown as { id: PgColumn }).id;
    const found = (await this.db
      .select({ id: idCol, key: keyColumn })
      .from(table as never)
      .where(inArray(keyColumn, wanted))) as { id: number; key: string }[];
    for (const f of found) m.set(f.key, f.id);
  }
  get(kind: string, key: string): number {
    const id = this.maps.get(kind)?.get(key);
    if (id === undefined) throw new Error(`internal: ${kind} '${key}' was not resolved`);
    return id;
  }
  opt(kind: string, key: string | undefined): number | null {
    return key === undefined ? null : this.get(kind, key);
  }
}

async function write(db: Db, bundle: MergedBundle): Promise<LoadReport> {
  const d = bundle.data;
  const ids = new Ids(db);

  // Jurisdictions: parents before children (a parent's code is always shorter).
  const byDepth = [...d.jurisdictions].sort((a, b) => a.code.length - b.code.length);
  for (const depth of [...new Set(byDepth.map((j) => j.code.length))]) {
    const level = byDepth.filter((j) => j.code.length === depth);
    await ids.need(
      'jurisdiction',
      t.jurisdictions,
      t.jurisdictions.code,
      level.map((j) => j.parent),
    );
    const written = await upsert(
      db,
      t.jurisdictions,
      level.map((j) => ({
        code: j.code,
        name: j.name,
        nameZh: j.nameZh,
        level: j.level,
        parentId: ids.opt('jurisdiction', j.parent),
        mainland: j.mainland,
        isoName: j.isoName ?? null,
      })),
      [t.jurisdictions.code],
      { id: t.jurisdictions.id, code: t.jurisdictions.code },
    );
    ids.record('jurisdiction', written, (r) => r.code as string);
  }
  const jurisdictionRefs = [
    ...d.regionGroups.flatMap((g) => g.members),
    ...d.authorities.map((a) => a.jurisdiction),
    ...d.categories.map((c) => c.jurisdiction),
    ...d.standards.map((s) => s.jurisdiction),
    ...d.pointsSchemes.flatMap((p) => [p.jurisdiction, ...p.regionalBonuses.map((b) => b.jurisdiction)]),
    ...d.catalogs.map((c) => c.jurisdiction),
    ...d.agreements.flatMap((a) => a.parties.map((p) => p.jurisdiction)),
  ];
  await ids.need('jurisdiction', t.jurisdictions, t.jurisdictions.code, jurisdictionRefs);

  const groups = await upsert(
    db,
    t.regionGroups,
    d.regionGroups.map((g) => ({ slug: g.slug, name: g.name, nameZh: g.nameZh })),
    [t.regionGroups.slug],
    { id: t.regionGroups.id, slug: t.regionGroups.slug },
  );
  ids.record('group', groups, (r) => r.slug as string);
  if (groups.length) {
    await db.delete(t.regionGroupMembers).where(
      inArray(
        t.regionGroupMembers.groupId,
        groups.map((g) => g.id as number),
      ),
    );
    await insertAll(
      db,
      t.regionGroupMembers,
      d.regionGroups.flatMap((g) =>
        g.members.map((m) => ({ groupId: ids.get('group', g.slug), jurisdictionId: ids.get('jurisdiction', m) })),
      ),
    );
  }

  ids.record(
    'authority',
    await upsert(
      db,
      t.authorities,
      d.authorities.map((a) => ({
        slug: a.slug,
        name: a.name,
        nameZh: a.nameZh,
        abbreviation: a.abbreviation ?? null,
        jurisdictionId: ids.get('jurisdiction', a.jurisdiction),
      })),
      [t.authorities.slug],
      { id: t.authorities.id, slug: t.authorities.slug },
    ),
    (r) => r.slug as string,
  );

  const instruments = await upsert(
    db,
    t.instruments,
    d.instruments.map((i) => ({
      slug: i.slug,
      kind: i.kind,
      title: i.title,
      titleZh: i.titleZh ?? null,
      documentNumber: i.documentNumber ?? null,
      issuedOn: dayOf(i.issuedOn),
      issuedOnPrecision: precisionOf(i.issuedOn),
      url: i.url ?? null,
      reliability: i.reliability,
      note: i.note ?? null,
    })),
    [t.instruments.slug],
    { id: t.instruments.id, slug: t.instruments.slug },
  );
  ids.record('instrument', instruments, (r) => r.slug as string);
  const instrumentRefs = [
    ...d.instruments.flatMap((i) => i.repeals),
    ...d.benefits.flatMap((b) => b.sources.map((s) => s.instrument)),
    ...d.standards.flatMap((s) => s.versions.flatMap((v) => [v.repealedBy, ...v.sources.map((x) => x.instrument)])),
    ...d.pointsSchemes.flatMap((p) => [
      ...p.sources.map((s) => s.instrument),
      ...p.regionalBonuses.flatMap((b) => b.sources.map((s) => s.instrument)),
    ]),
    ...d.catalogs.flatMap((c) =>
      c.editions.flatMap((e) => [
        e.repealedBy,
        ...e.sources.map((x) => x.instrument),
        ...e.entries.flatMap((x) => x.sources.map((s) => s.instrument)),
      ]),
    ),
    ...d.agreements.flatMap((a) => [a.repealedBy, ...a.sources.map((s) => s.instrument)]),
  ];
  await ids.need('instrument', t.instruments, t.instruments.slug, instrumentRefs);
  await ids.need('authority', t.authorities, t.authorities.slug, [
    ...d.instruments.flatMap((i) => i.authorities),
    ...d.standards.flatMap((s) => s.versions.map((v) => v.approvedBy)),
  ]);
  if (instruments.length) {
    const instrumentIds = instruments.map((i) => i.id as number);
    await db.delete(t.instrumentAuthorities).where(inArray(t.instrumentAuthorities.instrumentId, instrumentIds));
    await insertAll(
      db,
      t.instrumentAuthorities,
      d.instruments.flatMap((i) =>
        i.authorities.map((a) => ({ instrumentId: ids.get('instrument', i.slug), authorityId: ids.get('authority', a) })),
      ),
    );
    await db.delete(t.instrumentRepeals).where(inArray(t.instrumentRepeals.instrumentId, instrumentIds));
    await insertAll(
      db,
      t.instrumentRepeals,
      d.instruments.flatMap((i) =>
        i.repeals.map((x) => ({ instrumentId: ids.get('instrument', i.slug), repealedId: ids.get('instrument', x) })),
      ),
    );
  }

  ids.record(
    'organisation',
    await upsert(
      db,
      t.organisations,
      d.organisations.map((o) => ({
        slug: o.slug,
        name: o.name,
        nameZh: o.nameZh ?? null,
        abbreviation: o.abbreviation ?? null,
        country: o.country ?? null,
        verified: o.verified,
        note: o.note ?? null,
      })),
      [t.organisations.slug],
      { id: t.organisations.id, slug: t.organisations.slug },
    ),
    (r) => r.slug as string,
  );
  await ids.need(
    'organisation',
    t.organisations,
    t.organisations.slug,
    d.qualifications.map((q) => q.issuer),
  );

  // The vocabulary's terms before what is filed under them (foreign keys on the field codes).
  await upsert(
    db,
    t.fields,
    d.fields.map((f) => ({ code: f.code, nameEn: f.name, nameZh: f.nameZh, description: f.description ?? null, note: f.note ?? null })),
    [t.fields.code],
    { code: t.fields.code },
  );

  const quals = await upsert(
    db,
    t.qualifications,
    d.qualifications.map((q) => ({
      slug: q.slug,
      name: q.name,
      nameZh: q.nameZh ?? null,
      abbreviation: q.abbreviation ?? null,
      issuerId: ids.opt('organisation', q.issuer),
      field: q.field ?? null,
      verified: q.verified,
      note: q.note ?? null,
    })),
    [t.qualifications.slug],
    { id: t.qualifications.id, slug: t.qualifications.slug },
  );
  ids.record('qualification', quals, (r) => r.slug as string);
  if (quals.length) {
    await db.delete(t.qualificationAliases).where(
      inArray(
        t.qualificationAliases.qualificationId,
        quals.map((q) => q.id as number),
      ),
    );
    await insertAll(
      db,
      t.qualificationAliases,
      d.qualifications.flatMap((q) =>
        q.aliases.map((a) => ({ qualificationId: ids.get('qualification', q.slug), alias: a.alias, lang: a.lang })),
      ),
    );
  }

  const occByDepth = [...d.occupations].sort((a, b) => a.code.length - b.code.length);
  for (const depth of [...new Set(occByDepth.map((o) => o.code.length))]) {
    const level = occByDepth.filter((o) => o.code.length === depth);
    await ids.need(
      'occupation',
      t.occupations,
      t.occupations.code,
      level.map((o) => o.parent),
    );
    ids.record(
      'occupation',
      await upsert(
        db,
        t.occupations,
        level.map((o) => ({
          code: o.code,
          nameZh: o.nameZh,
          name: o.name ?? null,
          level: o.level,
          parentId: ids.opt('occupation', o.parent),
          gbmCode: o.gbmCode ?? null,
          marker: o.marker ?? null,
        })),
        [t.occupations.code],
        { id: t.occupations.id, code: t.occupations.code },
      ),
      (r) => r.code as string,
    );
  }

  ids.record(
    'category',
    await upsert(
      db,
      t.talentCategories,
      d.categories.map((c) => ({
        code: c.code,
        name: c.name,
        nameZh: c.nameZh,
        description: c.description ?? null,
        jurisdictionId: ids.get('jurisdiction', c.jurisdiction),
      })),
      [t.talentCategories.code],
      { id: t.talentCategories.id, code: t.talentCategories.code },
    ),
    (r) => r.code as string,
  );
  await ids.need('category', t.talentCategories, t.talentCategories.code, [
    ...d.standards.flatMap((s) => s.versions.flatMap((v) => v.categories)),
    ...d.pointsSchemes.flatMap((p) => p.thresholds.map((x) => x.category)),
    ...d.agreements.map((a) => a.category),
  ]);

  const benefits = await upsert(
    db,
    t.benefits,
    d.benefits.map((b) => ({
      slug: b.slug,
      kind: b.kind,
      audience: b.audience,
      text: b.text,
      textZh: b.textZh ?? null,
      parameters: b.parameters,
      verified: b.verified,
      note: b.note ?? null,
    })),
    [t.benefits.slug],
    { id: t.benefits.id, slug: t.benefits.slug },
  );
  ids.record('benefit', benefits, (r) => r.slug as string);
  await replaceSources(
    db,
    t.benefitSources,
    t.benefitSources.benefitId,
    'benefitId',
    d.benefits.map((b) => ({ id: ids.get('benefit', b.slug), sources: b.sources })),
    ids,
  );
  await ids.need('benefit', t.benefits, t.benefits.slug, [
    ...d.standards.flatMap((s) => s.versions.flatMap((v) => v.benefits.map((b) => b.benefit))),
    ...d.catalogs.flatMap((c) => c.editions.flatMap((e) => e.lists.flatMap((l) => l.benefits))),
    ...d.agreements.flatMap((a) => a.benefits),
  ]);

  // Standards and their versions.
  ids.record(
    'standard',
    await upsert(
      db,
      t.standards,
      d.standards.map((s) => ({
        slug: s.slug,
        name: s.name,
        nameZh: s.nameZh ?? null,
        jurisdictionId: ids.get('jurisdiction', s.jurisdiction),
        scope: s.scope,
      })),
      [t.standards.slug],
      { id: t.standards.id, slug: t.standards.slug },
    ),
    (r) => r.slug as string,
  );
  const versions = d.standards.flatMap((s) => s.versions.map((v) => ({ s, v })));
  ids.record(
    'version',
    await upsert(
      db,
      t.standardVersions,
      versions.map(({ s, v }) => ({
        standardId: ids.get('standard', s.slug),
        label: v.label,
        title: v.title,
        titleZh: v.titleZh ?? null,
        status: v.status,
        issuedOn: dayOf(v.issuedOn),
        issuedOnPrecision: precisionOf(v.issuedOn),
        validFrom: dayOf(v.validFrom),
        validFromPrecision: precisionOf(v.validFrom),
        validTo: dayOf(v.validTo),
        validToPrecision: precisionOf(v.validTo),
        repealedOn: dayOf(v.repealedOn),
        repealedBy: ids.opt('instrument', v.repealedBy),
        submittedOn: dayOf(v.submittedOn),
        approvedOn: dayOf(v.approvedOn),
        approvedById: ids.opt('authority', v.approvedBy),
        verified: v.verified,
        note: v.note ?? null,
      })),
      [t.standardVersions.standardId, t.standardVersions.label],
      { id: t.standardVersions.id, standardId: t.standardVersions.standardId, label: t.standardVersions.label },
    ),
    (r) => `${r.standardId}@${r.label}`,
  );
  const versionId = (slug: string, label: string) => ids.get('version', `${ids.get('standard', slug)}@${label}`);
  const versionIds = versions.map(({ s, v }) => versionId(s.slug, v.label));
  if (versionIds.length) {
    await syncRows(
      db,
      t.standardVersionCategories,
      t.standardVersionCategories.versionId,
      versionIds,
      versions.flatMap(({ s, v }) =>
        v.categories.map((c) => ({ versionId: versionId(s.slug, v.label), categoryId: ids.get('category', c) })),
      ),
      [t.standardVersionCategories.versionId, t.standardVersionCategories.categoryId],
    );
    await syncRows(
      db,
      t.standardCriteria,
      t.standardCriteria.versionId,
      versionIds,
      versions.flatMap(({ s, v }) =>
        v.criteria.map((c, i) => ({
          versionId: versionId(s.slug, v.label),
          categoryId: ids.get('category', c.category),
          position: v.criteria.slice(0, i).filter((x) => x.category === c.category).length + 1,
          text: c.text,
          textZh: c.textZh ?? null,
        })),
      ),
      [t.standardCriteria.versionId, t.standardCriteria.categoryId, t.standardCriteria.position],
    );
    await db.delete(t.benefitLinks).where(inArray(t.benefitLinks.standardVersionId, versionIds));
    await insertAll(
      db,
      t.benefitLinks,
      versions.flatMap(({ s, v }) =>
        v.benefits.map((b) => ({
          benefitId: ids.get('benefit', b.benefit),
          standardVersionId: versionId(s.slug, v.label),
          categoryId: ids.opt('category', b.category),
        })),
      ),
    );
  }
  await replaceSources(
    db,
    t.standardVersionSources,
    t.standardVersionSources.versionId,
    'versionId',
    versions.map(({ s, v }) => ({ id: versionId(s.slug, v.label), sources: v.sources })),
    ids,
  );

  // Points schemes: the indicator tree and thresholds are replaced whole.
  for (const p of d.pointsSchemes) {
    let standardVersionId: number | null = null;
    if (p.standard) {
      await ids.need('standard', t.standards, t.standards.slug, [p.standard.slug]);
      const [found] = await db
        .select({ id: t.standardVersions.id })
        .from(t.standardVersions)
        .where(
          and(
            sql`${t.standardVersions.standardId} = ${ids.get('standard', p.standard.slug)}`,
            sql`${t.standardVersions.label} = ${p.standard.version}`,
          ),
        );
      standardVersionId = found!.id;
    }
    const [scheme] = await upsert(
      db,
      t.pointsSchemes,
      [
        {
          slug: p.slug,
          name: p.name,
          nameZh: p.nameZh ?? null,
          jurisdictionId: ids.get('jurisdiction', p.jurisdiction),
          standardVersionId,
          maxPoints: p.maxPoints ?? null,
          bandsComplete: p.bandsComplete,
          note: p.note ?? null,
        },
      ],
      [t.pointsSchemes.slug],
      { id: t.pointsSchemes.id },
    );
    const schemeId = scheme!.id as number;
    await db.delete(t.pointsIndicators).where(sql`${t.pointsIndicators.schemeId} = ${schemeId}`);
    const insertLevel = async (list: Indicator[], parentId: number | null) => {
      for (const [position, ind] of list.entries()) {
        const [row] = await db
          .insert(t.pointsIndicators)
          .values({
            schemeId,
            parentId,
            code: ind.code,
            name: ind.name,
            nameZh: ind.nameZh ?? null,
            maxPoints: ind.maxPoints ?? null,
            weightPercent: ind.weightPercent ?? null,
            measure: ind.measure ?? null,
            position: position + 1,
          })
          .returning({ id: t.pointsIndicators.id });
        await insertAll(
          db,
          t.pointsBands,
          ind.bands.map((b, i) => ({
            indicatorId: row!.id,
            position: i + 1,
            label: b.label,
            labelZh: b.labelZh ?? null,
            points: b.points ?? null,
            fromValue: b.from ?? null,
            belowValue: b.below ?? null,
            matches: b.matches,
          })),
        );
        await insertLevel(ind.children, row!.id);
      }
    };
    await insertLevel(p.indicators, null);
    await db.delete(t.pointsThresholds).where(sql`${t.pointsThresholds.schemeId} = ${schemeId}`);
    await insertAll(
      db,
      t.pointsThresholds,
      p.thresholds.map((x) => ({ schemeId, categoryId: ids.get('category', x.category), minPoints: x.minPoints })),
    );
    // Regional bonus rules belong to the scheme and are replaced whole with it.
    await db.delete(t.pointsRegionalBonuses).where(sql`${t.pointsRegionalBonuses.schemeId} = ${schemeId}`);
    for (const b of p.regionalBonuses) {
      const [bonus] = await db
        .insert(t.pointsRegionalBonuses)
        .values({
          schemeId,
          jurisdictionId: ids.get('jurisdiction', b.jurisdiction),
          name: b.name,
          nameZh: b.nameZh ?? null,
          maxPoints: b.maxPoints ?? null,
          note: b.note ?? null,
        })
        .returning({ id: t.pointsRegionalBonuses.id });
      await insertAll(
        db,
        t.pointsRegionalBonusProvisions,
        b.provisions.map((x, i) => ({
          bonusId: bonus!.id,
          position: i + 1,
          code: x.code,
          label: x.label,
          labelZh: x.labelZh ?? null,
          points: x.points,
        })),
      );
      await replaceSources(
        db,
        t.pointsRegionalBonusSources,
        t.pointsRegionalBonusSources.bonusId,
        'bonusId',
        [{ id: bonus!.id, sources: b.sources }],
        ids,
      );
    }
    await replaceSources(
      db,
      t.pointsSchemeSources,
      t.pointsSchemeSources.schemeId,
      'schemeId',
      [{ id: schemeId, sources: p.sources }],
      ids,
    );
  }

  // Catalogs → editions → lists → entries.
  ids.record(
    'catalog',
    await upsert(
      db,
      t.catalogs,
      d.catalogs.map((c) => ({
        slug: c.slug,
        name: c.name,
        nameZh: c.nameZh ?? null,
        kind: c.kind,
        jurisdictionId: ids.get('jurisdiction', c.jurisdiction),
        note: c.note ?? null,
      })),
      [t.catalogs.slug],
      { id: t.catalogs.id, slug: t.catalogs.slug },
    ),
    (r) => r.slug as string,
  );
  const editions = d.catalogs.flatMap((c) => c.editions.map((e) => ({ c, e })));
  ids.record(
    'edition',
    await upsert(
      db,
      t.catalogEditions,
      editions.map(({ c, e }) => ({
        catalogId: ids.get('catalog', c.slug),
        label: e.label,
        title: e.title,
        titleZh: e.titleZh ?? null,
        status: e.status,
        issuedOn: dayOf(e.issuedOn),
        issuedOnPrecision: precisionOf(e.issuedOn),
        validFrom: dayOf(e.validFrom),
        validFromPrecision: precisionOf(e.validFrom),
        validTo: dayOf(e.validTo),
        validToPrecision: precisionOf(e.validTo),
        repealedOn: dayOf(e.repealedOn),
        repealedBy: ids.opt('instrument', e.repealedBy),
        declaredSize: e.declaredSize ?? null,
        verified: e.verified,
        note: e.note ?? null,
      })),
      [t.catalogEditions.catalogId, t.catalogEditions.label],
      { id: t.catalogEditions.id, catalogId: t.catalogEditions.catalogId, label: t.catalogEditions.label },
    ),
    (r) => `${r.catalogId}@${r.label}`,
  );
  const editionId = (slug: string, label: string) => ids.get('edition', `${ids.get('catalog', slug)}@${label}`);
  const editionIds = editions.map(({ c, e }) => editionId(c.slug, e.label));
  await replaceSources(
    db,
    t.catalogEditionSources,
    t.catalogEditionSources.editionId,
    'editionId',
    editions.map(({ c, e }) => ({ id: editionId(c.slug, e.label), sources: e.sources })),
    ids,
  );

  let listCount = 0;
  let entryCount = 0;
  if (editionIds.length) {
    const lists = editions.flatMap(({ c, e }) => e.lists.map((l, i) => ({ edition: editionId(c.slug, e.label), l, position: i + 1 })));
    const writtenLists = await upsert(
      db,
      t.catalogLists,
      lists.map(({ edition, l, position }) => ({
        editionId: edition,
        code: l.code,
        name: l.name,
        nameZh: l.nameZh ?? null,
        position,
        declaredSize: l.declaredSize ?? null,
        note: l.note ?? null,
      })),
      [t.catalogLists.editionId, t.catalogLists.code],
      { id: t.catalogLists.id, editionId: t.catalogLists.editionId, code: t.catalogLists.code },
    );
    ids.record('list', writtenLists, (r) => `${r.editionId}@${r.code}`);
    listCount = writtenLists.length;
    const keptLists = writtenLists.map((l) => l.id as number);
    await deleteAllBut(db, t.catalogLists, t.catalogLists.id, t.catalogLists.editionId, editionIds, keptLists);
    if (keptLists.length) {
      await db.delete(t.benefitLinks).where(inArray(t.benefitLinks.listId, keptLists));
      await insertAll(
        db,
        t.benefitLinks,
        lists.flatMap(({ edition, l }) =>
          l.benefits.map((b) => ({ benefitId: ids.get('benefit', b), listId: ids.get('list', `${edition}@${l.code}`) })),
        ),
      );
    }

    const entries = editions.flatMap(({ c, e }) => e.entries.map((x) => ({ edition: editionId(c.slug, e.label), x })));
    await ids.need(
      'qualification',
      t.qualifications,
      t.qualifications.slug,
      entries.map(({ x }) => x.qualification),
    );
    await ids.need(
      'occupation',
      t.occupations,
      t.occupations.code,
      entries.map(({ x }) => x.occupation),
    );
    const entryRow = ({ edition, x }: (typeof entries)[number]) => ({
      editionId: edition,
      qualificationId: ids.opt('qualification', x.qualification),
      occupationId: ids.opt('occupation', x.occupation),
      field: x.field ?? null,
      correspondingTitle: x.correspondingTitle ?? null,
      titleLevel: x.titleLevel ?? null,
      skillLevel: x.skillLevel ?? null,
      occupationNameZh: x.occupationNameZh ?? null,
      sourceLevel: x.sourceLevel ?? null,
      verified: x.verified,
      note: x.note ?? null,
    });
    const returning = {
      id: t.catalogEntries.id,
      editionId: t.catalogEntries.editionId,
      qualificationId: t.catalogEntries.qualificationId,
      occupationId: t.catalogEntries.occupationId,
      occupationNameZh: t.catalogEntries.occupationNameZh,
    };
    const written = [
      ...(await upsert(
        db,
        t.catalogEntries,
        entries.filter(({ x }) => x.qualification).map(entryRow),
        [t.catalogEntries.editionId, t.catalogEntries.qualificationId],
        returning,
      )),
      ...(await upsert(
        db,
        t.catalogEntries,
        entries.filter(({ x }) => x.occupation).map(entryRow),
        [t.catalogEntries.editionId, t.catalogEntries.occupationId],
        returning,
      )),
      ...(await upsert(
        db,
        t.catalogEntries,
        entries.filter(({ x }) => !x.qualification && !x.occupation).map(entryRow),
        [t.catalogEntries.editionId, t.catalogEntries.occupationNameZh],
        returning,
        sql`${t.catalogEntries.qualificationId} IS NULL`,
      )),
    ];
    entryCount = written.length;
    const entryKey = (edition: number, q: number | null, o: number | null, named: string | null) =>
      q !== null ? `${edition}@q${q}` : o !== null ? `${edition}@o${o}` : `${edition}@n${named}`;
    ids.record('entry', written, (r) =>
      entryKey(
        r.editionId as number,
        r.qualificationId as number | null,
        r.occupationId as number | null,
        r.occupationNameZh as string | null,
      ),
    );
    const entryId = ({ edition, x }: (typeof entries)[number]) =>
      ids.get(
        'entry',
        entryKey(edition, ids.opt('qualification', x.qualification), ids.opt('occupation', x.occupation), x.occupationNameZh ?? null),
      );
    const kept = written.map((r) => r.id as number);
    await deleteAllBut(db, t.catalogEntries, t.catalogEntries.id, t.catalogEntries.editionId, editionIds, kept);
    await syncRows(
      db,
      t.catalogEntryLists,
      t.catalogEntryLists.editionId,
      editionIds,
      entries.flatMap((en) =>
        en.x.lists.map((code) => ({ entryId: entryId(en), listId: ids.get('list', `${en.edition}@${code}`), editionId: en.edition })),
      ),
      [t.catalogEntryLists.entryId, t.catalogEntryLists.listId],
    );
    await replaceSources(
      db,
      t.catalogEntrySources,
      t.catalogEntrySources.entryId,
      'entryId',
      entries.map((en) => ({ id: entryId(en), sources: en.x.sources })),
      ids,
    );
  }

  // Agreements.
  await ids.need(
    'group',
    t.regionGroups,
    t.regionGroups.slug,
    d.agreements.flatMap((a) => a.parties.map((p) => p.group)),
  );
  await ids.need(
    'standard',
    t.standards,
    t.standards.slug,
    d.agreements.map((a) => a.standard),
  );
  await ids.need(
    'catalog',
    t.catalogs,
    t.catalogs.slug,
    d.agreements.map((a) => a.catalog),
  );
  await ids.need(
    'qualification',
    t.qualifications,
    t.qualifications.slug,
    d.agreements.flatMap((a) => [a.qualification, a.equivalentQualification]),
  );
  const agreements = await upsert(
    db,
    t.recognitionAgreements,
    d.agreements.map((a) => ({
      slug: a.slug,
      name: a.name,
      nameZh: a.nameZh ?? null,
      kind: a.kind,
      direction: a.direction,
      status: a.status,
      validFrom: dayOf(a.validFrom),
      validFromPrecision: precisionOf(a.validFrom),
      validTo: dayOf(a.validTo),
      validToPrecision: precisionOf(a.validTo),
      repealedOn: dayOf(a.repealedOn),
      repealedBy: ids.opt('instrument', a.repealedBy),
      categoryId: ids.opt('category', a.category),
      standardId: ids.opt('standard', a.standard),
      catalogId: ids.opt('catalog', a.catalog),
      qualificationId: ids.opt('qualification', a.qualification),
      equivalentQualificationId: ids.opt('qualification', a.equivalentQualification),
      description: a.description ?? null,
      descriptionZh: a.descriptionZh ?? null,
      verified: a.verified,
      note: a.note ?? null,
    })),
    [t.recognitionAgreements.slug],
    { id: t.recognitionAgreements.id, slug: t.recognitionAgreements.slug },
  );
  ids.record('agreement', agreements, (r) => r.slug as string);
  if (agreements.length) {
    const agreementIds = agreements.map((a) => a.id as number);
    await syncRows(
      db,
      t.agreementParties,
      t.agreementParties.agreementId,
      agreementIds,
      d.agreements.flatMap((a) =>
        a.parties.map((p) => ({
          agreementId: ids.get('agreement', a.slug),
          role: p.role,
          jurisdictionId: ids.opt('jurisdiction', p.jurisdiction),
          regionGroupId: ids.opt('group', p.group),
        })),
      ),
      [t.agreementParties.agreementId, t.agreementParties.role, t.agreementParties.jurisdictionId, t.agreementParties.regionGroupId],
    );
    await db.delete(t.benefitLinks).where(inArray(t.benefitLinks.agreementId, agreementIds));
    await insertAll(
      db,
      t.benefitLinks,
      d.agreements.flatMap((a) => a.benefits.map((b) => ({ benefitId: ids.get('benefit', b), agreementId: ids.get('agreement', a.slug) }))),
    );
  }
  await replaceSources(
    db,
    t.agreementSources,
    t.agreementSources.agreementId,
    'agreementId',
    d.agreements.map((a) => ({ id: ids.get('agreement', a.slug), sources: a.sources })),
    ids,
  );

  const report = Object.fromEntries(SECTIONS.map((s) => [s, d[s].length])) as LoadReport;
  report.editions = editions.length;
  report.lists = listCount;
  report.entries = entryCount;
  report.standardVersions = versions.length;
  return report;
}

/**
 * Deletes the rows of these owners (editions) that the bundle no longer names. NOTE: the ids to
 * keep go through a temporary table, not a parameter list: an edition of 500,000 entries would
 * pass PostgreSQL's limit of 65,535 parameters in one statement.
 */
async function deleteAllBut(
  db: Db,
  table: PgTable,
  idColumn: PgColumn,
  ownerColumn: PgColumn,
  ownerIds: number[],
  keptIds: number[],
): Promise<void> {
  await db.execute(sql`CREATE TEMP TABLE IF NOT EXISTS bundle_kept_ids (id integer PRIMARY KEY) ON COMMIT DELETE ROWS`);
  await db.execute(sql`DELETE FROM bundle_kept_ids`);
  for (let i = 0; i < keptIds.length; i += CHUNK * 5) {
    await db.execute(
      sql`INSERT INTO bundle_kept_ids (id) VALUES ${sql.join(
        keptIds.slice(i, i + CHUNK * 5).map((id) => sql`(${id})`),
        sql`, `,
      )}`,
    );
  }
  await db
    .delete(table as never)
    .where(and(inArray(ownerColumn, ownerIds), sql`NOT EXISTS (SELECT 1 FROM bundle_kept_ids k WHERE k.id = ${idColumn})`));
}

async function replaceSources(
  db: Db,
  table: PgTable,
  ownerColumn: PgColumn,
  ownerKey: string,
  owners: { id: number; sources: { instrument: string; note?: string | undefined }[] }[],
  ids: Ids,
): Promise<void> {
  if (owners.length === 0) return;
  const columns = table as unknown as Record<string, PgColumn>;
  await syncRows(
    db,
    table,
    ownerColumn,
    owners.map((o) => o.id),
    owners.flatMap((o) =>
      o.sources.map((s) => ({ [ownerKey]: o.id, instrumentId: ids.get('instrument', s.instrument), note: s.note ?? null })),
    ),
    [columns[ownerKey]!, columns.instrumentId!],
  );
}

/**
 * Makes the rows of these owners exactly `desired`, by key: deletes the rows it no longer names,
 * inserts the new ones, and updates only rows whose other columns differ. NOTE: not "delete all,
 * insert again": the rows of a published record may not be deleted or changed (drizzle/0006), so
 * reloading an unchanged bundle must touch none of them; only what really changes meets the rule.
 */
async function syncRows(
  db: Db,
  table: PgTable,
  ownerColumn: PgColumn,
  ownerIds: number[],
  desired: Row[],
  keyColumns: PgColumn[],
): Promise<void> {
  if (ownerIds.length === 0) return;
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const keyProps = keyColumns.map((c) => Object.keys(columns).find((p) => columns[p] === c)!);
  const keyOf = (r: Row) => JSON.stringify(keyProps.map((k) => r[k] ?? null));
  const existing = new Map<string, Row>();
  for (let i = 0; i < ownerIds.length; i += CHUNK * 10) {
    const found = (await db
      .select()
      .from(table as never)
      .where(inArray(ownerColumn, ownerIds.slice(i, i + CHUNK * 10)))) as Row[];
    for (const r of found) existing.set(keyOf(r), r);
  }
  const wanted = new Map(desired.map((r) => [keyOf(r), r]));
  const gone = [...existing.entries()].filter(([k]) => !wanted.has(k)).map(([, r]) => r);
  const fresh: Row[] = [];
  const changed: Row[] = [];
  for (const [k, r] of wanted) {
    const old = existing.get(k);
    if (!old) fresh.push(r);
    else if (Object.keys(r).some((c) => (r[c] ?? null) !== (old[c] ?? null))) changed.push(r);
  }
  const match = (r: Row) =>
    and(
      ...keyColumns.map((c, i) =>
        r[keyProps[i]!] === null || r[keyProps[i]!] === undefined ? sql`${c} IS NULL` : sql`${c} = ${r[keyProps[i]!]}`,
      ),
    )!;
  for (let i = 0; i < gone.length; i += CHUNK) {
    const chunk = gone.slice(i, i + CHUNK);
    await db.delete(table as never).where(
      sql.join(
        chunk.map((r) => sql`(${match(r)})`),
        sql` OR `,
      ),
    );
  }
  for (const r of changed) {
    const set = Object.fromEntries(Object.entries(r).filter(([c]) => !keyProps.includes(c)));
    if (Object.keys(set).length)
      await db
        .update(table as never)
        .set(set as never)
        .where(match(r));
  }
  await insertAll(db, table, fresh);
}
