import type { Server } from 'node:http';
import { GraphQLError, getOperationAST, parse, validate } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import { HubError } from '../errors.ts';
import { FeedWaker } from '../modules/change/change.live.ts';
import { authenticate } from '../modules/governance/accounts.service.ts';
import type { Actor } from '../modules/governance/governance.rules.ts';
import { overLimits, tokenLimitError } from './complexity.ts';
import { createContext } from './context.ts';
import { schema } from './schema.ts';
import { nulRefusal } from './strings.ts';

/** Close codes of ours, beside graphql-ws's own (4400-4499). */
export const LIVE_CLOSE = {
  /** The subscriber did not read what it was sent: reconnect with the last cursor. */
  TOO_SLOW: 4529,
  /** This process serves as many subscribers as it may. */
  TOO_MANY: 4503,
} as const;

export interface LiveServer {
  close(): Promise<void>;
}

/**
 * Subscriptions over graphql-ws on the HTTP server's port (an upgrade of /graphql). The feed is
 * public; a credential, when sent in `connectionParams.authorization`, is checked as for HTTP
 * (a wrong one is refused with 4401). Limits as for HTTP: the query limits, a body limit per
 * message, a number of connections per process, and a bound on what a subscriber may leave
 * unread before it is dropped.
 */
export function startLive(
  httpServer: Server,
  database: Database,
  config: Config,
  verifyJwt: ((jwt: string) => Promise<string>) | undefined,
  parseAuthorization: (header: string | undefined) => Parameters<typeof authenticate>[1],
): LiveServer {
  const waker = new FeedWaker(database);
  const wss = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: config.bodyLimitBytes });
  const actors = new WeakMap<object, Actor | null>();
  const disposable = useServer(
    {
      schema,
      async onConnect(ctx) {
        if (wss.clients.size > config.live.maxConnections) {
          ctx.extra.socket.close(LIVE_CLOSE.TOO_MANY, 'Too many subscribers on this hub process: try again later');
          return false;
        }
        const header = ctx.connectionParams?.authorization;
        try {
          actors.set(
            ctx.extra,
            await authenticate(database.db, parseAuthorization(typeof header === 'string' ? header : undefined), verifyJwt),
          );
        } catch (error) {
          if (error instanceof HubError && error.code === 'UNAUTHENTICATED') {
            ctx.extra.socket.close(CloseCode.Unauthorized, error.message.slice(0, 120));
            return false;
          }
          throw error;
        }
        return true;
      },
      onSubscribe(ctx, _id, payload) {
        // The same checks as an HTTP request: parse, validate, query limits.
        let document: ReturnType<typeof parse>;
        try {
          document = parse(payload.query, { maxTokens: config.queryLimits.tokens });
        } catch (error) {
          const message = (error as Error).message;
          const tooMany = tokenLimitError(message, config.queryLimits);
          return [
            tooMany
              ? new GraphQLError(tooMany.message, { extensions: tooMany.extensions })
              : new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } }),
          ];
        }
        const errors = validate(schema, document);
        if (errors.length > 0) return errors.map((e) => new GraphQLError(e.message, { extensions: { code: 'BAD_USER_INPUT' } }));
        const nul = nulRefusal(document, payload.variables ?? undefined);
        if (nul) return [nul];
        const operation = getOperationAST(document, payload.operationName);
        const socket = ctx.extra.socket;
        const contextValue = createContext({
          db: database.db,
          config,
          actor: actors.get(ctx.extra) ?? null,
          live: { waker, tooSlow: () => socket.bufferedAmount > config.live.maxUnreadBytes },
        });
        const { refusal } = overLimits(
          { schema, document, operation: operation ?? undefined, variables: payload.variables ?? {}, ctx: contextValue },
          config.queryLimits,
        );
        if (refusal) return [refusal];
        return { schema, document, contextValue, variableValues: payload.variables ?? {}, operationName: payload.operationName ?? null };
      },
      onComplete(ctx) {
        // A stream that ended because its subscriber fell behind: say so with our code.
        if (ctx.extra.socket.bufferedAmount > config.live.maxUnreadBytes) {
          ctx.extra.socket.close(LIVE_CLOSE.TOO_SLOW, 'Too slow: events were left unread; reconnect with the last cursor');
        }
      },
    },
    wss,
  );
  return {
    async close() {
      for (const client of wss.clients) client.close(1001, 'The hub is shutting down: reconnect with the last cursor');
      await disposable.dispose();
      await waker.close();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
