import type { Db } from '../../db/client.ts';
import type { JurisdictionFacts } from '../jurisdiction/jurisdiction.rules.ts';
import { allJurisdictions } from '../jurisdiction/jurisdiction.store.ts';
import {
  agreementReaches,
  type EditionInForce,
  isIncomplete,
  type QualificationAnswer,
  qualificationRecognitionRules,
  qualificationsToRead,
  type Recognition,
  statusRecognitionRules,
} from './recognition.rules.ts';
import { agreementsInForce, conferringVersions, editionsInForce, listingsOf } from './recognition.store.ts';

// NOTE: the recognition rules (recognition.rules.ts) on the facts of the database
// (recognition.store.ts). Each function runs a fixed number of statements, whatever the number
// of regions, editions, entries or agreements; independent reads go out at once on two pool
// connections, so an answer waits for the slower of them, not for their sum.

/** Who honours each of these qualifications on `day`, and on what basis. Four statements, whatever the number of qualifications. */
export async function qualificationRecognitions(
  db: Db,
  qualificationIds: number[],
  day: string,
): Promise<Map<number, QualificationAnswer>> {
  const [agreements, editions] = await Promise.all([agreementsInForce(db, day, ['LISTING', 'EQUIVALENCE']), editionsInForce(db, day)]);
  const [listings, jurisdictions] = await Promise.all([
    listingsOf(db, qualificationsToRead(qualificationIds, agreements)),
    allJurisdictions(db),
  ]);
  return qualificationRecognitionRules(qualificationIds, {
    day,
    agreements,
    editions,
    listings,
    codeOf: (id) => jurisdictions.get(id)?.code ?? '',
  });
}

/** Who honours a category granted in `grantedIn` on `day`. Three statements. */
export async function statusRecognitions(db: Db, categoryId: number, grantedIn: { id: number }, day: string): Promise<Recognition[]> {
  const [versions, agreements, jurisdictions] = await Promise.all([
    conferringVersions(db, categoryId),
    agreementsInForce(db, day, ['STATUS', 'NATIONWIDE']),
    allJurisdictions(db),
  ]);
  const granted = jurisdictions.get(grantedIn.id);
  if (!granted) return [];
  return statusRecognitionRules({ day, categoryId, grantedIn: granted, jurisdictions, versions, agreements });
}

/** Agreements in force on `day` that name a jurisdiction (itself or through a group), and national rules that reach it. One statement. */
export async function agreementsOfJurisdiction(
  db: Db,
  jurisdiction: Pick<JurisdictionFacts, 'id' | 'level' | 'mainland'>,
  day: string,
): Promise<number[]> {
  const all = await agreementsInForce(db, day, ['STATUS', 'NATIONWIDE', 'LISTING', 'EQUIVALENCE', 'TITLE']);
  return all.filter((a) => agreementReaches(a, jurisdiction)).map((a) => a.id);
}

/** Qualification-catalog editions in force on `day` that are not known to be complete. One statement. */
export async function incompleteEditions(db: Db, day: string): Promise<EditionInForce[]> {
  return (await editionsInForce(db, day)).filter(isIncomplete).sort((a, b) => a.editionId - b.editionId);
}
