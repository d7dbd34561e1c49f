import { inArray, type SQL, sql } from 'drizzle-orm';
import { type Db, rows } from '../../db/client.ts';
import { changeEvents } from '../../db/tables/index.ts';
import type { Precision } from '../time/dates.ts';
import { enqueueDeliveries } from '../webhook/webhook.store.ts';
import type { ChangeInput, ChangeKind, PublishedState, RecordState } from './change.rules.ts';

// NOTE: the SQL of the change feed. What counts as a change is change.rules.ts.

interface StateRow {
  key: string;
  id: number;
  jurisdiction_id: number | null;
  valid_from: string;
  valid_to: string | null;
  valid_from_precision: Precision;
  valid_to_precision: Precision;
  repealed_on: string | null;
  instrument_ids: number[];
  qualification_ids?: number[];
  entries?: number;
}

const toState = (r: StateRow): RecordState => ({
  id: r.id,
  key: r.key,
  jurisdictionId: r.jurisdiction_id,
  validFrom: r.valid_from,
  validTo: r.valid_to,
  validFromPrecision: r.valid_from_precision,
  validToPrecision: r.valid_to_precision,
  repealedOn: r.repealed_on,
  instrumentIds: r.instrument_ids ?? [],
  ...(r.qualification_ids !== undefined ? { qualificationIds: r.qualification_ids ?? [], entries: Number(r.entries ?? 0) } : {}),
});

/** The published records of these series and slugs, with what the change rules compare. */
export async function publishedState(
  db: Db,
  keys: { catalogs: string[]; standards: string[]; agreements: string[] },
): Promise<PublishedState> {
  const state: PublishedState = { editions: new Map(), versions: new Map(), agreements: new Map() };
  if (keys.catalogs.length) {
    const found = await rows<StateRow>(
      db,
      sql`SELECT c.slug || '@' || e.label AS key, e.id, c.jurisdiction_id, e.valid_from::text, e.valid_to::text, e.valid_from_precision, e.valid_to_precision, e.repealed_on::text,
                 coalesce((SELECT array_agg(s.instrument_id ORDER BY s.instrument_id) FROM catalog_edition_sources s WHERE s.edition_id = e.id), '{}') AS instrument_ids,
                 coalesce((SELECT array_agg(x.qualification_id ORDER BY x.qualification_id) FROM catalog_entries x WHERE x.edition_id = e.id AND x.qualification_id IS NOT NULL), '{}') AS qualification_ids,
                 (SELECT count(*) FROM catalog_entries x WHERE x.edition_id = e.id)::int AS entries
          FROM catalog_editions e JOIN catalogs c ON c.id = e.catalog_id
          WHERE e.status = 'PUBLISHED' AND ${inArray(sql`c.slug`, keys.catalogs)}`,
    );
    for (const r of found) state.editions.set(r.key, toState(r));
  }
  if (keys.standards.length) {
    const found = await rows<StateRow>(
      db,
      sql`SELECT s.slug || '@' || v.label AS key, v.id, s.jurisdiction_id, v.valid_from::text, v.valid_to::text, v.valid_from_precision, v.valid_to_precision, v.repealed_on::text,
                 coalesce((SELECT array_agg(x.instrument_id ORDER BY x.instrument_id) FROM standard_version_sources x WHERE x.version_id = v.id), '{}') AS instrument_ids
          FROM standard_versions v JOIN standards s ON s.id = v.standard_id
          WHERE v.status = 'PUBLISHED' AND ${inArray(sql`s.slug`, keys.standards)}`,
    );
    for (const r of found) state.versions.set(r.key, toState(r));
  }
  if (keys.agreements.length) {
    // An agreement belongs to its first named party's jurisdiction (the feed's jurisdiction filter also matches every party).
    const found = await rows<StateRow>(
      db,
      sql`SELECT a.slug AS key, a.id, (SELECT p.jurisdiction_id FROM agreement_parties p WHERE p.agreement_id = a.id AND p.jurisdiction_id IS NOT NULL ORDER BY p.id LIMIT 1) AS jurisdiction_id,
                 a.valid_from::text, a.valid_to::text, a.valid_from_precision, a.valid_to_precision, a.repealed_on::text,
                 coalesce((SELECT array_agg(x.instrument_id ORDER BY x.instrument_id) FROM agreement_sources x WHERE x.agreement_id = a.id), '{}') AS instrument_ids
          FROM recognition_agreements a
          WHERE a.status = 'PUBLISHED' AND ${inArray(sql`a.slug`, keys.agreements)}`,
    );
    for (const r of found) state.agreements.set(r.key, toState(r));
  }
  return state;
}

