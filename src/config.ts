import { z } from 'zod';

/** PostgreSQL: how long to wait for a connection and a statement, and when to ask whether the server still answers (db/watch.ts). */
export interface DatabaseTimeouts {
  connectMs: number;
  statementMs: number;
  /** How long a request runs before the database is asked, on a connection of its own, whether it still answers. */
  stallMs: number;
  /** How long that question may take. */
  probeTimeoutMs: number;
  /** The longest any request may run. */
  deadlineMs: number;
}

export const DEFAULT_TIMEOUTS: DatabaseTimeouts = {
  connectMs: 2000,
  statementMs: 15_000,
  stallMs: 400,
  probeTimeoutMs: 400,
  deadlineMs: 20_000,
};

// NOTE: the only reader of process.env. Everything else receives a Config.
const schema = z.object({
  // Production unless said otherwise: development (SQL in error answers) only when asked for.
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().url().optional(),
  HUB_DATA_DIR: z.string().default('./data'),
  HUB_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  HUB_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(100_000),
  HUB_SEED_ON_EMPTY: z.enum(['true', 'false']).default('true'),
  HUB_EXPOSE_SQL_COUNT: z.enum(['true', 'false']).optional(),
  HUB_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(8_000),
  HUB_DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).default(DEFAULT_TIMEOUTS.connectMs),
  HUB_DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(DEFAULT_TIMEOUTS.statementMs),
  HUB_DB_STALL_MS: z.coerce.number().int().min(50).default(DEFAULT_TIMEOUTS.stallMs),
  HUB_DB_PROBE_TIMEOUT_MS: z.coerce.number().int().min(50).default(DEFAULT_TIMEOUTS.probeTimeoutMs),
  HUB_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(DEFAULT_TIMEOUTS.deadlineMs),
  HUB_MAX_QUERY_DEPTH: z.coerce.number().int().min(1).default(12),
  HUB_MAX_QUERY_BREADTH: z.coerce.number().int().min(1).default(300),
  HUB_MAX_QUERY_COST: z.coerce.number().int().min(1).default(500_000),
  HUB_MAX_QUERY_TOKENS: z.coerce.number().int().min(100).default(5_000),
  HUB_MAX_QUERY_DIRECTIVES: z.coerce.number().int().min(0).default(50),
  HUB_INTROSPECTION: z.enum(['true', 'false']).default('true'),
  HUB_LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  HUB_METRICS: z.enum(['true', 'false']).default('true'),
  HUB_APQ_TTL_SECONDS: z.coerce.number().int().min(1).default(86_400),
  HUB_APQ_MAX_ENTRIES: z.coerce.number().int().min(1).default(10_000),
  HUB_DOCUMENT_CACHE_ENTRIES: z.coerce.number().int().min(1).default(1000),
  HUB_MAX_SUBSCRIBERS: z.coerce.number().int().min(1).default(1000),
  HUB_SUBSCRIBER_MAX_UNREAD_BYTES: z.coerce.number().int().min(1024).default(1_000_000),
  HUB_WEBHOOK_WORKER: z.enum(['true', 'false']).default('true'),
  HUB_WEBHOOK_POLL_MS: z.coerce.number().int().min(10).default(1000),
  HUB_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  HUB_WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(1).default(30_000),
  HUB_WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(8),
  HUB_WEBHOOK_DISABLE_AFTER: z.coerce.number().int().min(1).default(20),
  HUB_JWKS_URL: z.string().url().optional(),
  HUB_JWT_ISSUER: z.string().min(1).optional(),
  HUB_JWT_AUDIENCE: z.string().min(1).optional(),
  HUB_JWT_ACCOUNT_CLAIM: z.string().min(1).default('sub'),
});

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  poolSize: number;
  bodyLimitBytes: number;
  seedOnEmpty: boolean;
  /** Adds `extensions.sqlStatements` to every response: on by default outside production. */
  exposeSqlCount: boolean;
  shutdownGraceMs: number;
  /** PostgreSQL: connect and statement timeouts, and when a waiting request asks whether the database still answers. */
  dbTimeouts: DatabaseTimeouts;
  /** What one operation may ask for, checked before it runs (graphql/complexity.ts). */
  queryLimits: { depth: number; breadth: number; cost: number; tokens: number; directives: number };
  /** Schema introspection (the explorer needs it); priced by the cost limit like any field. */
  introspection: boolean;
  /** pino's level for the request and error lines on stdout. */
  logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
  /** Serve Prometheus metrics at /metrics. */
  metrics: boolean;
  /** Automatic persisted queries: how long a registered hash lives, and how many the database keeps. */
  persistedQueries: { ttlSeconds: number; maxEntries: number };
  /** Parsed and validated documents each process keeps (Apollo's document store), most recently used first. */
  documentCacheEntries: number;
  /** Subscriptions: WebSocket connections per process, and what a subscriber may leave unread before it is dropped. */
  live: { maxConnections: number; maxUnreadBytes: number };
  /** Webhook deliveries: the worker every process runs, and its schedule. */
  webhooks: { worker: boolean; pollMs: number; timeoutMs: number; retryBaseMs: number; maxAttempts: number; disableAfter: number };
  /** Bureaus' single sign-on: JWTs verified against this key set; undefined when not configured. */
  sso: { jwksUrl: string; issuer: string; audience: string; accountClaim: string } | undefined;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable (DATABASE_URL= ) means unset, as in a shell.
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  if (e.HUB_JWKS_URL && (!e.HUB_JWT_ISSUER || !e.HUB_JWT_AUDIENCE)) {
    throw new Error('Invalid configuration: HUB_JWKS_URL needs HUB_JWT_ISSUER and HUB_JWT_AUDIENCE (a JWT is checked for both)');
  }
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL || undefined,
    dataDir: e.HUB_DATA_DIR,
    poolSize: e.HUB_DB_POOL_SIZE,
    bodyLimitBytes: e.HUB_BODY_LIMIT_BYTES,
    seedOnEmpty: e.HUB_SEED_ON_EMPTY === 'true',
    exposeSqlCount: e.HUB_EXPOSE_SQL_COUNT ? e.HUB_EXPOSE_SQL_COUNT === 'true' : e.NODE_ENV !== 'production',
    shutdownGraceMs: e.HUB_SHUTDOWN_GRACE_MS,
    dbTimeouts: {
      connectMs: e.HUB_DB_CONNECT_TIMEOUT_MS,
      statementMs: e.HUB_DB_STATEMENT_TIMEOUT_MS,
      stallMs: e.HUB_DB_STALL_MS,
      probeTimeoutMs: e.HUB_DB_PROBE_TIMEOUT_MS,
      deadlineMs: e.HUB_REQUEST_TIMEOUT_MS,
    },
    queryLimits: {
      depth: e.HUB_MAX_QUERY_DEPTH,
      breadth: e.HUB_MAX_QUERY_BREADTH,
      cost: e.HUB_MAX_QUERY_COST,
      tokens: e.HUB_MAX_QUERY_TOKENS,
      directives: e.HUB_MAX_QUERY_DIRECTIVES,
    },
    introspection: e.HUB_INTROSPECTION === 'true',
    logLevel: e.HUB_LOG_LEVEL,
    metrics: e.HUB_METRICS === 'true',
    persistedQueries: { ttlSeconds: e.HUB_APQ_TTL_SECONDS, maxEntries: e.HUB_APQ_MAX_ENTRIES },
    documentCacheEntries: e.HUB_DOCUMENT_CACHE_ENTRIES,
    live: { maxConnections: e.HUB_MAX_SUBSCRIBERS, maxUnreadBytes: e.HUB_SUBSCRIBER_MAX_UNREAD_BYTES },
    webhooks: {
      worker: e.HUB_WEBHOOK_WORKER === 'true',
      pollMs: e.HUB_WEBHOOK_POLL_MS,
      timeoutMs: e.HUB_WEBHOOK_TIMEOUT_MS,
      retryBaseMs: e.HUB_WEBHOOK_RETRY_BASE_MS,
      maxAttempts: e.HUB_WEBHOOK_MAX_ATTEMPTS,
      disableAfter: e.HUB_WEBHOOK_DISABLE_AFTER,
    },
    sso: e.HUB_JWKS_URL
      ? { jwksUrl: e.HUB_JWKS_URL, issuer: e.HUB_JWT_ISSUER!, audience: e.HUB_JWT_AUDIENCE!, accountClaim: e.HUB_JWT_ACCOUNT_CLAIM }
      : undefined,
  };
}
