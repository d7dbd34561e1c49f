import type { GraphQLFormattedError } from 'graphql';

/**
 * A request error in the sense of GraphQL over HTTP: the operation failed to parse, validate,
 * coerce its variables, or keep within the limits, before any field ran. A request that is not
 * well formed (no query, a mutation over GET: Apollo's BAD_REQUEST) is not one.
 */
export function isRequestError(errors: readonly GraphQLFormattedError[]): boolean {
  return (
    errors.length > 0 &&
    errors.every(
      (e) =>
        e.extensions?.code === 'QUERY_TOO_COMPLEX' || (e.extensions?.code === 'BAD_USER_INPUT' && e.extensions.reason !== 'BAD_REQUEST'),
    )
  );
}

/**
 * GraphQL over HTTP: an answer in `application/json` to a well-formed request is 200 even when
 * it is a request error (the spec's SHOULD, for clients that predate the new media type; Apollo
 * answers 400). Answers in `application/graphql-response+json` keep the 4xx the spec asks of
 * that type, and a request that is not well formed keeps its 4xx in both.
 */
export function statusForMediaType(status: number, contentType: string | undefined, requestError: boolean): number {
  return status === 400 && requestError && contentType?.startsWith('application/json') ? 200 : status;
}