const EVENTS_PER_INSERT = 1_000;

/**
 * Appends events to the feed. NOTE: first it takes the row lock of the data version, which every
 * writing transaction takes too (bumpDataVersion), so the feed's positions are given out in
 * commit order: a reader that has seen position n can never later find an n−1 committed behind
 * it. Callers append after their other writes, so that lock is always taken last.
 */
export async function appendChanges(db: Db, events: ChangeInput[]): Promise<void> {
  if (events.length === 0) return;
  await db.execute(sql`SELECT 1 FROM hub_meta WHERE key = 'data_version' FOR UPDATE`);
  // In chunks: a bundle of thousands of editions is more events than one statement's 65,534
  // parameters hold; one after another in this transaction, so positions keep the events' order.
  for (let i = 0; i < events.length; i += EVENTS_PER_INSERT) {
    const written = await db
      .insert(changeEvents)
      .values(events.slice(i, i + EVENTS_PER_INSERT))
      .returning({ id: changeEvents.id });
    // The webhook outbox, in the same transaction: a change and its deliveries commit together or not at all.
    await enqueueDeliveries(
      db,
      written.map((w) => w.id),
    );
  }
  // Delivered at commit, to every process that listens (subscriptions); never for a rollback.
  await db.execute(sql`SELECT pg_notify(${CHANGES_CHANNEL}, '')`);
}

/** The NOTIFY channel of the change feed: a wake-up call; the events themselves are read from the table. */
export const CHANGES_CHANNEL = 'hub_changes';

export interface ChangeRow {
  position: number;
  /** 0 for a stored event; 1 for a lapse derived from dates, placed after the position it follows. */
  derived: number;
  at: string;
  kind: ChangeKind;
  subjectType: string;
  subjectId: number;
  subjectKey: string;
  jurisdictionId: number | null;
  effectiveOn: string;
  summary: string;
  details: unknown;
  instrumentIds: number[];
}

export interface ChangeFilter {
  jurisdictionIds: number[] | null;
  kinds: ChangeKind[] | null;
  qualificationId: number | null;
  today: string;
}

/**
 * The feed in order: stored events by position, and the lapses the calendar has reached, each
 * placed after the last event stored before its day began (and never before its record's own
 * publication), so it sorts the same on every process and a reader resuming from any cursor
 * meets it once.
 */
