import type { Db } from '../../db/client.ts';
import { badInput } from '../../errors.ts';
import { chainOf } from '../jurisdiction/jurisdiction.rules.ts';
import { allJurisdictions } from '../jurisdiction/jurisdiction.store.ts';
import {
  type BandRow,
  bandsOfIndicators,
  type CategoryRow,
  type CriterionRow,
  categoriesOfVersions,
  categoryStore,
  criteriaOfVersions,
  type IndicatorRow,
  indicatorsOfSchemes,
  type SchemeRow,
  type ThresholdRow,
  thresholdsOfSchemes,
  type VersionRow,
  versionStore,
} from '../standard/standard.store.ts';
import { type Evaluation, evaluatePoints, type PointsProfile, refusalOf, type SchemeFacts } from './points.rules.ts';
import { bonusesOfSchemes, type ProvisionRow, provisionsOfBonuses, type RegionalBonusRow } from './points.store.ts';

/** A profile as the API takes it: the work jurisdiction by its code. */
export type ProfileInput = Omit<PointsProfile, 'workJurisdictionChain'> & { workJurisdiction?: string | undefined };

/** An evaluation with the rows it names, so the API can serve them without reading them again. */
export interface EvaluationAnswer {
  scheme: SchemeRow;
  asOf: string;
  evaluation: Evaluation;
  indicators: Map<number, IndicatorRow>;
  bands: Map<number, BandRow>;
  categories: Map<number, CategoryRow>;
  criteria: Map<number, CriterionRow>;
  version: VersionRow | null;
  bonuses: Map<number, RegionalBonusRow>;
  provisions: Map<number, ProvisionRow>;
  workJurisdictionId: number | null;
}

/**
 * Scores a profile on a scheme on `asOf`. Refused as BAD_USER_INPUT (argument `scheme`, with a
 * `reason`) when the scheme's bands are not published or it is not in force that day; a profile
 * with problems is BAD_USER_INPUT naming the first problem's path under `profile` (all of them in
 * `problems`). Two rounds of reads, whatever the size of the scheme.
 */
export async function evaluateProfile(db: Db, scheme: SchemeRow, input: ProfileInput, asOf: string): Promise<EvaluationAnswer> {
  const [indicators, thresholds, bonuses, jurisdictions] = await Promise.all([
    indicatorsOfSchemes(db, [scheme.id]),
    thresholdsOfSchemes(db, [scheme.id]) as Promise<ThresholdRow[]>,
    bonusesOfSchemes(db, [scheme.id]),
    allJurisdictions(db),
  ]);
  const versionIds = scheme.standardVersionId === null ? [] : [scheme.standardVersionId];
  const [bands, versions, categories, criteria, provisions] = await Promise.all([
    bandsOfIndicators(
      db,
      indicators.map((i) => i.id),
    ),
    versionIds.length ? versionStore.byIds(db, versionIds) : [],
    versionIds.length ? categoriesOfVersions(db, versionIds) : [],
    versionIds.length ? criteriaOfVersions(db, versionIds) : [],
    bonuses.length
      ? provisionsOfBonuses(
          db,
          bonuses.map((b) => b.id),
        )
      : [],
  ]);
  const version = versions[0] ?? null;
  const categoryById = new Map(categories.map((c) => [c.id, c]));
  const facts: SchemeFacts = {
    slug: scheme.slug,
    maxPoints: scheme.maxPoints,
    bandsComplete: scheme.bandsComplete,
    version,
    indicators: indicators.map((i) => ({ ...i, bands: bands.filter((b) => b.indicatorId === i.id) })),
    thresholds,
    conferredCategoryIds: categories.map((c) => c.id),
    criteria: criteria.map((c) => ({ ...c, categoryCode: categoryById.get(c.categoryId)?.code ?? '' })),
    regionalBonuses: bonuses.map((b) => ({ ...b, provisions: provisions.filter((p) => p.bonusId === b.id) })),
  };
  const refusal = refusalOf(facts, asOf);
  if (refusal) throw badInput(refusal.message, { argument: 'scheme', reason: refusal.reason, scheme: scheme.slug });

  const { workJurisdiction, ...rest } = input;
  let workJurisdictionId: number | null = null;
  const profile: PointsProfile = { ...rest };
  if (workJurisdiction !== undefined) {
    const j = [...jurisdictions.values()].find((x) => x.code === workJurisdiction);
    if (!j)
      throw badInput(`Unknown jurisdiction '${workJurisdiction}' in profile.workJurisdiction`, { argument: 'profile.workJurisdiction' });
    workJurisdictionId = j.id;
    profile.workJurisdictionChain = chainOf(j, jurisdictions).map((x) => x.id);
  }
  const result = evaluatePoints(facts, profile, asOf);
  if (!result.evaluation) {
    const problems = result.problems.map((p) => ({
      path: `profile.${p.path}`,
      message: p.message.startsWith(p.path) ? `profile.${p.message}` : `profile.${p.path}: ${p.message}`,
    }));
    throw badInput(problems.map((p) => p.message).join('; '), { argument: problems[0]!.path, problems });
  }
  // The thresholds' categories may lie outside what the version confers (a scheme without a version).
  const thresholdCategories = thresholds.map((t) => t.categoryId).filter((id) => !categoryById.has(id));
  const categoryRows = thresholdCategories.length ? await categoryStore.byIds(db, thresholdCategories) : [];
  return {
    scheme,
    asOf,
    evaluation: result.evaluation,
    indicators: new Map(indicators.map((i) => [i.id, i])),
    bands: new Map(bands.map((b) => [b.id, b])),
    categories: new Map([...categories, ...categoryRows].map((c) => [c.id, c])),
    criteria: new Map(criteria.map((c) => [c.id, c])),
    version,
    bonuses: new Map(bonuses.map((b) => [b.id, b])),
    provisions: new Map(provisions.map((p) => [p.id, p])),
    workJurisdictionId,
  };
}
