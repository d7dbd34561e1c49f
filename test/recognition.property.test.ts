import { eq, inArray, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/client.ts';
import { rows } from '../src/db/client.ts';
import { catalogEditions, catalogs, jurisdictions, qualifications, recognitionAgreements } from '../src/db/tables/index.ts';
import { coverage } from '../src/modules/analysis/analysis.service.ts';
import { loadBundle } from '../src/modules/bundle/bundle.load.ts';
import { bundleFromObjects } from '../src/modules/bundle/bundle.read.ts';
import { qualificationRecognitions } from '../src/modules/recognition/recognition.service.ts';
import { honouredSet } from '../src/modules/recognition/recognition.store.ts';
import { baseBundle } from './helpers/bundles.ts';
import { type TestDatabase, testDatabase } from './helpers/hub.ts';
import { arbScenario, naive, naiveIncomplete, QUALS, REGIONS, scenarioBundle } from './helpers/recognition-reference.ts';

// The rules on the facts of a real database (the store, then the rules), against the naive
// reference; and the set form of the rules, which is SQL, against the rules. The rules alone
// meet the reference on thousands more cases in recognition.rules.test.ts.

async function engine(db: Db, q: string, d: string): Promise<{ recognitions: string[]; incomplete: string[] }> {
  const [qual] = await db
    .select({ id: qualifications.id })
    .from(qualifications)
    .where(inArray(qualifications.slug, [q]));
  const answer = (await qualificationRecognitions(db, [qual!.id], d)).get(qual!.id)!;
  const editionIds = [...new Set([...answer.recognitions.map((r) => r.editionId!), ...answer.incomplete.map((e) => e.editionId)])];
  const editions =
    editionIds.length === 0
      ? []
      : await db
          .select({ id: catalogEditions.id, label: catalogEditions.label, slug: catalogs.slug })
          .from(catalogEditions)
          .innerJoin(catalogs, eq(catalogs.id, catalogEditions.catalogId))
          .where(inArray(catalogEditions.id, editionIds));
  const agreementIds = answer.recognitions.map((r) => r.agreementId).filter((x): x is number => x !== null);
  const agreements =
    agreementIds.length === 0
      ? []
      : await db
          .select({ id: recognitionAgreements.id, slug: recognitionAgreements.slug })
          .from(recognitionAgreements)
          .where(inArray(recognitionAgreements.id, agreementIds));
  const codes = await db.select({ id: jurisdictions.id, code: jurisdictions.code }).from(jurisdictions);
  const edition = new Map(editions.map((e) => [e.id, e]));
  const slugOf = new Map(agreements.map((a) => [a.id, a.slug]));
  const codeOf = new Map(codes.map((c) => [c.id, c.code]));
  return {
    recognitions: answer.recognitions
      .map(
        (r) =>
          `${codeOf.get(r.jurisdictionId)}|${r.basis}|${r.agreementId === null ? '' : slugOf.get(r.agreementId)}|${edition.get(r.editionId!)!.slug} [${r.from}, ${r.to ?? '…'})`,
      )
      .sort(),
    incomplete: answer.incomplete.map((e) => `${edition.get(e.editionId)!.slug}@${edition.get(e.editionId)!.label}`).sort(),
  };
}

/** The set form of the rules, for every region at once: jurisdiction|basis|qualification. */
async function engineSet(db: Db, d: string): Promise<string[]> {
  const regions = await db
    .select({ id: jurisdictions.id, code: jurisdictions.code })
    .from(jurisdictions)
    .where(inArray(jurisdictions.code, REGIONS));
  const found = await rows<{ code: string; slug: string; basis: string }>(
    db,
    sql`SELECT DISTINCT j.code, q.slug, h.basis FROM ${await honouredSet(
      db,
      regions.map((r) => r.id),
      d,
    )} AS h
    JOIN ${jurisdictions} j ON j.id = h.j JOIN ${qualifications} q ON q.id = h.q`,
  );
  return found.map((r) => `${r.code}|${r.basis}|${r.slug}`).sort();
}

/** The rules' answers for every qualification, as the set form reports them: jurisdiction|basis|qualification. */
async function rulesSet(db: Db, d: string): Promise<string[]> {
  const quals = await db
    .select({ id: qualifications.id, slug: qualifications.slug })
    .from(qualifications)
    .where(inArray(qualifications.slug, QUALS));
  const answers = await qualificationRecognitions(
    db,
    quals.map((q) => q.id),
    d,
  );
  const codes = new Map(
    (await db.select({ id: jurisdictions.id, code: jurisdictions.code }).from(jurisdictions)).map((j) => [j.id, j.code]),
  );
  return [
    ...new Set(quals.flatMap((q) => answers.get(q.id)!.recognitions.map((r) => `${codes.get(r.jurisdictionId)}|${r.basis}|${q.slug}`))),
  ].sort();
}

/** Coverage by basis of every region on `d`, as jurisdiction|basis|count and jurisdiction|total|count. */
async function coverageByBasis(db: Db, d: string): Promise<string[]> {
  const regions = await db
    .select({ id: jurisdictions.id, code: jurisdictions.code })
    .from(jurisdictions)
    .where(inArray(jurisdictions.code, REGIONS));
  const codeOf = new Map(regions.map((r) => [r.id, r.code]));
  const counted = await coverage(
    db,
    regions.map((r) => r.id),
    d,
    'BASIS',
  );
  return [
    ...counted.rows.map((r) => `${codeOf.get(r.jurisdictionId)}|${r.group}|${r.count}`),
    ...[...counted.totals].filter(([, n]) => n > 0).map(([j, n]) => `${codeOf.get(j)}|total|${n}`),
  ].sort();
}

/** The same counts from the set form's jurisdiction|basis|qualification lines. */
async function coverageOfSet(_db: Db, set: string[]): Promise<string[]> {
  const count = new Map<string, Set<string>>();
  for (const line of set) {
    const [code, basis, slug] = line.split('|') as [string, string, string];
    for (const key of [`${code}|${basis}`, `${code}|total`]) count.set(key, (count.get(key) ?? new Set()).add(slug));
  }
  return [...count].map(([key, slugs]) => `${key}|${slugs.size}`).sort();
}

let test: TestDatabase;
beforeAll(async () => {
  test = await testDatabase({ seeded: false });
  await loadBundle(test.database.db, bundleFromObjects([baseBundle()]));
});
afterAll(async () => test?.drop());

class Rollback extends Error {}

describe('the recognition engine on the database', () => {
  it('agrees on 100 random bundles loaded into the database, and the set form (SQL) agrees with the rules', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(arbScenario, async (s) => {
        runs += 1;
        const bundle = scenarioBundle(s);
        try {
          await test.database.db.transaction(async (tx) => {
            await loadBundle(tx as unknown as Db, bundleFromObjects([bundle]));
            for (const d of s.days) {
              const set = await engineSet(tx as unknown as Db, d);
              expect({ d, set }).toEqual({ d, set: await rulesSet(tx as unknown as Db, d) });
              // Coverage, counted and then read back from the counts it keeps, says what the set says.
              const expected = await coverageOfSet(tx as unknown as Db, set);
              expect({ d, counted: await coverageByBasis(tx as unknown as Db, d) }).toEqual({ d, counted: expected });
              expect({ d, kept: await coverageByBasis(tx as unknown as Db, d) }).toEqual({ d, kept: expected });
              for (const q of QUALS) {
                const got = await engine(tx as unknown as Db, q, d);
                expect({ q, d, ...got }).toEqual({ q, d, recognitions: naive(s, q, d), incomplete: naiveIncomplete(s, q, d) });
              }
            }
            throw new Rollback();
          });
        } catch (error) {
          if (!(error instanceof Rollback)) throw error;
        }
      }),
      { numRuns: 100 },
    );
    expect(runs).toBeGreaterThanOrEqual(100);
  }, 600_000);
});
