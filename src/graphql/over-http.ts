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

/** The media types a browser sends cross-site without asking first (CORS "simple" requests). */
const SIMPLE_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

/**
 * Apollo's CSRF rule, for every request but GET: a POST that a page of another site could send
 * without a preflight (no Content-Type, or a simple one) and that carries no header only a
 * preflighted request can (`Apollo-Require-Preflight`, `X-Apollo-Operation-Name`) is refused
 * before its body is read.
 *
 * NOTE: GET is let through, so that a query pasted into a browser's address bar (which sends
 * `Accept: text/html` and no such header) is answered. Apollo's rule guards against simple
 * requests with side effects, and a GET has none here: only queries run over GET (a mutation is
 * refused with 405 before it runs, as GraphQL over HTTP asks, also a persisted one; a
 * subscription is BAD_USER_INPUT), and credentials are Authorization headers, which a
 * cross-site simple request cannot carry, so it reads only what anyone may read.
 */
export function refusedAsCsrf(method: string, headers: Record<string, string | string[] | undefined>): boolean {
  if (method.toUpperCase() !== 'POST') return false;
  if (headers['apollo-require-preflight'] !== undefined || headers['x-apollo-operation-name'] !== undefined) return false;
  const type = String(headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  return type === '' || SIMPLE_TYPES.includes(type);
}
