import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import { type DocumentNode, GraphQLError } from 'graphql';
import type { Config } from '../config.ts';
import { type Database, sqlStatements } from '../db/client.ts';
import type { RunQuery } from '../modules/export/export.service.ts';
import { complexityLimitPlugin } from './complexity.ts';
import { type Context, createContext } from './context.ts';
import { createFormatError, errorReportingPlugin } from './format-error.ts';
import { cachePolicyPlugin, PgKeyValueCache } from './http-cache.ts';
import { jitGateway } from './jit.ts';
import { isRequestError } from './over-http.ts';
import { schema } from './schema.ts';
import { nulRefusalPlugin } from './strings.ts';

/**
 * How long an answer may be reused without asking: short, because data changes whenever a
 * bundle is loaded; after that, a conditional GET with the ETag costs one tiny query.
 */
export const CACHE_MAX_AGE_SECONDS = 60;

export type Log = (msg: string, err?: unknown) => void;

/**
 * The GraphQL engine with every rule of the API: error codes and masking, cost limits, cache
 * policy, persisted queries shared through PostgreSQL. The HTTP server and the CLIs use the same.
 */
export async function startApollo(config: Config, database: Database, log: Log): Promise<ApolloServer<Context>> {
  const apollo = new ApolloServer<Context>({
    gateway: jitGateway(schema),
    introspection: config.introspection,
    // NOTE: Apollo's default keeps parsed documents up to 30 MiB by the size of their JSON, but
    // a parsed document with its locations holds 2.5-4.6 times that: in the 30-minute soak, the
    // flood of new persisted queries grew the heap by 7.5 MB/min (measured with a forced GC:
    // +3 KB per distinct query, 24 -> 84 MB after 19,700). Bounded by count, a client inventing
    // queries costs at most this many.
    documentStore: new InMemoryLRUCache<DocumentNode>({ max: config.documentCacheEntries }),
    // NOTE: Apollo's CSRF rule refuses a GET without a preflight header, so a query pasted into
    // a browser's address bar was refused. The hub applies the same rule to every other request
    // itself (graphql/over-http.ts `refusedAsCsrf`, in server.ts before the body is read), and
    // lets GET through: only queries run over GET (Apollo answers a mutation over GET with 405).
    csrfPrevention: false,
    parseOptions: { maxTokens: config.queryLimits.tokens },
    includeStacktraceInErrorResponses: false,
    // NOTE: the owner of the process drains and stops; Apollo's own handlers would stop at once.
    stopOnTerminationSignals: false,
    formatError: createFormatError({ development: config.env === 'development', limits: config.queryLimits }),
    persistedQueries: {
      cache: new PgKeyValueCache(database.db, {
        ttlSeconds: config.persistedQueries.ttlSeconds,
        maxEntries: config.persistedQueries.maxEntries,
      }),
      ttl: config.persistedQueries.ttlSeconds,
    },
    plugins: [
      // NOTE: Apollo's landing page loads the Sandbox and fonts from CDNs, with telemetry on; the
      // hub serves its own bundled explorer instead (src/pages.ts).
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      cachePolicyPlugin<Context>(CACHE_MAX_AGE_SECONDS),
      nulRefusalPlugin<Context>(),
      {
        async requestDidStart() {
          return {
            // NOTE: over HTTP a subscription reached the resolver, which needs the socket: a 500.
            async didResolveOperation({ operation }) {
              if (operation?.operation === 'subscription') {
                throw new GraphQLError(
                  'Subscriptions are served over WebSocket (the graphql-transport-ws protocol) at /graphql, not over HTTP',
                  {
                    extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
                  },
                );
              }
            },
          };
        },
      },
      complexityLimitPlugin<Context>(config.queryLimits),
      errorReportingPlugin<Context>(log),
      {
        async requestDidStart() {
          return {
            async willSendResponse({ response, contextValue, operation, operationName }) {
              const errors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
              contextValue.outcome.current = {
                operation: operationName ?? null,
                type: operation?.operation ?? null,
                codes: [...new Set(errors.map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR')))],
                requestError: isRequestError(errors),
              };
              // The answer is complete: let go of the request's loaders and what they cached (see
              // graphql/nodes.ts `perRequest` for why they are not left to a WeakMap).
              contextValue.loaders.clear();
              const store = sqlStatements.getStore();
              if (config.exposeSqlCount && store && response.body.kind === 'single') {
                response.body.singleResult.extensions = { ...response.body.singleResult.extensions, sqlStatements: store.count };
              }
            },
          };
        },
      },
    ],
  });
  await apollo.start();
  return apollo;
}

/** Runs one operation through the schema with a fresh context, as an HTTP request would. */
export function operationRunner(apollo: ApolloServer<Context>, database: Database, config: Config, requestId?: string): RunQuery {
  return async (query, variables) => {
    const contextValue = createContext({ db: database.db, config, ...(requestId ? { requestId } : {}) });
    const response = await apollo.executeOperation({ query, variables }, { contextValue });
    if (response.body.kind !== 'single') throw new Error('incremental delivery is not used');
    return response.body.singleResult as Awaited<ReturnType<RunQuery>>;
  };
}
