import { createHash, randomBytes } from 'node:crypto';
import { createRemoteJWKSet, type JWTVerifyGetKey, errors as joseErrors, jwtVerify } from 'jose';
import { HubError } from '../../errors.ts';

// NOTE: credentials, without SQL or GraphQL. An API token is 32 random bytes, shown once; the
// hub keeps its SHA-256 only (a token has 256 bits of entropy, so a slow password hash would
// add nothing but latency to every authenticated request).

const TOKEN_PREFIX = 'th_';
const TOKEN_RE = /^th_[A-Za-z0-9_-]{43}$/;

export interface NewToken {
  /** The secret: shown to its owner once, never stored. */
  token: string;
  hash: string;
  /** The first characters, kept to tell tokens apart. */
  prefix: string;
}

export function newToken(): NewToken {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashToken(token), prefix: token.slice(0, 10) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function unauthenticated(message: string): HubError {
  return new HubError('UNAUTHENTICATED', message);
}

/** What an `Authorization` header carries: nothing, an API token, or a JWT of a bureau's single sign-on. */
export type Credential = { kind: 'none' } | { kind: 'token'; token: string } | { kind: 'jwt'; jwt: string };

export function parseAuthorization(header: string | undefined): Credential {
  if (header === undefined || header.trim() === '') return { kind: 'none' };
  const m = /^Bearer +(\S+)\s*$/i.exec(header);
  if (!m) throw unauthenticated('Malformed Authorization header: expected "Bearer <token>"');
  const value = m[1]!;
  if (value.startsWith(TOKEN_PREFIX)) {
    if (!TOKEN_RE.test(value)) throw unauthenticated('Malformed API token');
    return { kind: 'token', token: value };
  }
  if (value.split('.').length === 3) return { kind: 'jwt', jwt: value };
  throw unauthenticated('Unrecognised credential: send an API token (th_…) or a JWT as a Bearer token');
}

export interface SsoSettings {
  jwksUrl: string;
  issuer: string;
  audience: string;
  /** The claim whose value is the login of the hub account it stands for. */
  accountClaim: string;
}

/**
 * Verifies bureau JWTs against the configured key set (fetched and cached by `jose`, refreshed
 * when a token names an unknown key). Returns the account login the token names.
 */
export function ssoVerifier(settings: SsoSettings, keys: JWTVerifyGetKey = createRemoteJWKSet(new URL(settings.jwksUrl))) {
  return async (jwt: string): Promise<string> => {
    try {
      const { payload } = await jwtVerify(jwt, keys, {
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms: ['RS256', 'ES256', 'EdDSA', 'PS256'],
        clockTolerance: 5,
      });
      const login = payload[settings.accountClaim];
      if (typeof login !== 'string' || login === '')
        throw unauthenticated(`The JWT has no "${settings.accountClaim}" claim naming an account`);
      return login;
    } catch (error) {
      if (error instanceof HubError) throw error;
      if (error instanceof joseErrors.JWTExpired) throw unauthenticated('The JWT has expired');
      if (error instanceof joseErrors.JWTClaimValidationFailed) throw unauthenticated(`The JWT was refused: ${error.message}`);
      if (error instanceof joseErrors.JWSSignatureVerificationFailed || error instanceof joseErrors.JWKSNoMatchingKey) {
        throw unauthenticated('The JWT signature does not verify against the configured key set');
      }
      if (error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JWKSInvalid || !(error instanceof joseErrors.JOSEError)) {
        // The key set could not be fetched or read: an outage, not the caller's fault.
        throw new HubError('SERVICE_UNAVAILABLE', 'The single sign-on key set cannot be read; try again shortly');
      }
      throw unauthenticated(`The JWT was refused (${error.code})`);
    }
  };
}
