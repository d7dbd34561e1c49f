/**
 * GraphQL over HTTP: an answer in `application/json` to a well-formed request is 200 even when
 * the operation fails to parse, validate or coerce its variables, or is over the limits (the
 * spec's SHOULD, for clients that predate the new media type; Apollo answers 400). Answers in
 * `application/graphql-response+json` keep the 4xx the spec asks of that type. A request that
 * is not well formed (no query, invalid JSON, a mutation over GET) keeps its 4xx in both.
 */
export function statusForMediaType(status: number, contentType: string | undefined, body: string): number {
  if (status !== 400 || !contentType?.startsWith('application/json')) return status;
  let errors: unknown;
  try {
    errors = (JSON.parse(body) as { errors?: unknown }).errors;
  } catch {
    return status;
  }
  if (!Array.isArray(errors) || errors.length === 0) return status;
  const requestError = (e: { extensions?: { code?: unknown; reason?: unknown } }) =>
    e.extensions?.code === 'QUERY_TOO_COMPLEX' || (e.extensions?.code === 'BAD_USER_INPUT' && e.extensions.reason !== 'BAD_REQUEST');
  return errors.every(requestError) ? 200 : status;
}
