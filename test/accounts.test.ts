import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, rows } from '../src/db/client.ts';
import { prepareDatabase } from '../src/modules/bundle/bundle.prepare.ts';
import { accountWithToken } from './helpers/accounts.ts';
import { engine, seededWorld, startHub, type TestHub } from './helpers/hub.ts';

const world = seededWorld();
let admin: { login: string; token: string };

const ME = '{ me { login name roles disabled authority { slug jurisdiction { code } } } }';
const CREATE = `mutation($input: AccountInput!) { createAccount(input: $input) { account { login name roles authority { slug } } } }`;
const ISSUE = `mutation($account: ID!, $expiresOn: Date) { issueToken(account: $account, expiresOn: $expiresOn) { token apiToken { id prefix expiresAt revokedAt account { login } } } }`;
const REVOKE = `mutation($id: ID!) { revokeToken(id: $id) { token apiToken { prefix revokedAt } } }`;

async function count(table: string): Promise<number> {
  const [row] = await rows<{ n: number }>(world.db.database.db, sql.raw(`SELECT count(*)::int AS n FROM ${table}`));
  return row!.n;
}
async function accountId(login: string): Promise<string> {
  const { body } = await world.hub.gqlAs(admin.token, `{ me { id } }`);
  // The admin's own ID shows the shape; other accounts' IDs come from createAccount.
  expect(body.data.me.id).toMatch(/^[A-Za-z0-9+/=]+$/);
  return Buffer.from(`Account:${login}`).toString('base64');
}

beforeAll(async () => {
  admin = await accountWithToken(world.db.database, 'ops-admin', 'mohrss', ['ADMIN']);
});

