import type { Database } from '../../db/client.ts';
import { migrate } from '../../db/migrate.ts';
import { jurisdictions } from '../../db/tables/index.ts';
import { seedsFolder } from '../../paths.ts';
import { loadBundle } from './bundle.load.ts';
import { readBundles } from './bundle.read.ts';

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
    const report = await loadBundle(db, readBundles([seedsFolder]), {
      audit: { accountId: null, authorityId: null, actor: 'hub:seed-on-empty', requestId: null },
    });
    options.log?.(`seeded an empty database from seeds/: ${JSON.stringify(report)}`);
  });
}
