import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AgreementInForce,
  type EditionInForce,
  type Listing,
  qualificationRecognitionRules,
  qualificationsToRead,
} from '../src/modules/recognition/recognition.rules.ts';
import { inForce } from '../src/modules/time/validity.ts';
import { arbScenario, members, naive, naiveIncomplete, QUALS, REGIONS, type Scenario } from './helpers/recognition-reference.ts';

// The pure rules against the naive day-by-day reference, with no database: the facts a store
// would read are built straight from the random scenario, so thousands of cases run in seconds.

/** Numbers for everything a scenario names, as a database would give them. */
function factsOf(s: Scenario) {
  const jurisdiction = new Map(REGIONS.map((code, i) => [code, i + 1]));
  const code = new Map([...jurisdiction].map(([c, id]) => [id, c]));
  const qualification = new Map(QUALS.map((q, i) => [q, 100 + i]));
  const catalog = new Map(s.catalogs.map((c, i) => [c.slug, 200 + i]));
  const editions = s.catalogs.flatMap((c) => c.editions.map((e) => ({ c, e })));
  const editionId = new Map(editions.map(({ c, e }, i) => [`${c.slug}@${e.label}`, 300 + i]));
  const editionKey = new Map([...editionId].map(([k, id]) => [id, k]));
  const listings: Listing[] = editions.flatMap(({ c, e }) =>
    e.entries.map((x, i) => ({
      entryId: editionId.get(`${c.slug}@${e.label}`)! * 100 + i,
      qualificationId: qualification.get(x.qualification)!,
      editionId: editionId.get(`${c.slug}@${e.label}`)!,
      catalogId: catalog.get(c.slug)!,
      jurisdictionId: jurisdiction.get(c.jurisdiction)!,
      listIds: [1],
      validFrom: e.validFrom,
      validTo: e.validTo ?? null,
      repealedOn: e.repealedOn ?? null,
    })),
  );
  const agreementSlug = new Map(s.agreements.map((a, i) => [400 + i, a.slug]));
  const agreementsOn = (d: string): AgreementInForce[] =>
    s.agreements
      .map((a, i) => ({ a, id: 400 + i }))
      .filter(({ a }) => inForce({ status: 'PUBLISHED', validFrom: a.validFrom, validTo: a.validTo ?? null, repealedOn: null }, d))
      .map(({ a, id }) => {
        const ids = (role: (r: string) => boolean) =>
          new Set(
            a.parties
              .filter((p) => role(p.role))
              .flatMap(members)
              .map((j) => jurisdiction.get(j)!),
          );
        return {
          id,
          kind: a.kind,
          direction: a.direction,
          validFrom: a.validFrom,
          validTo: a.validTo ?? null,
          repealedOn: null,
          categoryId: null,
          standardId: null,
          catalogId: a.catalog ? catalog.get(a.catalog)! : null,
          qualificationId: a.qualification ? qualification.get(a.qualification)! : null,
          equivalentQualificationId: a.equivalentQualification ? qualification.get(a.equivalentQualification)! : null,
          sources: ids((r) => r !== 'TARGET'),
          targets: ids((r) => r !== 'SOURCE'),
          members: ids(() => true),
        };
      });
  const editionsOn = (d: string): EditionInForce[] =>
    editions
      .filter(({ e }) =>
        inForce({ status: 'PUBLISHED', validFrom: e.validFrom, validTo: e.validTo ?? null, repealedOn: e.repealedOn ?? null }, d),
      )
      .map(({ c, e }) => ({
        editionId: editionId.get(`${c.slug}@${e.label}`)!,
        catalogId: catalog.get(c.slug)!,
        jurisdictionId: jurisdiction.get(c.jurisdiction)!,
        declaredSize: e.declaredSize ?? null,
        loadedSize: e.entries.length,
      }));
  const catalogSlug = new Map([...catalog].map(([slug, id]) => [id, slug]));
  return { qualification, code, agreementsOn, editionsOn, listings, editionKey, agreementSlug, catalogSlug };
}

describe('the recognition rules, without a database, against a naive reference', () => {
  it('agree on thousands of cases: who honours what on a day, on what basis, in which window, and what is unknown', () => {
    let cases = 0;
    fc.assert(
      fc.property(arbScenario, (s) => {
        const f = factsOf(s);
        for (const d of s.days) {
          const agreements = f.agreementsOn(d);
          for (const q of QUALS) {
            const id = f.qualification.get(q)!;
            // The store reads only the listings of the qualification and its equivalents: so does this.
            const wanted = new Set(qualificationsToRead([id], agreements));
            const answer = qualificationRecognitionRules([id], {
              day: d,
              agreements,
              editions: f.editionsOn(d),
              listings: f.listings.filter((l) => wanted.has(l.qualificationId)),
              codeOf: (j) => f.code.get(j)!,
            }).get(id)!;
            const recognitions = answer.recognitions
              .map((r) => {
                const catalog = f.catalogSlug.get(f.listings.find((l) => l.editionId === r.editionId)!.catalogId);
                const agreement = r.agreementId === null ? '' : f.agreementSlug.get(r.agreementId);
                return `${r.jurisdictionCode}|${r.basis}|${agreement}|${catalog} [${r.from}, ${r.to ?? '…'})`;
              })
              .sort();
            const incomplete = answer.incomplete.map((e) => f.editionKey.get(e.editionId)!).sort();
            expect({ q, d, recognitions, incomplete }).toEqual({
              q,
              d,
              recognitions: naive(s, q, d),
              incomplete: naiveIncomplete(s, q, d),
            });
            cases += 1;
          }
        }
      }),
      { numRuns: 1000 },
    );
    expect(cases).toBeGreaterThanOrEqual(4000);
  }, 300_000);
});
