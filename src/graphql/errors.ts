import { GraphQLError } from 'graphql';

/** The error codes of api.md. */
export type ErrorCode =
  | 'BAD_USER_INPUT' | 'NOT_FOUND' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'CONFLICT'
  | 'QUERY_TOO_COMPLEX' | 'SERVICE_UNAVAILABLE' | 'INTERNAL_SERVER_ERROR';

export function badInput(message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', ...extra } });
}

export function notFound(what: string, key: string): GraphQLError {
  return new GraphQLError(`Unknown ${what} '${key}'`, { extensions: { code: 'NOT_FOUND', [what]: key } });
}
