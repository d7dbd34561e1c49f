/** Escapes LIKE / ILIKE wildcards, so user text matches as typed. */
export const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);