function feed(f: ChangeFilter): SQL {
  const lapses = sql`
    SELECT greatest(
             coalesce((SELECT max(c.id) FROM change_events c WHERE c.at < (l.ends::timestamp AT TIME ZONE 'Asia/Shanghai')), 0),
             (SELECT min(c.id) FROM change_events c WHERE c.subject_type = l.subject_type AND c.subject_id = l.subject_id)
           ) AS position,
           1 AS derived, (l.ends::timestamp AT TIME ZONE 'Asia/Shanghai') AS at, l.kind, l.subject_type, l.subject_id, l.subject_key,
           l.jurisdiction_id, l.ends AS effective_on,
           l.noun || ' ' || l.subject_key || ' lapsed on ' || l.ends || ': its validity ended and nothing replaced it' AS summary,
           jsonb_build_object('validTo', l.ends) AS details, l.instrument_ids, l.qualification_ids
    FROM (
      SELECT 'EDITION_LAPSED'::change_kind AS kind, 'catalog_edition' AS subject_type, e.id AS subject_id, c.slug || '@' || e.label AS subject_key,
             c.jurisdiction_id, e.valid_to AS ends, 'edition' AS noun,
             coalesce((SELECT array_agg(s.instrument_id) FROM catalog_edition_sources s WHERE s.edition_id = e.id), '{}') AS instrument_ids,
             coalesce((SELECT array_agg(x.qualification_id) FROM catalog_entries x WHERE x.edition_id = e.id AND x.qualification_id IS NOT NULL), '{}') AS qualification_ids
      FROM catalog_editions e JOIN catalogs c ON c.id = e.catalog_id
      WHERE e.status = 'PUBLISHED' AND e.valid_to IS NOT NULL AND e.valid_to <= ${f.today}::date
        AND (e.repealed_on IS NULL OR e.repealed_on > e.valid_to)
        AND NOT EXISTS (SELECT 1 FROM catalog_editions n WHERE n.catalog_id = e.catalog_id AND n.status = 'PUBLISHED' AND n.valid_from = e.valid_to)
      UNION ALL
      SELECT 'VERSION_LAPSED', 'standard_version', v.id, s.slug || '@' || v.label, s.jurisdiction_id, v.valid_to, 'standard version',
             coalesce((SELECT array_agg(x.instrument_id) FROM standard_version_sources x WHERE x.version_id = v.id), '{}'), '{}'::int[]
      FROM standard_versions v JOIN standards s ON s.id = v.standard_id
      WHERE v.status = 'PUBLISHED' AND v.valid_to IS NOT NULL AND v.valid_to <= ${f.today}::date
        AND (v.repealed_on IS NULL OR v.repealed_on > v.valid_to)
        AND NOT EXISTS (SELECT 1 FROM standard_versions n WHERE n.standard_id = v.standard_id AND n.status = 'PUBLISHED' AND n.valid_from = v.valid_to)
      UNION ALL
      SELECT 'AGREEMENT_LAPSED', 'recognition_agreement', a.id, a.slug,
             (SELECT p.jurisdiction_id FROM agreement_parties p WHERE p.agreement_id = a.id AND p.jurisdiction_id IS NOT NULL ORDER BY p.id LIMIT 1),
             a.valid_to, 'agreement',
             coalesce((SELECT array_agg(x.instrument_id) FROM agreement_sources x WHERE x.agreement_id = a.id), '{}'), '{}'::int[]
      FROM recognition_agreements a
      WHERE a.status = 'PUBLISHED' AND a.valid_to IS NOT NULL AND a.valid_to <= ${f.today}::date
        AND (a.repealed_on IS NULL OR a.repealed_on > a.valid_to)
    ) l`;
  const stored = sql`
    SELECT id AS position, 0 AS derived, at, kind, subject_type, subject_id, subject_key, jurisdiction_id, effective_on, summary, details,
           instrument_ids, qualification_ids
    FROM change_events`;
  const where: SQL[] = [];
  if (f.jurisdictionIds) where.push(inArray(sql`f.jurisdiction_id`, f.jurisdictionIds));
  if (f.kinds)
    where.push(
      sql`f.kind::text IN (${sql.join(
        f.kinds.map((k) => sql`${k}`),
        sql`, `,
      )})`,
    );
  if (f.qualificationId !== null) where.push(sql`${f.qualificationId}::int = ANY (f.qualification_ids)`);
  return sql`(SELECT * FROM (${stored} UNION ALL ${lapses}) f WHERE f.position IS NOT NULL${where.length ? sql` AND ${sql.join(where, sql` AND `)}` : sql``})`;
}

/** A page of the feed after (or before) a cursor (position, derived), in feed order. */
export async function listChanges(
  db: Db,
  f: ChangeFilter,
  page: { after: [number, number] | null; before: [number, number] | null; limit: number; inverted: boolean },
): Promise<ChangeRow[]> {
  const bounds: SQL[] = [];
  if (page.after) bounds.push(sql`(position, derived) > (${page.after[0]}::bigint, ${page.after[1]}::int)`);
  if (page.before) bounds.push(sql`(position, derived) < (${page.before[0]}::bigint, ${page.before[1]}::int)`);
  const order = page.inverted ? sql`position DESC, derived DESC, subject_id DESC` : sql`position, derived, subject_id`;
  const found = await rows<Record<string, unknown>>(
    db,
    sql`SELECT position, derived, at, kind, subject_type, subject_id, subject_key, jurisdiction_id, effective_on::text, summary, details, instrument_ids
        FROM ${feed(f)} x ${bounds.length ? sql`WHERE ${sql.join(bounds, sql` AND `)}` : sql``}
        ORDER BY ${order} LIMIT ${page.limit}`,
  );
  return found.map((r) => ({
    position: Number(r.position),
    derived: Number(r.derived),
    at: new Date(r.at as string).toISOString(),
    kind: r.kind as ChangeKind,
    subjectType: r.subject_type as string,
    subjectId: Number(r.subject_id),
    subjectKey: r.subject_key as string,
    jurisdictionId: r.jurisdiction_id === null ? null : Number(r.jurisdiction_id),
    effectiveOn: r.effective_on as string,
    summary: r.summary as string,
    details: r.details,
    instrumentIds: (r.instrument_ids as number[] | null) ?? [],
  }));
}

export async function countChanges(db: Db, f: ChangeFilter): Promise<number> {
  const [row] = await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM ${feed(f)} x`);
  return row?.n ?? 0;
}
