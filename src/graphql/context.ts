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

type BaseLoaders = ReturnType<typeof createJurisdictionLoaders> &
  ReturnType<typeof createInstrumentLoaders> &
  ReturnType<typeof createCatalogLoaders> &
  ReturnType<typeof createQualificationLoaders> &
  ReturnType<typeof createStandardLoaders> &
  ReturnType<typeof createBenefitLoaders> &
  ReturnType<typeof createAgreementLoaders>;
export type Loaders = BaseLoaders & ReturnType<typeof createRecognitionLoaders>;

/** Each module's loaders, built together on first use of any of them. */
const GROUPS: ((db: Db, loaders: Loaders) => object)[] = [
  createJurisdictionLoaders,
  createInstrumentLoaders,
  createCatalogLoaders,
  createQualificationLoaders,
  createStandardLoaders,
  createBenefitLoaders,
  createAgreementLoaders,
  createRecognitionLoaders,
];

/**
 * The request's DataLoaders, made when a resolver first asks for one. NOTE: building all of them
 * (about 70) for every request was a tenth of the CPU of a lookup by ID in the benchmark's
 * profile, while a request uses a handful. A getter per loader name sits on the prototype, so a
 * context costs one small object until a loader is used.
 */
class LazyLoaders {
  readonly groups: (Record<string, unknown> | undefined)[] = [];
  constructor(readonly db: Db) {}
}
GROUPS.forEach((make, index) => {
  // Factories only close over db and loaders; nothing runs until a loader is asked for a key.
  for (const name of Object.keys(make(undefined as unknown as Db, undefined as unknown as Loaders))) {
    Object.defineProperty(LazyLoaders.prototype, name, {
      get(this: LazyLoaders) {
        const group = (this.groups[index] ??= make(this.db, this as unknown as Loaders) as Record<string, unknown>);
        return group[name];
      },
    });
  }
});

/**
 * One context per request: fresh DataLoaders (their caches live for one request only, so
 * several hub processes never disagree), the database handle, and the request's "today".
 */
export function createContext(deps: { db: Db; config: Config; requestId?: string }, now: Date = new Date()) {
  return {
    db: deps.db,
    config: deps.config,
    /** Echoed in `x-request-id` and in masked errors, and logged with them. */
    requestId: deps.requestId ?? randomUUID(),
    /** `asOf` when a query omits it: today in China Standard Time, fixed for the whole request. */
    today: todayInChina(now),
    loaders: new LazyLoaders(deps.db) as unknown as Loaders,
  };
}

export type Context = ReturnType<typeof createContext>;
