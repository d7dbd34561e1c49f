// Batch functions for DataLoaders: rows back in the order of the keys asked for.
import DataLoader from 'dataloader';

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

/** One row per key (by id, slug, code): one statement for every key asked in the same tick. */
export function oneLoader<K, V>(fetch: (keys: K[]) => Promise<V[]>, keyOf: (row: V) => K): DataLoader<K, V | null> {
  return new DataLoader<K, V | null>(async (keys) => inKeyOrder(keys, await fetch([...keys]), keyOf));
}

/** Many rows per key (children of a parent): one statement for every parent asked in the same tick. */
export function manyLoader<K, V>(fetch: (keys: K[]) => Promise<V[]>, keyOf: (row: V) => K): DataLoader<K, V[]> {
  return new DataLoader<K, V[]>(async (keys) => groupedInKeyOrder(keys, await fetch([...keys]), keyOf));
}
