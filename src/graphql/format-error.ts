import { unwrapResolverError } from '@apollo/server/errors';
import { PothosValidationError } from '@pothos/core';
import { type GraphQLFormattedError, GraphQLError } from 'graphql';

const API_CODES = new Set(['BAD_USER_INPUT', 'NOT_FOUND', 'UNAUTHENTICATED', 'FORBIDDEN', 'CONFLICT', 'QUERY_TOO_COMPLEX', 'SERVICE_UNAVAILABLE']);
// Apollo's own codes for a request that is wrong before it runs: to the client they are bad input.
const APOLLO_INPUT_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'OPERATION_RESOLUTION_FAILURE']);
// The persisted-query protocol: clients answer this code by sending the full query, so it stays.
const PROTOCOL_CODES = new Set(['PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED']);
// Connection failures (node) and PostgreSQL's "cannot connect now" / admin shutdown classes.
const UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT', '57P01', '57P02', '57P03', '53300']);

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

/**
 * Every error leaves with a code of api.md. Expected ones keep their message; anything else is
 * masked as INTERNAL_SERVER_ERROR (no stack, no SQL) outside development and logged with the
 * request id, so an operator can find it.
 */
export function createFormatError(options: { development: boolean; log: (msg: string, err: unknown) => void; requestId: () => string | undefined }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const code = formatted.extensions?.code as string | undefined;
    const requestId = options.requestId();
    const base = { message: formatted.message, ...(formatted.locations ? { locations: formatted.locations } : {}), ...(formatted.path ? { path: formatted.path } : {}) };
    if (original instanceof PothosValidationError) {
      return { ...base, extensions: { code: 'BAD_USER_INPUT' } };
    }
    if (code && (API_CODES.has(code) || PROTOCOL_CODES.has(code))) {
      const { stacktrace: _s, ...rest } = formatted.extensions ?? {};
      return { ...base, extensions: { ...rest, code } };
    }
    if (code && APOLLO_INPUT_CODES.has(code)) {
      return { ...base, extensions: { code: 'BAD_USER_INPUT', reason: code } };
    }
    const unavailable = causeCode(original);
    if (unavailable) {
      options.log(`database unavailable (${unavailable}) [request ${requestId}]`, original);
      return { ...base, message: 'The database is unavailable; try again shortly', extensions: { code: 'SERVICE_UNAVAILABLE', requestId } };
    }
    options.log(`unexpected error [request ${requestId}]`, original);
    if (options.development && !(original instanceof GraphQLError)) {
      return { ...base, extensions: { code: 'INTERNAL_SERVER_ERROR', requestId, detail: String((original as Error)?.message ?? original) } };
    }
    return { ...base, message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } };
  };
}
