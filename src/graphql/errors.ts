import { GraphQLError } from 'graphql';

export function badInput(message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', ...extra } });
}

export function notFound(what: string, key: string): GraphQLError {
  return new GraphQLError(`Unknown ${what} '${key}'`, { extensions: { code: 'NOT_FOUND', [what]: key } });
}
