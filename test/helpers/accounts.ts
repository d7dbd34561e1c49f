import type { Database } from '../../src/db/client.ts';
import { createAccount, issueToken } from '../../src/modules/governance/accounts.service.ts';
import type { Role } from '../../src/modules/governance/governance.rules.ts';

/**
 * An account and a token for it, made the way `npm run accounts` makes the first admin (as the
 * operator's tool, audited as `cli:accounts`). Tests make every other account through the API.
 */
export async function accountWithToken(
  database: Database,
  login: string,
  authority: string,
  roles: Role[],
): Promise<{ login: string; token: string }> {
  const acting = { actor: null, tool: 'cli:accounts' };
  await createAccount(database.db, acting, { login, name: `Test ${login}`, authority, roles });
  const { token } = await issueToken(database.db, acting, login, null);
  return { login, token };
}
