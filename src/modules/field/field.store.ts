import { asc } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { rowsWhereAny } from '../../db/prepared.ts';
import { fields } from '../../db/tables/index.ts';

export type FieldRow = typeof fields.$inferSelect;

/** Terms of the field vocabulary by code: one prepared statement. */
export const fieldsByCode = rowsWhereAny<typeof fields, FieldRow, string>('fieldsByCode', fields, fields.code, asc(fields.code));

/** The whole vocabulary, by code. */
export async function listFields(db: Db): Promise<FieldRow[]> {
  return await db.select().from(fields).orderBy(asc(fields.code));
}
