/**
 * Expected failures, with the codes of api.md. Services and stores throw these without knowing
 * GraphQL; the API layer serves them as `extensions.code` with the message and details as they
 * are. Anything else that goes wrong is a bug or an outage, and is masked.
 */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'CONFLICT'
  | 'QUERY_TOO_COMPLEX'
  | 'SERVICE_UNAVAILABLE';

export class HubError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Served beside the code in `extensions`: the argument at fault, the valid values, … */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'HubError';
  }
}

export function badInput(message: string, details: Record<string, unknown> = {}): HubError {
  return new HubError('BAD_USER_INPUT', message, details);
}

/** An unknown code or slug asked for by name. */
export function notFound(what: string, key: string): HubError {
  return new HubError('NOT_FOUND', `Unknown ${what} '${key}'`, { [what]: key });
}
