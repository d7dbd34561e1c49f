import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, rows } from '../src/db/client.ts';
import { type TestDatabase, testDatabase } from './helpers/hub.ts';

// The governance rules the database keeps whoever writes (drizzle/0006), tried by plain SQL on
// the seeded data: a person with psql meets the same refusals as the hub.

let test: TestDatabase;
const ROLLBACK = new Error('rollback');

/** Runs `fn` in a transaction that is always rolled back; returns the database's refusal, or null. */
async function attempt(fn: (tx: Db) => Promise<unknown>): Promise<string | null> {
  try {
    await test.database.db.transaction(async (tx) => {
      await fn(tx as unknown as Db);
      throw ROLLBACK;
    });
  } catch (error) {
    if (error === ROLLBACK) return null;
    const e = error as Error & { cause?: Error };
    return e.cause?.message ?? e.message;
  }
  return null;
}

let edition: { id: number; valid_to: string | null };
beforeAll(async () => {
  test = await testDatabase({ seeded: true });
  // A published, unrepealed edition of the seed with entries.
  [edition] = (await rows<{ id: number; valid_to: string | null }>(
    test.database.db,
    sql`SELECT e.id, e.valid_to::text FROM catalog_editions e JOIN catalogs c ON c.id = e.catalog_id
        WHERE e.status = 'PUBLISHED' AND e.repealed_on IS NULL
          AND EXISTS (SELECT 1 FROM catalog_entries x WHERE x.edition_id = e.id)
        ORDER BY e.id LIMIT 1`,
  )) as [{ id: number; valid_to: string | null }];
});
afterAll(async () => {
  await test?.drop();
});

describe('published rows, by SQL', () => {
  it('refuse edits and deletes of a published edition and its parts', async () => {
    const id = edition.id;
    const published = (table: string, op: string) => `a row of ${table} belongs to a published record: it can be added to, not ${op}`;
    expect(await attempt((tx) => tx.execute(sql`UPDATE catalog_editions SET title = 'Edited' WHERE id = ${id}`))).toBe(
      `catalog_editions ${id} is published: only its repeal or its end by a successor may be recorded; a correction is a new edition or version`,
    );
    expect(await attempt((tx) => tx.execute(sql`UPDATE catalog_editions SET status = 'WITHDRAWN' WHERE id = ${id}`))).toMatch(
      /is published/,
    );
    expect(await attempt((tx) => tx.execute(sql`DELETE FROM catalog_editions WHERE id = ${id}`))).toBe(
      `catalog_editions ${id} is published: it cannot be deleted, only repealed or superseded`,
    );
    expect(await attempt((tx) => tx.execute(sql`DELETE FROM catalog_entries WHERE edition_id = ${id}`))).toMatch(
      new RegExp(`^${published('catalog_entries', 'delete')}`),
    );
    expect(await attempt((tx) => tx.execute(sql`UPDATE catalog_entries SET note = 'edited' WHERE edition_id = ${id}`))).toMatch(
      new RegExp(`^${published('catalog_entries', 'update')}`),
    );
    expect(
      await attempt((tx) =>
        tx.execute(sql`DELETE FROM catalog_entry_sources WHERE entry_id IN (SELECT id FROM catalog_entries WHERE edition_id = ${id})`),
      ),
    ).toMatch(new RegExp(`^${published('catalog_entry_sources', 'delete')}`));
    expect(await attempt((tx) => tx.execute(sql`DELETE FROM catalog_edition_sources WHERE edition_id = ${id}`))).toMatch(
      new RegExp(`^${published('catalog_edition_sources', 'delete')}`),
    );
    expect(await attempt((tx) => tx.execute(sql`UPDATE standard_versions SET title = 'Edited' WHERE status = 'PUBLISHED'`))).toMatch(
      /^standard_versions \d+ is published/,
    );
    expect(await attempt((tx) => tx.execute(sql`DELETE FROM agreement_parties`))).toMatch(
      /^a row of agreement_parties belongs to a published record/,
    );
  });

  it('allow what publication allows: a repeal once, an earlier end, added entries, and an unchanged write', async () => {
    const id = edition.id;
    expect(
      await attempt(async (tx) => {
        await tx.execute(
          sql`UPDATE catalog_editions SET repealed_on = valid_from + 10, repealed_by = (SELECT id FROM instruments ORDER BY id LIMIT 1) WHERE id = ${id}`,
        );
        await tx.execute(sql`UPDATE catalog_editions SET valid_to = valid_from + 30 WHERE id = ${id}`);
        await tx.execute(sql`UPDATE catalog_editions SET valid_to = valid_from + 20 WHERE id = ${id}`);
        await tx.execute(sql`UPDATE catalog_editions SET title = title WHERE id = ${id}`);
        await tx.execute(
          sql`INSERT INTO catalog_entries (edition_id, qualification_id)
              SELECT ${id}, q.id FROM qualifications q
              WHERE NOT EXISTS (SELECT 1 FROM catalog_entries x WHERE x.edition_id = ${id} AND x.qualification_id = q.id) LIMIT 1`,
        );
      }),
    ).toBeNull();
    // But not a second repeal, nor a later end.
    expect(
      await attempt(async (tx) => {
        await tx.execute(sql`UPDATE catalog_editions SET valid_to = valid_from + 30 WHERE id = ${id}`);
        await tx.execute(sql`UPDATE catalog_editions SET valid_to = valid_from + 40 WHERE id = ${id}`);
      }),
    ).toMatch(/is published/);
    expect(
      await attempt(async (tx) => {
        await tx.execute(
          sql`UPDATE catalog_editions SET repealed_on = valid_from + 10, repealed_by = (SELECT id FROM instruments ORDER BY id LIMIT 1) WHERE id = ${id}`,
        );
        await tx.execute(sql`UPDATE catalog_editions SET repealed_on = valid_from + 5 WHERE id = ${id}`);
      }),
    ).toMatch(/is published/);
  });

  it('allow a correction only in a transaction that states its reason', async () => {
    expect(
      await attempt(async (tx) => {
        await tx.execute(sql`SELECT set_config('hub.correction', 'typo in the title', true)`);
        await tx.execute(sql`UPDATE catalog_editions SET title = 'Corrected' WHERE id = ${edition.id}`);
        await tx.execute(sql`DELETE FROM catalog_entries WHERE edition_id = ${edition.id}`);
      }),
    ).toBeNull();
  });
});

