// Batch functions for DataLoaders: rows back in the order of the keys asked for.
import type { Db } from './client.ts';

/** Maps rows back to the order of the keys asked for; null where no row has the key. */
export function inKeyOrder<K, V>(keys: readonly K[], rows: readonly V[], keyOf: (row: V) => K): (V | null)[] {
  const map = new Map<K, V>();
  for (const row of rows) map.set(keyOf(row), row);
  return keys.map((k) => map.get(k) ?? null);
}

/** Groups rows under the keys asked for, keeping the rows' order; [] where a key has none. */
export function groupedInKeyOrder<K, V>(keys: readonly K[], rows: readonly V[], keyOf: (row: V) => K): V[][] {
  const map = new Map<K, V[]>();
  for (const row of rows) {
    const k = keyOf(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return keys.map((k) => map.get(k) ?? []);
}

/** The key of a loadable node: an internal id (from a foreign key) or its natural key. */
export type NodeKey = number | string;

/** How a store finds one type's rows: by internal ids, by natural keys, and which natural key a row has. */
export interface NodeStore<R extends { id: number }> {
  byIds(db: Db, ids: number[]): Promise<R[]>;
  byKeys(db: Db, keys: string[]): Promise<R[]>;
  keyOf(row: R): string;
}

/** Rows for a batch of ids and natural keys, in key order; null for a key that matches nothing. */
export async function loadNodes<R extends { id: number }>(store: NodeStore<R>, db: Db, keys: readonly NodeKey[]): Promise<(R | null)[]> {
  const ids: number[] = [];
  const naturals: string[] = [];
  for (const k of keys) {
    if (typeof k === 'number') ids.push(k);
    else naturals.push(k);
  }
  const [byId, byKey] = await Promise.all([ids.length ? store.byIds(db, ids) : [], naturals.length ? store.byKeys(db, naturals) : []]);
  const idMap = new Map(byId.map((r) => [r.id, r]));
  const keyMap = new Map(byKey.map((r) => [store.keyOf(r), r]));
  return keys.map((k) => (typeof k === 'number' ? (idMap.get(k) ?? null) : (keyMap.get(k) ?? null)));
}
