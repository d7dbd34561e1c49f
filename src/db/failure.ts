/**
 * A database failure in one line: PostgreSQL's message, the table, constraint and detail it
 * names, and its SQLSTATE. Never the statement or its parameters: drizzle puts both in its
 * message, which for a bundle was 64–102 KB of SQL and values (and values may be private).
 */
export function describeDatabaseError(error: unknown): string {
  let e: unknown = error;
  for (let i = 0; i < 5 && e && typeof e === 'object'; i++) {
    const pg = e as Record<string, unknown>;
    if (typeof pg.code === 'string' && /^[0-9A-Z]{5}$/.test(pg.code) && typeof pg.message === 'string') {
      // postgres.js and PGlite spell the fields differently.
      const table = pg.table_name ?? pg.table;
      const constraint = pg.constraint_name ?? pg.constraint;
      const parts = [
        pg.message,
        table ? `table ${String(table)}` : null,
        constraint ? `constraint ${String(constraint)}` : null,
        typeof pg.detail === 'string' ? pg.detail : null,
        `SQLSTATE ${pg.code}`,
      ].filter(Boolean);
      return clip(parts.join('; '));
    }
    e = pg.cause;
  }
  const message = error instanceof Error ? error.message : String(error);
  // A drizzle failure without a PostgreSQL cause (a connection lost): its first line only.
  return clip(message.startsWith('Failed query:') ? 'a database statement failed' : (message.split('\n')[0] ?? message));
}

const clip = (text: string) => (text.length > 500 ? `${text.slice(0, 500)}…` : text);
