import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';
import { pathToFileURL } from 'node:url';
import { type ApolloServer, HeaderMap } from '@apollo/server';
import type { Logger } from 'pino';
import { type Config, loadConfig } from './config.ts';
import { connect, type Database, sqlStatements } from './db/client.ts';
import { dataVersion } from './db/data-version.ts';
import { HubError } from './errors.ts';
import { CACHE_MAX_AGE_SECONDS, type Log, operationRunner, startApollo } from './graphql/apollo.ts';
import { type Context, createContext } from './graphql/context.ts';
import { isDatabaseUnavailable } from './graphql/format-error.ts';
import { etagFor } from './graphql/http-cache.ts';
import { startLive } from './graphql/live.ts';
import { createLogger, HubMetrics, loggedError } from './graphql/observability.ts';
import { refusedAsCsrf, statusForMediaType } from './graphql/over-http.ts';
import { prepareDatabase } from './modules/bundle/bundle.prepare.ts';
import { CHANGES_CHANNEL } from './modules/change/change.store.ts';
import { dumpSheets, writeDumpXlsx, writeDumpZip } from './modules/export/dump.service.ts';
import { EXPORTERS, ExportError, type RunQuery, writeExport } from './modules/export/export.service.ts';
import { authenticate } from './modules/governance/accounts.service.ts';
import { parseAuthorization, ssoVerifier } from './modules/governance/credentials.ts';
import { todayInChina } from './modules/time/dates.ts';
import { startDeliveryWorker } from './modules/webhook/webhook.service.ts';
import { PAGE_ROUTES, servePage, wantsExplorer } from './pages.ts';

// NOTE: the only composition root. Nothing here keeps state between requests beyond the
// connection pool and the parsed schema, so any number of processes can serve one PostgreSQL.

export interface Hub {
  httpServer: Server;
  apollo: ApolloServer<Context>;
  database: Database;
  /** Runs one GraphQL operation through the schema with a fresh context (exports, the CLI). */
  run: RunQuery;
  /** Listens on `port` (0 for any free port) and resolves with the port taken. */
  listen(port?: number, host?: string): Promise<number>;
  /** Stops taking requests and lets those in flight finish (up to the grace period). The database stays open: its owner closes it. */
  stop(): Promise<void>;
}

const ROUTES = ['/graphql', '/export', '/healthz', '/readyz', '/metrics', ...PAGE_ROUTES];

/** What a request's log line needs from its handling. */
interface Seen {
  context: Context | null;
}

