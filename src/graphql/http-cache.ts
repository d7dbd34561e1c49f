import { createHash } from 'node:crypto';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { persistedQueries } from '../db/tables/index.ts';

/**
 * The ETag of a GET answer: the data version, the day in China (an omitted `asOf` means today),
 * and the request's query string. The same three give the same answer on any hub process.
 */
export function etagFor(version: number, today: string, search: string): string {
  return `W/"v${version}-${createHash('sha256').update(`${today}\n${search}`).digest('base64url').slice(0, 22)}"`;
}

/**
 * Apollo's KeyValueCache on PostgreSQL, for automatic persisted queries: a hash registered
 * through one hub process is known to all of them. Bounded: anonymous clients register hashes,
 * so each entry expires after the TTL and the table keeps at most `maxEntries` (the ones that
 * expire first go first). A client whose hash was evicted gets PERSISTED_QUERY_NOT_FOUND and
 * sends the query again, as the protocol expects.
 */
export class PgKeyValueCache {
  constructor(
    private readonly db: Db,
    private readonly bounds: { ttlSeconds: number; maxEntries: number } = { ttlSeconds: 86_400, maxEntries: 10_000 },
  ) {}

  async get(key: string): Promise<string | undefined> {
    const [row] = await this.db
      .select({ value: persistedQueries.value })
      .from(persistedQueries)
      .where(and(eq(persistedQueries.key, key), or(isNull(persistedQueries.expiresAt), gt(persistedQueries.expiresAt, sql`now()`))));
    return row?.value;
  }

  async set(key: string, value: string, options?: { ttl?: number | null }): Promise<void> {
    const ttl = Math.min(options?.ttl ?? this.bounds.ttlSeconds, this.bounds.ttlSeconds);
    const expiresAt = new Date(Date.now() + ttl * 1000);
    await this.db
      .insert(persistedQueries)
      .values({ key, value, expiresAt, size: value.length })
      .onConflictDoUpdate({ target: persistedQueries.key, set: { value, expiresAt, size: value.length } });
    // NOTE: trimmed on every registration (rare: a client registers a query once), by the index
    // on expires_at, so the table never holds more than the cap.
    await this.db.execute(sql`
      DELETE FROM persisted_queries WHERE expires_at <= now() OR key IN (
        SELECT key FROM persisted_queries ORDER BY expires_at DESC NULLS FIRST OFFSET ${this.bounds.maxEntries})`);
  }

  async delete(key: string): Promise<boolean> {
    const gone = await this.db.delete(persistedQueries).where(eq(persistedQueries.key, key)).returning({ key: persistedQueries.key });
    return gone.length > 0;
  }
}

/**
 * The Cache-Control of every answer: `max-age=<maxAge>, public` for an answer without errors,
 * `no-store` otherwise. This is what Apollo's cache-control plugin computes for this schema (no
 * field carries a cache hint, and nothing is private), without the plugin's cost: it wraps every
 * field resolver of every request to collect hints, which the benchmark measured as the largest
 * single overhead of a catalog page. If a field ever needs its own hint, go back to the plugin.
 */
export function cachePolicyPlugin<TContext extends BaseContext & { actor: unknown }>(maxAge: number): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue, operation }) {
          // Mutations, and anything asked with a credential (it may show drafts), are never cached.
          const ok =
            response.body.kind === 'single' &&
            !response.body.singleResult.errors &&
            !contextValue.actor &&
            operation?.operation !== 'mutation';
          response.http.headers.set(
            'cache-control',
            ok ? `max-age=${maxAge}, public` : contextValue.actor ? 'private, no-store' : 'no-store',
          );
        },
      };
    },
  };
}
