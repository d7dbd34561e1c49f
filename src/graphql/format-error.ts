import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { PothosValidationError } from '@pothos/core';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { HubError } from '../errors.ts';
import { type CostLimits, tokenLimitError } from './complexity.ts';

const API_CODES = new Set([
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'CONFLICT',
  'QUERY_TOO_COMPLEX',
  'SERVICE_UNAVAILABLE',
]);
// Apollo's own codes for a request that is wrong before it runs: to the client they are bad input.
const APOLLO_INPUT_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'OPERATION_RESOLUTION_FAILURE']);
// The persisted-query protocol: clients answer this code by sending the full query, so it stays.
const PROTOCOL_CODES = new Set(['PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED']);
// Connection failures (node) and PostgreSQL's "cannot connect now" / admin shutdown classes.
const UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EPIPE',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  // statement_timeout: the database is too slow to answer now.
  '57014',
  // db/watch.ts: the database does not answer, or the request ran past its deadline.
  'DATABASE_UNAVAILABLE',
]);

/** The database is gone, frozen or too slow: the error, or one of its causes, says so. */
export function isDatabaseUnavailable(error: unknown): boolean {
  return causeCode(error) !== undefined;
}

function causeCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let i = 0; i < 5 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && UNAVAILABLE.has(code)) return code;
    // The embedded engine has no error codes: a closed PGlite is the database being gone.
    if ((e as { message?: unknown }).message === 'PGlite is closed') return 'PGLITE_CLOSED';
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

type Kind = 'expected' | 'unavailable' | 'internal';

// Apollo raises this one without a code: a client sent a hash that is not its query's.
const HASH_MISMATCH = 'provided sha does not match query';

/** What an error is to the client: one of api.md's codes as it is, a database outage, or a bug. */
function kindOf(code: string | undefined, original: unknown): Kind {
  if (original instanceof HubError || original instanceof PothosValidationError) return 'expected';
  if (original instanceof GraphQLError && original.message === HASH_MISMATCH) return 'expected';
  if (code && (API_CODES.has(code) || PROTOCOL_CODES.has(code) || APOLLO_INPUT_CODES.has(code))) return 'expected';
  return causeCode(original) ? 'unavailable' : 'internal';
}

/**
 * Every error leaves with a code of api.md. Expected ones keep their message; anything else is
 * masked as INTERNAL_SERVER_ERROR (no stack, no SQL) outside development. The request id and the
 * log line are added by `errorReportingPlugin`, which sees the request.
 */
export function createFormatError(options: { development: boolean; limits: CostLimits }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const code = formatted.extensions?.code as string | undefined;
    const base = {
      message: formatted.message,
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
    };
    if (original instanceof HubError) {
      return { ...base, message: original.message, extensions: { ...original.details, code: original.code } };
    }
    if (original instanceof PothosValidationError) {
      return { ...base, extensions: { code: 'BAD_USER_INPUT' } };
    }
    if (code && (API_CODES.has(code) || PROTOCOL_CODES.has(code))) {
      const { stacktrace: _s, ...rest } = formatted.extensions ?? {};
      return { ...base, extensions: { ...rest, code } };
    }
    if (formatted.message === HASH_MISMATCH) {
      return {
        ...base,
        message: 'The persisted query hash does not match the query sent: it must be its SHA-256',
        extensions: { code: 'BAD_USER_INPUT', reason: 'PERSISTED_QUERY_HASH_MISMATCH' },
      };
    }
    const tooMany = code === 'GRAPHQL_PARSE_FAILED' ? tokenLimitError(formatted.message, options.limits) : null;
    if (tooMany) return { ...base, ...tooMany };
    if (code && APOLLO_INPUT_CODES.has(code)) {
      return { ...base, extensions: { code: 'BAD_USER_INPUT', reason: code } };
    }
    if (kindOf(code, original) === 'unavailable') {
      return { ...base, message: 'The database is unavailable; try again shortly', extensions: { code: 'SERVICE_UNAVAILABLE' } };
    }
    if (options.development && !(original instanceof GraphQLError)) {
      return { ...base, extensions: { code: 'INTERNAL_SERVER_ERROR', detail: String((original as Error)?.message ?? original) } };
    }
    return { ...base, message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}

/**
 * Logs every unexpected error with the request's id, and gives the masked errors of the answer
 * that id, so an operator can find the log line a client reports. NOTE: the request id comes
 * from the context, not from an AsyncLocalStorage: on Node 20 that turns on promise hooks for
 * every promise, which the benchmark measured at about a sixth of the throughput of a lookup.
 */
export function errorReportingPlugin<TContext extends { requestId: string }>(
  log: (msg: string, err: unknown) => void,
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart({ contextValue }) {
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            const original = unwrapResolverError(error);
            const kind = kindOf(error.extensions?.code as string | undefined, original);
            if (kind === 'unavailable') log(`database unavailable (${causeCode(original)}) [request ${contextValue.requestId}]`, original);
            else if (kind === 'internal') log(`unexpected error [request ${contextValue.requestId}]`, original);
          }
        },
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
          response.body.singleResult.errors = response.body.singleResult.errors.map((e) =>
            e.extensions?.code === 'INTERNAL_SERVER_ERROR' || e.extensions?.code === 'SERVICE_UNAVAILABLE'
              ? { ...e, extensions: { ...e.extensions, requestId: contextValue.requestId } }
              : e,
          );
        },
      };
    },
  };
}
