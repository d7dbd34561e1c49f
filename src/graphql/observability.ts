import { hostname } from 'node:os';
import { type Logger, pino } from 'pino';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from '../db/client.ts';
import { describeDatabaseError } from '../db/failure.ts';
import type { RequestOutcome } from './context.ts';

/**
 * Structured logs (pino, one JSON line per request and per unexpected error) and Prometheus
 * metrics (prom-client, at /metrics). NOTE: what a line holds is chosen, not dumped: never a
 * token, a header, a query's text or a variable's value; database errors as one line without
 * the statement (db/failure.ts). Metrics live in each process, as Prometheus expects: every
 * instance is scraped on its own.
 */

export function createLogger(level: string, destination?: { write(line: string): void }): Logger {
  return pino({ level, base: { pid: process.pid, host: hostname() }, timestamp: pino.stdTimeFunctions.isoTime }, destination as never);
}

/** An error as a log line may hold it. */
export function loggedError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const fromDatabase = error.message.startsWith('Failed query:') || typeof (error as { code?: unknown }).code === 'string';
  return {
    name: error.name,
    message: fromDatabase ? describeDatabaseError(error) : error.message.slice(0, 1000),
    // A drizzle error's stack starts with its message, which holds the SQL and its values.
    stack: error.stack
      ?.split('\n')
      .filter((line) => line.trimStart().startsWith('at '))
      .slice(0, 15)
      .join('\n'),
  };
}

const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** Distinct operation names kept as label values; any more are counted as `other` (clients choose names). */
const MAX_OPERATION_NAMES = 200;

export class HubMetrics {
  readonly registry = new Registry();
  private readonly names = new Set<string>();
  private readonly http: Counter<'route' | 'method' | 'status'>;
  private readonly operations: Counter<'operation' | 'type' | 'outcome'>;
  private readonly duration: Histogram<'operation' | 'type'>;
  private readonly errors: Counter<'code'>;

  constructor(database: Database) {
    collectDefaultMetrics({ register: this.registry, prefix: '' });
    this.http = new Counter({
      name: 'hub_http_requests_total',
      help: 'HTTP requests by route, method and status',
      labelNames: ['route', 'method', 'status'],
      registers: [this.registry],
    });
    this.operations = new Counter({
      name: 'hub_graphql_operations_total',
      help: 'GraphQL operations by name (or anonymous, or other past 200 names), type and outcome (ok or the first error code)',
      labelNames: ['operation', 'type', 'outcome'],
      registers: [this.registry],
    });
    this.duration = new Histogram({
      name: 'hub_graphql_duration_seconds',
      help: 'Time to answer a GraphQL operation, by name and type',
      labelNames: ['operation', 'type'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.errors = new Counter({
      name: 'hub_graphql_errors_total',
      help: 'Errors in GraphQL answers, by code',
      labelNames: ['code'],
      registers: [this.registry],
    });
    new Gauge({
      name: 'hub_database_up',
      help: '1 when the database answers a probe, 0 when not',
      registers: [this.registry],
      async collect() {
        this.set((await database.watch.healthy()) ? 1 : 0);
      },
    });
    new Gauge({
      name: 'hub_database_connections',
      help: "This process's database connections by state (PostgreSQL's pg_stat_activity: active, idle, …)",
      labelNames: ['state'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const [state, count] of Object.entries(await database.connections().catch(() => ({})))) this.set({ state }, count);
      },
    });
  }

  operationLabel(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    if (!OPERATION_NAME.test(name)) return 'other';
    if (this.names.has(name)) return name;
    if (this.names.size >= MAX_OPERATION_NAMES) return 'other';
    this.names.add(name);
    return name;
  }

  request(route: string, method: string, status: number): void {
    this.http.inc({ route, method, status: String(status) });
  }

  operation(outcome: RequestOutcome, seconds: number): void {
    const operation = this.operationLabel(outcome.operation);
    const type = outcome.type ?? 'none';
    this.operations.inc({ operation, type, outcome: outcome.codes[0] ?? 'ok' });
    this.duration.observe({ operation, type }, seconds);
    for (const code of outcome.codes) this.errors.inc({ code });
  }
}