/** How long a keep-alive connection must have been idle before a draining hub closes it: a client may be sending its next request on it. */
const LINGER_MS = 500;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      reject(new HttpError(413, `Request body over ${limit} bytes`));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // NOTE: not req.destroy(), which reset the connection before the 413 could be sent (a
        // chunked body has no length to refuse up front): stop reading, answer, then close.
        req.off('data', onData);
        req.pause();
        reject(new HttpError(413, `Request body over ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'authorization, content-type, apollo-require-preflight, x-apollo-operation-name, x-request-id',
  'access-control-max-age': '86400',
};

/**
 * The hub on a database. `log` takes unexpected errors (default: the JSON logger); `logger` the
 * request lines (default: pino on stdout at HUB_LOG_LEVEL; silent when only `log` is given).
 */
export async function createHub(config: Config, database: Database, logArg?: Log, loggerArg?: Logger): Promise<Hub> {
  const logger = loggerArg ?? (logArg ? createLogger('silent') : createLogger(config.logLevel));
  const log: Log = logArg ?? ((msg, err) => logger.error(err === undefined ? {} : { err: loggedError(err) }, msg));
  const metrics = new HubMetrics(database);
  const apollo = await startApollo(config, database, log);
  const verifyJwt = config.sso ? ssoVerifier(config.sso) : undefined;

  let draining = false;
  const inFlight = new Set<Promise<void>>();

  async function handleGraphql(req: IncomingMessage, res: ServerResponse, url: URL, requestId: string, seen: Seen): Promise<void> {
    let body: unknown;
    if (refusedAsCsrf(req.method ?? 'GET', req.headers)) {
      sendJson(
        res,
        400,
        {
          errors: [
            {
              message:
                'This POST has been blocked as a potential cross-site request forgery: send it as application/json (or with an Apollo-Require-Preflight header)',
              extensions: { code: 'BAD_REQUEST', requestId },
            },
          ],
        },
        { ...CORS, 'x-request-id': requestId },
      );
      return;
    }
    if (req.method === 'POST') {
      const raw = await readBody(req, config.bodyLimitBytes);
      const type = req.headers['content-type'] ?? '';
      if (type.includes('application/json')) {
        try {
          body = raw.length ? JSON.parse(raw) : {};
        } catch {
          throw new HttpError(400, 'Request body is not valid JSON');
        }
      } else {
        body = raw;
      }
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const outHeaders: Record<string, string> = { ...CORS, 'x-request-id': requestId, vary: 'Authorization' };
    // A request waits on the database only while it answers (db/watch.ts): gone or frozen, the
    // request is answered SERVICE_UNAVAILABLE (503) at once, never left hanging.
    const result = await database.watch.guard(
      counted(async () => {
        // A credential is checked before anything runs: a wrong one is refused, never served as anonymous.
        const actor = await authenticate(database.db, parseAuthorization(req.headers.authorization), verifyJwt);
        // A GET answer changes only with the data (or the day): answer 304 to a client that has it.
        // Answers to a credential may hold drafts: they are private and never shared through an ETag.
        let etag: string | undefined;
        if (req.method === 'GET' && !actor) {
          etag = etagFor(await dataVersion(database.db), todayInChina(), url.search);
          outHeaders.etag = etag;
          if (req.headers['if-none-match'] === etag) return null;
        }
        return apollo.executeHTTPGraphQLRequest({
          httpGraphQLRequest: { method: req.method!.toUpperCase(), headers, search: url.search, body },
          context: async () => {
            seen.context = createContext({ db: database.db, config, requestId, actor });
            return seen.context;
          },
        });
      }),
    );
    if (result === null) {
      res.writeHead(304, { ...outHeaders, 'cache-control': `public, max-age=${CACHE_MAX_AGE_SECONDS}` });
      res.end();
      return;
    }
    for (const [key, value] of result.headers) outHeaders[key] = value;
    // The status from what the operation's answer held (graphql/apollo.ts sets the outcome), not
    // from reading the answer's text again.
    const outcome = seen.context?.outcome.current ?? null;
    let status = statusForMediaType(result.status ?? 200, outHeaders['content-type'], outcome?.requestError ?? false);
    // An outage is an error, also to a load balancer or a client that reads only the status.
    if (outcome?.codes.includes('SERVICE_UNAVAILABLE')) {
      status = 503;
      outHeaders['retry-after'] = '1';
    }
    if (status !== 200 || !outHeaders['cache-control']?.includes('max-age')) delete outHeaders.etag;
    res.writeHead(status, outHeaders);
    if (result.body.kind === 'complete') {
      res.end(result.body.string);
    } else {
      for await (const chunk of result.body.asyncIterator) res.write(chunk);
      res.end();
    }
  }

  /**
   * Counts the SQL statements of `fn` for `extensions.sqlStatements`, only where they are shown:
   * counting needs an AsyncLocalStorage, whose promise hooks cost every request (see
   * errorReportingPlugin), so production runs without it unless HUB_EXPOSE_SQL_COUNT is set.
   */
  const counted = <T>(fn: () => Promise<T>): Promise<T> => (config.exposeSqlCount ? sqlStatements.run({ count: 0 }, fn) : fn());

  const run = operationRunner(apollo, database, config);

  /** `/export/dump.zip` and `/export/dump.xlsx`: every entity, its dictionary and completeness; an outage before the first byte is a 503, never an empty file. */
  async function handleDump(res: ServerResponse, format: 'zip' | 'xlsx', requestId: string): Promise<void> {
    let started = false;
    try {
      await database.watch.guard(
        counted(async () => {
          const sheets = await dumpSheets(operationRunner(apollo, database, config, requestId));
          started = true;
          res.writeHead(200, {
            ...CORS,
            'x-request-id': requestId,
            'content-type': format === 'zip' ? 'application/zip' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            'content-disposition': `attachment; filename="talent-hub-dump.${format}"`,
          });
          await (format === 'zip' ? writeDumpZip(sheets, res) : writeDumpXlsx(sheets, res));
        }),
      );
      if (!res.writableEnded) res.end();
    } catch (error) {
      if (started) {
        log(`dump failed half-way [request ${requestId}]`, error);
        res.destroy();
        return;
      }
      if (error instanceof ExportError) {
        const status = error.code === 'SERVICE_UNAVAILABLE' ? 503 : error.code === 'INTERNAL_SERVER_ERROR' ? 500 : 400;
        sendJson(
          res,
          status,
          { errors: [{ message: error.message, extensions: { code: error.code, requestId } }] },
          { ...CORS, ...(status === 503 ? { 'retry-after': '1' } : {}) },
        );
        return;
      }
      throw error;
    }
  }

  async function handleExport(res: ServerResponse, url: URL, requestId: string): Promise<void> {
    const dump = /^\/export\/dump\.(zip|xlsx)$/.exec(url.pathname);
    if (dump) return handleDump(res, dump[1] as 'zip' | 'xlsx', requestId);
    const match = /^\/export\/([a-z]+)\.(csv|json)$/.exec(url.pathname);
    const exporter = match ? EXPORTERS[match[1]!] : undefined;
    if (!match || !exporter) {
      sendJson(res, 404, {
        errors: [
          {
            message: `No such export: use /export/{${Object.keys(EXPORTERS).join(',')}}.{csv,json} or /export/dump.{zip,xlsx}`,
            extensions: { code: 'NOT_FOUND' },
          },
        ],
      });
      return;
    }
    const format = match[2] as 'csv' | 'json';
    const rows = exporter.rows(operationRunner(apollo, database, config, requestId), url.searchParams);
    let started = false;
    try {
      await database.watch.guard(
        counted(() =>
          writeExport(
            exporter,
            rows,
            format,
            (chunk) => {
              if (!started) {
                started = true;
                res.writeHead(200, {
                  ...CORS,
                  'x-request-id': requestId,
                  'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
                  'content-disposition': `attachment; filename="${exporter.fileName(url.searchParams).replace(/[^\w.-]/g, '_')}.${format}"`,
                });
              }
              // Respect backpressure: a large export is written as fast as the client reads it.
              if (!res.write(chunk)) return new Promise<void>((resolve) => res.once('drain', resolve));
            },
            { name: match[1]!, params: url.searchParams },
          ),
        ),
      );
      res.end();
    } catch (error) {
      if (started) {
        log(`export failed half-way [request ${requestId}]`, error);
        res.destroy();
        return;
      }
      if (error instanceof ExportError) {
        const status =
          error.code === 'NOT_FOUND'
            ? 404
            : error.code === 'SERVICE_UNAVAILABLE'
              ? 503
              : error.code === 'INTERNAL_SERVER_ERROR'
                ? 500
                : 400;
        sendJson(res, status, { errors: [{ message: error.message, extensions: { code: error.code, requestId } }] }, CORS);
        return;
      }
      throw error;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = (typeof req.headers['x-request-id'] === 'string' && req.headers['x-request-id'].slice(0, 100)) || randomUUID();
    const url = new URL(req.url ?? '/', 'http://hub.local');
    const started = performance.now();
    const route = ROUTES.find((r) => url.pathname === r || url.pathname.startsWith(`${r}/`))?.slice(1) ?? 'other';
    const seen: Seen = { context: null };
    // One line and one count per request, once the answer is out: what was asked and how it
    // ended, never the query's text, its variables or a credential.
    res.once('close', () => {
      const seconds = (performance.now() - started) / 1000;
      metrics.request(route, req.method ?? 'GET', res.statusCode);
      const outcome = seen.context?.outcome.current ?? null;
      if (outcome) metrics.operation(outcome, seconds);
      if (route === 'healthz' || route === 'readyz' || route === 'metrics') return;
      logger.info(
        {
          requestId,
          method: req.method,
          route,
          status: res.statusCode,
          ms: Math.round(seconds * 10_000) / 10,
          ...(outcome ? { operation: outcome.operation, type: outcome.type, outcome: outcome.codes.length ? outcome.codes : 'ok' } : {}),
          ...(res.writableFinished ? {} : { aborted: true }),
        },
        'request',
      );
    });
    // Draining: this answer is the connection's last, so a keep-alive client reconnects (to
    // another instance) instead of sending its next request into a closing socket.
    if (draining) res.setHeader('connection', 'close');
    try {
      if (url.pathname === '/healthz' && req.method === 'GET') {
        sendJson(res, draining ? 503 : 200, { status: draining ? 'draining' : 'ok' });
      } else if (url.pathname === '/readyz' && req.method === 'GET') {
        if (draining) {
          sendJson(res, 503, { status: 'draining' });
          return;
        }
        // The watch's probe: on its own connection, within its timeout, shared by every check.
        const ready = await database.watch.healthy({ fresh: true });
        sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'unavailable', database: database.engine });
      } else if (url.pathname === '/metrics' && req.method === 'GET' && config.metrics) {
        const text = await metrics.registry.metrics();
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        res.end(text);
      } else if (url.pathname.startsWith('/export/') && req.method === 'GET') {
        await handleExport(res, url, requestId);
      } else if ((req.method === 'GET' || req.method === 'HEAD') && servePage(req, res, url.pathname)) {
        // The explorer or an analyst page (src/pages.ts).
      } else if (url.pathname === '/graphql') {
        if (wantsExplorer(req, url)) {
          // A browser opening /graphql gets the explorer; with ?query= it gets the answer.
          servePage(req, res, '/explorer');
        } else if (req.method === 'OPTIONS') {
          res.writeHead(204, CORS);
          res.end();
        } else if (req.method === 'GET' || req.method === 'POST') {
          await handleGraphql(req, res, url, requestId, seen);
        } else {
          sendJson(
            res,
            405,
            { errors: [{ message: `${req.method} is not allowed: use GET or POST`, extensions: { code: 'BAD_USER_INPUT' } }] },
            { allow: 'GET, POST, OPTIONS' },
          );
        }
      } else {
        sendJson(res, 404, {
          error:
            'Not found: the API is at /graphql (the explorer at /explorer, the analyst pages at /explore); exports at /export/…; health at /healthz and /readyz',
        });
      }
    } catch (caught) {
      // The database gone before Apollo ran (the credential, the ETag's data version) or while it waited.
      const error =
        isDatabaseUnavailable(caught) && !(caught instanceof HubError)
          ? unavailable(caught, log, requestId, req.method === 'POST')
          : caught;
      if (error instanceof HubError && (error.code === 'UNAUTHENTICATED' || error.code === 'SERVICE_UNAVAILABLE')) {
        const status = error.code === 'UNAUTHENTICATED' ? 401 : 503;
        sendJson(
          res,
          status,
          { errors: [{ message: error.message, extensions: { code: error.code, requestId } }] },
          {
            ...CORS,
            'x-request-id': requestId,
            ...(status === 401 ? { 'www-authenticate': 'Bearer realm="talent-hub"' } : { 'retry-after': '1' }),
          },
        );
      } else if (error instanceof HttpError) {
        sendJson(
          res,
          error.status,
          { errors: [{ message: error.message, extensions: { code: 'BAD_USER_INPUT', requestId } }] },
          { ...CORS, connection: 'close' },
        );
        // The rest of an over-long body is never read: the connection goes once the answer is out.
        if (error.status === 413) res.once('finish', () => req.socket.destroySoon());
      } else {
        log(`unexpected HTTP error [request ${requestId}]`, error);
        if (!res.headersSent)
          sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } }] });
        else res.destroy();
      }
    }
  }

  // Each connection's requests in progress and since when it has been idle, for the drain.
  const connections = new Map<Socket, { busy: number; idleSince: number }>();
  const httpServer = createHttpServer((req, res) => {
    const state = connections.get(req.socket);
    if (state) state.busy += 1;
    res.once('close', () => {
      if (state) {
        state.busy -= 1;
        state.idleSince = performance.now();
      }
    });
    const done = handle(req, res).finally(() => inFlight.delete(done));
    inFlight.add(done);
  });
  httpServer.on('connection', (socket: Socket) => {
    connections.set(socket, { busy: 0, idleSince: performance.now() });
    socket.once('close', () => connections.delete(socket));
  });
  // Idle keep-alive connections stay open longer than a load balancer's usual 60 s idle timeout:
  // a server that closes first races the balancer's next request on that connection, which the
  // client sees as a reset (Node's 5 s default did so whenever the process was busy for longer).
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 20_000;
  httpServer.requestTimeout = 60_000;
  const live = startLive(httpServer, database, config, verifyJwt, parseAuthorization);
  // Every process delivers webhooks; a NOTIFY of a new change starts a round at once.
  const worker = config.webhooks.worker ? startDeliveryWorker(database.db, config, log) : null;
  const unlistenWorker = worker ? await database.listen(CHANGES_CHANNEL, () => worker.kick()) : null;

  return {
    httpServer,
    apollo,
    database,
    run,
    listen(port = config.port, host = config.host) {
      return new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          const address = httpServer.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      });
    },
    async stop() {
      draining = true;
      await live.close();
      // The database may be gone already (an outage, or its owner closed it): stopping still completes.
      await unlistenWorker?.().catch(() => {});
      await worker?.stop();
      // NOTE: net.Server's close, not http.Server's: that one also closes the idle keep-alive
      // connections at once, and a client that had just sent its next request on one met a
      // reset (issue 12; measured: one per keep-alive client). Here the port stops accepting,
      // every answer carries Connection: close (the client then reconnects elsewhere), and a
      // connection is closed by the hub only once it has been idle for LINGER_MS: a request
      // already on its way over a connection that has just been answered is served, not reset.
      const closed = new Promise<void>((resolve) => NetServer.prototype.close.call(httpServer, () => resolve()));
      const deadline = performance.now() + config.shutdownGraceMs;
      while (connections.size > 0 && performance.now() < deadline) {
        const now = performance.now();
        const idle = [...connections]
          .filter(([, state]) => state.busy === 0 && now - state.idleSince >= LINGER_MS)
          .map(([socket]) => [socket, socket.bytesRead] as const);
        // NOTE: idle by the clock is not enough when the event loop was blocked (PGlite's work
        // runs on it): the next request may sit unread in the socket while the clock ran. One
        // turn through the poll phase reads it; only a connection that read nothing is closed
        // (measured in CI under load: 6 resets of 68 requests before this check).
        if (idle.length > 0) await new Promise((resolve) => setImmediate(resolve));
        for (const [socket, read] of idle) {
          const state = connections.get(socket);
          if (state && state.busy === 0 && socket.bytesRead === read) socket.destroy();
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      const left = Math.max(0, deadline - performance.now());
      await Promise.race([Promise.allSettled([...inFlight]), new Promise((resolve) => setTimeout(resolve, left).unref())]);
      httpServer.closeAllConnections();
      await closed;
      await apollo.stop();
    },
  };
}

/** The answer to a request the database could not serve: it may have been a write, whose outcome is then unknown. */
function unavailable(cause: unknown, log: Log, requestId: string, mayWrite: boolean): HubError {
  log(`database unavailable [request ${requestId}]`, cause);
  return new HubError(
    'SERVICE_UNAVAILABLE',
    `The database is unavailable; try again shortly.${mayWrite ? ' A write sent now may still complete when it returns: check before sending it again.' : ''}`,
  );
}

function defaultLog(msg: string, err?: unknown): void {
  const line = {
    time: new Date().toISOString(),
    msg,
    ...(err ? { error: err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : String(err) } : {}),
  };
  console.error(JSON.stringify(line));
}

async function main(): Promise<void> {
  const config = loadConfig();
  const database = await connect({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.poolSize,
    timeouts: config.dbTimeouts,
  });
  await prepareDatabase(database, { seedOnEmpty: config.seedOnEmpty, log: (m) => console.log(m) });
  const hub = await createHub(config, database);
  const port = await hub.listen();
  console.log(
    `talent-hub on http://localhost:${port}/graphql (${database.engine}${database.engine === 'pglite' ? `, data in ${config.dataDir}` : ''})`,
  );
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: draining and shutting down`);
    const started = performance.now();
    hub
      .stop()
      .then(() => database.close())
      .then(
        () => {
          console.log(`stopped in ${Math.round(performance.now() - started)} ms`);
          process.exit(0);
        },
        (error) => {
          defaultLog('shutdown failed', error);
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    defaultLog('failed to start', error);
    process.exit(1);
  });
}