describe('the sizes of editions, by SQL (drizzle/0019)', () => {
  /** Editions whose kept size is not the count of their entries, as [id, kept, counted]. */
  const drift = (tx: Db) =>
    rows<{ id: number; kept: number; counted: number }>(
      tx,
      sql`SELECT ed.id, COALESCE(s.loaded_size, 0) AS kept, (SELECT count(*)::int FROM catalog_entries e WHERE e.edition_id = ed.id) AS counted
          FROM catalog_editions ed LEFT JOIN catalog_edition_sizes s ON s.edition_id = ed.id
          WHERE COALESCE(s.loaded_size, 0) <> (SELECT count(*) FROM catalog_entries e WHERE e.edition_id = ed.id)`,
    );
  it('follow every insert and delete of entries, in one statement or many, and a cascade from the edition', async () => {
    expect(await drift(test.database.db)).toEqual([]);
    let during: unknown[] = [];
    const sizeOf = async (tx: Db) =>
      (await rows<{ n: number }>(tx, sql`SELECT loaded_size AS n FROM catalog_edition_sizes WHERE edition_id = ${edition.id}`))[0]?.n;
    const before = await sizeOf(test.database.db);
    expect(
      await attempt(async (tx) => {
        await tx.execute(
          sql`INSERT INTO catalog_entries (edition_id, qualification_id)
              SELECT ${edition.id}, q.id FROM qualifications q
              WHERE NOT EXISTS (SELECT 1 FROM catalog_entries x WHERE x.edition_id = ${edition.id} AND x.qualification_id = q.id) LIMIT 3`,
        );
        during.push(await sizeOf(tx));
        await tx.execute(sql`SELECT set_config('hub.correction', 'a test of the sizes', true)`);
        await tx.execute(
          sql`DELETE FROM catalog_entries WHERE id IN (SELECT id FROM catalog_entries WHERE edition_id = ${edition.id} ORDER BY id DESC LIMIT 2)`,
        );
        during.push(await sizeOf(tx));
        during.push(await drift(tx));
        // An entry moved to another edition (a correction), and one rewritten in place.
        await tx.execute(
          sql`UPDATE catalog_entries x SET edition_id = (SELECT o.id FROM catalog_editions o WHERE o.id <> ${edition.id}
                AND NOT EXISTS (SELECT 1 FROM catalog_entries y WHERE y.edition_id = o.id AND y.qualification_id = x.qualification_id) ORDER BY o.id LIMIT 1)
              WHERE x.id = (SELECT max(id) FROM catalog_entries WHERE edition_id = ${edition.id} AND qualification_id IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM catalog_entry_lists l WHERE l.entry_id = catalog_entries.id)
                AND NOT EXISTS (SELECT 1 FROM catalog_entry_sources l WHERE l.entry_id = catalog_entries.id))`,
        );
        await tx.execute(sql`UPDATE catalog_entries SET note = note WHERE edition_id = ${edition.id}`);
        during.push(await sizeOf(tx));
        during.push(await drift(tx));
        await tx.execute(sql`DELETE FROM catalog_editions WHERE id = ${edition.id}`);
        during.push(await sizeOf(tx));
        during.push(await drift(tx));
      }),
    ).toBeNull();
    expect(during).toEqual([before! + 3, before! + 1, [], before!, [], undefined, []]);
    during = [];
    expect(await drift(test.database.db)).toEqual([]);
  });
  it('are derived: written directly, refused', async () => {
    for (const statement of [
      sql`UPDATE catalog_edition_sizes SET loaded_size = loaded_size + 1`,
      sql`DELETE FROM catalog_edition_sizes`,
      sql`INSERT INTO catalog_edition_sizes (edition_id, loaded_size) SELECT id, 0 FROM catalog_editions ORDER BY id LIMIT 1 ON CONFLICT DO NOTHING`,
    ]) {
      expect(await attempt((tx) => tx.execute(statement))).toMatch(
        /^catalog_edition_sizes is derived from catalog_entries: (UPDATE|DELETE|INSERT) is refused$/,
      );
    }
  });
});

describe('the audit log, by SQL', () => {
  it('is append-only: no update, delete or truncate', async () => {
    const [{ n }] = (await rows<{ n: number }>(test.database.db, sql`SELECT count(*)::int AS n FROM audit_log`)) as [{ n: number }];
    expect(n).toBeGreaterThan(0); // the seed load is audited
    for (const statement of [sql`UPDATE audit_log SET actor = 'someone else'`, sql`DELETE FROM audit_log`, sql`TRUNCATE audit_log`]) {
      expect(await attempt((tx) => tx.execute(statement))).toMatch(/^the audit log is append-only: (UPDATE|DELETE|TRUNCATE) is refused$/);
    }
    expect(await attempt((tx) => tx.execute(sql`SELECT set_config('hub.correction', 'x', true); DELETE FROM audit_log`))).toMatch(
      /append-only|cannot insert multiple commands/,
    );
  });
});
