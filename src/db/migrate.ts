import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import { migrationsFolder } from '../paths.ts';
import type { Database, Db } from './client.ts';

/** Applies the committed drizzle-kit migrations. Call inside `withExclusiveLock`. */
export async function migrate(database: Database, db: Db): Promise<void> {
  if (database.engine === 'pglite') {
    await migratePglite(db as never, { migrationsFolder });
  } else {
    await migratePostgres(db as never, { migrationsFolder });
  }
}
