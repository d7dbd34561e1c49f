import type { Db } from '../../db/client.ts';
import { notFound } from '../../errors.ts';
import { applicableJurisdictions } from '../jurisdiction/jurisdiction.rules.ts';
import { allJurisdictions } from '../jurisdiction/jurisdiction.store.ts';
import { listStandards, type StandardRow } from './standard.store.ts';

/**
 * The standards that apply in a jurisdiction (its own, its province's, the national ones inside
 * the mainland system), or every standard; only those in force on `day` when given. An unknown
 * jurisdiction code is NOT_FOUND.
 */
export async function standardsApplying(db: Db, jurisdictionCode: string | undefined, day: string | undefined): Promise<StandardRow[]> {
  if (jurisdictionCode === undefined) return listStandards(db, { day });
  const all = await allJurisdictions(db);
  const j = [...all.values()].find((x) => x.code === jurisdictionCode);
  if (!j) throw notFound('jurisdiction', jurisdictionCode);
  return listStandards(db, { jurisdictionIds: applicableJurisdictions(j, all).map((x) => x.id), day });
}
