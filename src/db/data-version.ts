import { eq, sql } from 'drizzle-orm';
import type { Db } from './client.ts';
import { hubMeta } from './tables/index.ts';

/** The version of the data: every bundle load raises it, in the same transaction. */
export async function dataVersion(db: Db): Promise<number> {
  const [row] = await db.select({ value: hubMeta.value }).from(hubMeta).where(eq(hubMeta.key, 'data_version'));
  return row?.value ?? 0;
}

/** Called by the loader inside its transaction: answers cached before the load stop matching. */
export async function bumpDataVersion(db: Db): Promise<void> {
  await db
    .insert(hubMeta)
    .values({ key: 'data_version', value: 1 })
    .onConflictDoUpdate({ target: hubMeta.key, set: { value: sql`${hubMeta.value} + 1` } });
}