describe('accounts and API tokens', () => {
  it('an admin creates an editor and a reviewer, issues their tokens, and each token is who it says', async () => {
    const editor = await world.hub.gqlAs(admin.token, CREATE, {
      input: { login: 'cq-editor', name: 'Chongqing HRSS editor', authority: 'chongqing-hrss', roles: ['EDITOR'] },
    });
    expect(editor.body).toEqual({
      data: {
        createAccount: {
          account: { login: 'cq-editor', name: 'Chongqing HRSS editor', roles: ['EDITOR'], authority: { slug: 'chongqing-hrss' } },
        },
      },
      extensions: expect.any(Object),
    });
    const reviewer = await world.hub.gqlAs(admin.token, CREATE, {
      input: { login: 'mohrss-reviewer', name: 'MOHRSS reviewer', authority: 'mohrss', roles: ['REVIEWER'] },
    });
    expect(reviewer.body.errors).toBeUndefined();

    const issued = await world.hub.gqlAs(admin.token, ISSUE, { account: await accountId('cq-editor') });
    expect(issued.body.errors).toBeUndefined();
    const { token, apiToken } = issued.body.data.issueToken;
    expect(token).toMatch(/^th_[A-Za-z0-9_-]{43}$/);
    expect(apiToken).toEqual({
      id: expect.any(String),
      prefix: token.slice(0, 10),
      expiresAt: null,
      revokedAt: null,
      account: { login: 'cq-editor' },
    });

    const me = await world.hub.gqlAs(token, ME);
    expect(me.body.data).toEqual({
      me: {
        login: 'cq-editor',
        name: 'Chongqing HRSS editor',
        roles: ['EDITOR'],
        disabled: false,
        authority: { slug: 'chongqing-hrss', jurisdiction: { code: 'CN-CQ' } },
      },
    });
    // Only a hash is stored: the token itself appears nowhere in the database.
    const [stored] = await rows<{ n: number }>(
      world.db.database.db,
      sql`SELECT count(*)::int AS n FROM api_tokens WHERE token_hash = encode(sha256(convert_to(${token}, 'UTF8')), 'hex')`,
    );
    expect(stored!.n).toBe(1);
    const [leak] = await rows<{ n: number }>(
      world.db.database.db,
      sql`SELECT count(*)::int AS n FROM api_tokens t, audit_log a WHERE t.prefix || '' = ${token} OR a.after::text LIKE ${`%${token}%`}`,
    );
    expect(leak!.n).toBe(0);

    const audit = await rows<{ actor: string; action: string; subject_key: string }>(
      world.db.database.db,
      sql`SELECT actor, action, subject_key FROM audit_log WHERE subject_type IN ('account', 'api_token') ORDER BY id`,
    );
    expect(audit).toEqual([
      { actor: 'cli:accounts', action: 'create_account', subject_key: 'ops-admin' },
      { actor: 'cli:accounts', action: 'issue_token', subject_key: `ops-admin/${admin.token.slice(0, 10)}` },
      { actor: 'ops-admin', action: 'create_account', subject_key: 'cq-editor' },
      { actor: 'ops-admin', action: 'create_account', subject_key: 'mohrss-reviewer' },
      { actor: 'ops-admin', action: 'issue_token', subject_key: `cq-editor/${token.slice(0, 10)}` },
    ]);
  });

  it('refuses account management without a credential (UNAUTHENTICATED) or without ADMIN (FORBIDDEN), writing nothing', async () => {
    const editor = await accountWithToken(world.db.database, 'bj-editor', 'beijing-hrss', ['EDITOR']);
    const before = [await count('accounts'), await count('api_tokens'), await count('audit_log')];
    const input = { login: 'intruder', name: 'Intruder', authority: 'mohrss', roles: ['ADMIN'] };

    const anonymous = await world.hub.gql(CREATE, { input });
    expect(anonymous.body.data).toBeNull();
    expect(anonymous.body.errors).toEqual([expect.objectContaining({ path: ['createAccount'], extensions: { code: 'UNAUTHENTICATED' } })]);
    const asEditor = await world.hub.gqlAs(editor.token, CREATE, { input });
    expect(asEditor.body.errors).toEqual([expect.objectContaining({ path: ['createAccount'], extensions: { code: 'FORBIDDEN' } })]);
    const tokenForOther = await world.hub.gqlAs(editor.token, ISSUE, { account: await accountId('ops-admin') });
    expect(tokenForOther.body.errors).toEqual([
      expect.objectContaining({
        message: 'Only an ADMIN issues tokens for other accounts',
        extensions: { code: 'FORBIDDEN', rule: 'admin-only' },
      }),
    ]);
    expect([await count('accounts'), await count('api_tokens'), await count('audit_log')]).toEqual(before);
  });

  it('refuses a REVIEWER outside the national authority, by the service and by the database', async () => {
    const regional = await world.hub.gqlAs(admin.token, CREATE, {
      input: { login: 'bj-reviewer', name: 'Not national', authority: 'beijing-hrss', roles: ['REVIEWER'] },
    });
    expect(regional.body.errors).toEqual([
      expect.objectContaining({
        message: 'A REVIEWER belongs to the national authority; beijing-hrss is not national',
        extensions: { code: 'BAD_USER_INPUT', rule: 'reviewer-is-national' },
      }),
    ]);
    const refused = await world.db.database.db
      .execute(sql`UPDATE accounts SET roles = ARRAY['REVIEWER']::account_role[] WHERE login = 'cq-editor'`)
      .then(
        () => null,
        (e: Error & { cause?: Error }) => e.cause?.message ?? e.message,
      );
    expect(refused).toBe('only an account of a national authority can be a REVIEWER');
  });

  it('refuses expired, revoked, unknown and malformed credentials with 401 UNAUTHENTICATED, never as anonymous', async () => {
    const editor = await accountWithToken(world.db.database, 'tj-editor', 'tianjin-hrss', ['EDITOR']);
    expect((await world.hub.gqlAs(editor.token, '{ me { login } }')).body.data).toEqual({ me: { login: 'tj-editor' } });

    const cases: [string, string][] = [
      ['Bearer th_short', 'Malformed API token'],
      ['Basic dXNlcjpwYXNz', 'Malformed Authorization header: expected "Bearer <token>"'],
      [`Bearer th_${'A'.repeat(43)}`, 'Unknown API token'],
      ['Bearer not-a-token', 'Unrecognised credential: send an API token (th_…) or a JWT as a Bearer token'],
      ['Bearer a.b.c', 'This hub accepts no single sign-on JWTs: no key set is configured (HUB_JWKS_URL)'],
    ];
    for (const [header, message] of cases) {
      const res = await world.hub.gqlAs(header, '{ jurisdiction(code: "CN-BJ") { code } }');
      expect([res.status, res.body]).toEqual([
        401,
        { errors: [{ message, extensions: { code: 'UNAUTHENTICATED', requestId: expect.any(String) } }] },
      ]);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="talent-hub"');
    }

    // Expired: the database's clock decides.
    await world.db.database.db.execute(
      sql`UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE prefix = ${editor.token.slice(0, 10)}`,
    );
    const expired = await world.hub.gqlAs(editor.token, '{ me { login } }');
    expect([expired.status, expired.body.errors?.[0]?.message]).toEqual([401, 'This API token has expired']);
    await world.db.database.db.execute(sql`UPDATE api_tokens SET expires_at = NULL WHERE prefix = ${editor.token.slice(0, 10)}`);

    // Revoked through the API by the account itself: refused from the next request on.
    const { body } = await world.hub.gqlAs(editor.token, '{ me { tokens { id } } }');
    const revoked = await world.hub.gqlAs(editor.token, REVOKE, { id: body.data.me.tokens[0].id });
    expect(revoked.body.data.revokeToken).toEqual({
      token: null,
      apiToken: { prefix: editor.token.slice(0, 10), revokedAt: expect.any(String) },
    });
    const after = await world.hub.gqlAs(editor.token, '{ me { login } }');
    expect([after.status, after.body.errors?.[0]?.message]).toEqual([401, 'This API token has been revoked']);
  });

  it('an expiry day is checked and kept: a past day is refused, a future one stored as the start of that day in China', async () => {
    const past = await world.hub.gqlAs(admin.token, ISSUE, { account: await accountId('ops-admin'), expiresOn: '2020-01-01' });
    expect(past.body.errors).toEqual([
      expect.objectContaining({ message: 'expiresOn 2020-01-01 is not in the future', extensions: { code: 'BAD_USER_INPUT' } }),
    ]);
    const future = await world.hub.gqlAs(admin.token, ISSUE, { account: await accountId('ops-admin'), expiresOn: '2099-03-01' });
    expect(future.body.data.issueToken.apiToken.expiresAt).toBe('2099-02-28T16:00:00.000Z');
  });

  it('serves answers to a credential as private, never with a shared ETag', async () => {
    const query = encodeURIComponent('{ jurisdiction(code: "CN-BJ") { code } }');
    const publicRes = await fetch(`${world.hub.url}/graphql?query=${query}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(publicRes.headers.get('cache-control')).toBe('max-age=60, public');
    expect(publicRes.headers.get('etag')).toMatch(/^W\//);
    const privateRes = await fetch(`${world.hub.url}/graphql?query=${query}`, {
      headers: { 'apollo-require-preflight': 'true', authorization: `Bearer ${admin.token}` },
    });
    expect(privateRes.status).toBe(200);
    expect(privateRes.headers.get('cache-control')).toBe('private, no-store');
    expect(privateRes.headers.get('etag')).toBeNull();
    expect(privateRes.headers.get('vary')).toBe('Authorization');
  });

  it('keeps accounts to themselves and admins: node(id:) of another account is refused', async () => {
    const other = await accountWithToken(world.db.database, 'sh-editor', 'shanghai-hrss', ['EDITOR']);
    const res = await world.hub.gqlAs(other.token, `query($id: ID!) { node(id: $id) { ... on Account { login } } }`, {
      id: await accountId('ops-admin'),
    });
    expect(res.body.errors).toEqual([expect.objectContaining({ extensions: { code: 'FORBIDDEN' } })]);
    const anonymous = await world.hub.gql(`query($id: ID!) { node(id: $id) { ... on Account { login } } }`, {
      id: await accountId('ops-admin'),
    });
    expect(anonymous.body.errors).toEqual([expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED' } })]);
  });
});

describe('single sign-on JWTs', () => {
  let jwks: Server;
  let sso: TestHub;
  let keys: { privateKey: CryptoKey; jwk: JWK };
  let stranger: { privateKey: CryptoKey };
  const issuer = 'https://sso.cq-hrss.example';
  const audience = 'talent-hub';

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    keys = { privateKey: pair.privateKey, jwk: { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' } };
    stranger = { privateKey: (await generateKeyPair('ES256')).privateKey };
    // The test serves the key set itself, as a bureau's identity provider would.
    jwks = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [keys.jwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const port = (jwks.address() as { port: number }).port;
    sso = await startHub(world.db.database, {
      HUB_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json`,
      HUB_JWT_ISSUER: issuer,
      HUB_JWT_AUDIENCE: audience,
      HUB_JWT_ACCOUNT_CLAIM: 'hub_account',
    });
    await accountWithToken(world.db.database, 'cq-sso-editor', 'chongqing-hrss', ['EDITOR']);
  });
  afterAll(async () => {
    await sso?.stop();
    await new Promise((resolve) => jwks?.close(resolve));
  });

  const jwt = (claims: Record<string, unknown>, options: { key?: CryptoKey; iss?: string; aud?: string; exp?: string | number } = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setIssuer(options.iss ?? issuer)
      .setAudience(options.aud ?? audience)
      .setIssuedAt()
      .setExpirationTime(options.exp ?? '5m')
      .sign(options.key ?? keys.privateKey);

  it('accepts a JWT signed by the configured key set whose claim names an account', async () => {
    const res = await sso.gqlAs(await jwt({ hub_account: 'cq-sso-editor' }), '{ me { login roles } }');
    expect(res.body.data).toEqual({ me: { login: 'cq-sso-editor', roles: ['EDITOR'] } });
  });

  it('refuses a wrong signature, issuer, audience, an expired JWT and one naming no account', async () => {
    const cases: [string, string][] = [
      [
        await jwt({ hub_account: 'cq-sso-editor' }, { key: stranger.privateKey }),
        'The JWT signature does not verify against the configured key set',
      ],
      [await jwt({ hub_account: 'cq-sso-editor' }, { iss: 'https://evil.example' }), 'The JWT was refused: unexpected "iss" claim value'],
      [await jwt({ hub_account: 'cq-sso-editor' }, { aud: 'another-app' }), 'The JWT was refused: unexpected "aud" claim value'],
      [await jwt({ hub_account: 'cq-sso-editor' }, { exp: Math.floor(Date.now() / 1000) - 60 }), 'The JWT has expired'],
      [await jwt({ sub: 'cq-sso-editor' }), 'The JWT has no "hub_account" claim naming an account'],
      [await jwt({ hub_account: 'nobody' }), "The JWT names no account of this hub ('nobody')"],
    ];
    for (const [token, message] of cases) {
      const res = await sso.gqlAs(token, '{ me { login } }');
      expect([res.status, res.body.errors?.[0]?.message, res.body.errors?.[0]?.extensions?.code]).toEqual([
        401,
        message,
        'UNAUTHENTICATED',
      ]);
    }
  });
});

