import type DataLoader from 'dataloader';

/** What relay's node loader wants: one value per id, null for a miss. */
export async function loadNodes<V>(loader: DataLoader<number, V | null>, ids: readonly (string | number)[]): Promise<(V | null)[]> {
  const results = await loader.loadMany(ids.map(Number));
  return results.map((r) => (r instanceof Error ? null : r));
}

export function parseNodeId(id: string | number): number {
  const n = Number(id);
  // Relay hands us the local part of the global ID; anything but a positive integer matches nothing.
  return Number.isSafeInteger(n) && n > 0 ? n : -1;
}
