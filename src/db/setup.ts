import { fileURLToPath } from 'node:url';
import { loadBundle } from '../modules/bundle/bundle.load.ts';
import { readBundles } from '../modules/bundle/bundle.read.ts';
import type { Database } from './client.ts';
import { migrate } from './migrate.ts';
import { jurisdictions } from './tables/index.ts';

export const seedsFolder = fileURLToPath(new URL('../../seeds', import.meta.url));

/**
 * Brings a database up to date: migrations, then the real seed data if it is empty. Several hub
 * processes starting at once on one PostgreSQL take turns through an advisory lock.
 */
export async function prepareDatabase(database: Database, options: { seedOnEmpty: boolean; log?: (msg: string) => void }): Promise<void> {
  await database.withExclusiveLock(async (db) => {
    await migrate(database, db);
    if (!options.seedOnEmpty) return;
    const any = await db.select({ id: jurisdictions.id }).from(jurisdictions).limit(1);
    if (any.length > 0) return;
    const report = await loadBundle(db, readBundles([seedsFolder]));
    options.log?.(`seeded an empty database from seeds/: ${JSON.stringify(report)}`);
  });
}