describe('npm run accounts', () => {
  it('creates the first admin and prints its token once, which then works against the hub', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'talent-hub-accounts-'));
    const env: NodeJS.ProcessEnv = { ...process.env, HUB_DATA_DIR: join(dir, 'data'), HUB_SEED_ON_EMPTY: 'true' };
    if (engine === 'postgres') env.DATABASE_URL = world.db.url!;
    else delete env.DATABASE_URL;
    const run = (...args: string[]) => promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/accounts.ts', ...args], { env });
    try {
      const created = await run('create', '--login', 'first-admin', '--name', 'First admin', '--authority', 'mohrss', '--roles', 'ADMIN');
      expect(created.stdout.trim()).toBe('created account first-admin (ADMIN)');
      const issued = await run('token', '--login', 'first-admin');
      const token = issued.stdout.trim();
      expect(token).toMatch(/^th_[A-Za-z0-9_-]{43}$/);
      const refused = await run('create', '--login', 'first-admin', '--name', 'Again', '--authority', 'mohrss', '--roles', 'ADMIN').catch(
        (e: { code: number; stderr: string }) => e,
      );
      expect(refused).toMatchObject({ code: 1, stderr: "CONFLICT: An account 'first-admin' exists already\n" });

      const database = engine === 'postgres' ? world.db.database : await connect({ dataDir: join(dir, 'data') });
      try {
        if (engine === 'pglite') await prepareDatabase(database, { seedOnEmpty: false });
        const hub = engine === 'postgres' ? world.hub : await startHub(database);
        try {
          expect((await hub.gqlAs(token, '{ me { login roles } }')).body.data).toEqual({ me: { login: 'first-admin', roles: ['ADMIN'] } });
        } finally {
          if (hub !== world.hub) await hub.stop();
        }
      } finally {
        if (database !== world.db.database) await database.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // Three processes, each opening (and the first seeding) the embedded database.
  }, 120_000);
});
