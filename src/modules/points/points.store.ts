import { asc } from 'drizzle-orm';
import { rowsWhereAny } from '../../db/prepared.ts';
import { pointsRegionalBonuses, pointsRegionalBonusProvisions, pointsRegionalBonusSources } from '../../db/tables/index.ts';

export type RegionalBonusRow = typeof pointsRegionalBonuses.$inferSelect;
export type ProvisionRow = typeof pointsRegionalBonusProvisions.$inferSelect;
export type RegionalBonusSourceRow = typeof pointsRegionalBonusSources.$inferSelect;

/** The regional bonus rules of these schemes. */
export const bonusesOfSchemes = rowsWhereAny(
  'bonusesOfSchemes',
  pointsRegionalBonuses,
  pointsRegionalBonuses.schemeId,
  asc(pointsRegionalBonuses.id),
);

/** The provisions of these regional bonus rules, in order. */
export const provisionsOfBonuses = rowsWhereAny(
  'provisionsOfBonuses',
  pointsRegionalBonusProvisions,
  pointsRegionalBonusProvisions.bonusId,
  asc(pointsRegionalBonusProvisions.position),
);

/** The sources of these regional bonus rules. */
export const sourcesOfBonuses = rowsWhereAny<typeof pointsRegionalBonusSources, RegionalBonusSourceRow>(
  'sourcesOfBonuses',
  pointsRegionalBonusSources,
  pointsRegionalBonusSources.bonusId,
  asc(pointsRegionalBonusSources.instrumentId),
);
