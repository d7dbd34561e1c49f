import { randomUUID } from 'node:crypto';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { createAgreementLoaders } from '../modules/agreement/agreement.loaders.ts';
import { createBenefitLoaders } from '../modules/benefit/benefit.loaders.ts';
import { createCatalogLoaders } from '../modules/catalog/catalog.loaders.ts';
import { createInstrumentLoaders } from '../modules/instrument/instrument.loaders.ts';
import { createJurisdictionLoaders } from '../modules/jurisdiction/jurisdiction.loaders.ts';
import { createQualificationLoaders } from '../modules/qualification/qualification.loaders.ts';
import { createRecognitionLoaders } from '../modules/recognition/recognition.loaders.ts';
import { createStandardLoaders } from '../modules/standard/standard.loaders.ts';
import { todayInChina } from '../modules/time/dates.ts';

/**
 * One context per request: fresh DataLoaders (their caches live for one request only, so
 * several hub processes never disagree), the database handle, and the request's "today".
 */
export function createContext(deps: { db: Db; config: Config; requestId?: string }, now: Date = new Date()) {
  const { db } = deps;
  const loaders = {
    ...createJurisdictionLoaders(db),
    ...createInstrumentLoaders(db),
    ...createCatalogLoaders(db),
    ...createQualificationLoaders(db),
    ...createStandardLoaders(db),
    ...createBenefitLoaders(db),
    ...createAgreementLoaders(db),
  };
  return {
    db,
    config: deps.config,
    /** Echoed in `x-request-id` and in masked errors, and logged with them. */
    requestId: deps.requestId ?? randomUUID(),
    /** `asOf` when a query omits it: today in China Standard Time, fixed for the whole request. */
    today: todayInChina(now),
    loaders: { ...loaders, ...createRecognitionLoaders(db, loaders) },
  };
}

export type Context = ReturnType<typeof createContext>;
