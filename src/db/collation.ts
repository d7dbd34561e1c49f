import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { Db } from './client.ts';

// NOTE: PostgreSQL built with ICU has the `zh-x-icu` collation, whose order for Chinese is by
// pinyin (阿, 北京, 重庆, 广州, 上海 …). PGlite has no Chinese ICU collation: there Chinese names
// sort by code point, and the orders' descriptions say so. Which it is belongs to the database,
// found once when the hub connects, so every process on one database orders alike.

const PINYIN_COLLATION = 'zh-x-icu';
const pinyinDatabases = new WeakSet<object>();

/** Looks once whether this database orders Chinese by pinyin. */
export async function detectCollations(db: Db): Promise<void> {
  const found = await db.select({ name: sql<string>`collname` }).from(sql`pg_collation`).where(sql`collname = ${PINYIN_COLLATION}`);
  if (found.length > 0) pinyinDatabases.add(db);
}

/** True where Chinese text orders by pinyin. */
export const ordersByPinyin = (db: Db): boolean => pinyinDatabases.has(db);

/** A Chinese text expression in the order people expect: by pinyin where the database can, else by code point. */
export function chineseOrder(db: Db, e: SQLWrapper): SQL {
  return pinyinDatabases.has(db) ? sql`(${e} COLLATE "zh-x-icu")` : sql`${e}`;
}
