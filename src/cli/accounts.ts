import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { connect } from '../db/client.ts';
import { HubError } from '../errors.ts';
import { prepareDatabase } from '../modules/bundle/bundle.prepare.ts';
import { type Acting, createAccount, issueToken, revokeToken } from '../modules/governance/accounts.service.ts';
import type { Role } from '../modules/governance/governance.rules.ts';
import { cannotConnect } from './tool.ts';

// npm run accounts -- create --login <login> --name <name> --authority <slug> --roles ADMIN[,EDITOR…]
// npm run accounts -- token --login <login> [--expires YYYY-MM-DD]
// npm run accounts -- revoke --token <id>
// The operator's bootstrap: the first admin and its token. Whoever runs it has shell access to
// the database already; it is audited as `cli:accounts`. After that, admins use the mutations.
const USAGE = `usage:
  npm run accounts -- create --login <login> --name <name> --authority <authority-slug> --roles ADMIN[,EDITOR,REVIEWER]
  npm run accounts -- token  --login <login> [--expires YYYY-MM-DD]
  npm run accounts -- revoke --token <token-id>`;

const argv = process.argv.slice(2).filter((a) => a !== '--');
const { positionals, values } = parseArgs({
  args: argv,
  allowPositionals: true,
  options: {
    login: { type: 'string' },
    name: { type: 'string' },
    authority: { type: 'string' },
    roles: { type: 'string' },
    expires: { type: 'string' },
    token: { type: 'string' },
  },
});
const command = positionals[0];
if (!command || !['create', 'token', 'revoke'].includes(command)) {
  console.error(USAGE);
  process.exit(2);
}

const config = loadConfig();
const database = await connect({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 }).catch(cannotConnect);
const acting: Acting = { actor: null, tool: 'cli:accounts' };
try {
  await prepareDatabase(database, { seedOnEmpty: config.seedOnEmpty });
  if (command === 'create') {
    if (!values.login || !values.name || !values.authority || !values.roles) throw new HubError('BAD_USER_INPUT', USAGE);
    const roles = values.roles.split(',').map((r) => r.trim().toUpperCase()) as Role[];
    const account = await createAccount(database.db, acting, {
      login: values.login,
      name: values.name,
      authority: values.authority,
      roles,
    });
    console.log(`created account ${account.login} (${account.roles.join(', ')})`);
  } else if (command === 'token') {
    if (!values.login) throw new HubError('BAD_USER_INPUT', USAGE);
    const issued = await issueToken(database.db, acting, values.login, values.expires ?? null);
    console.error(
      `token ${issued.row.id} for ${issued.account.login}${issued.row.expiresAt ? `, expires ${issued.row.expiresAt}` : ''}; it is shown once:`,
    );
    console.log(issued.token);
  } else {
    const id = Number(values.token);
    if (!Number.isSafeInteger(id)) throw new HubError('BAD_USER_INPUT', USAGE);
    const revoked = await revokeToken(database.db, acting, id);
    console.log(`token ${id} of ${revoked.account.login} revoked at ${revoked.row.revokedAt}`);
  }
} catch (error) {
  if (error instanceof HubError) {
    console.error(`${error.code}: ${error.message}`);
    process.exitCode = 1;
  } else {
    throw error;
  }
} finally {
  await database.close();
}
