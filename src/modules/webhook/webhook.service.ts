import { randomBytes } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import type { changeKind } from '../../db/tables/index.ts';
import { badInput, HubError, notFound } from '../../errors.ts';
import type { Acting } from '../governance/accounts.service.ts';
import { unauthenticated } from '../governance/credentials.ts';
import { has } from '../governance/governance.rules.ts';
import { appendAudit } from '../governance/governance.store.ts';
import { listJurisdictions } from '../jurisdiction/jurisdiction.store.ts';
import { isPrivateAddress, retryDelayMs, signature, urlRefusal } from './webhook.rules.ts';
import {
  type Claimed,
  claimDue,
  enable,
  insertWebhook,
  lockAndCountWebhooks,
  recordAttempt,
  type WebhookRow,
  webhookById,
} from './webhook.store.ts';

type Kind = (typeof changeKind.enumValues)[number];

/** Webhooks one account may have. */
export const MAX_WEBHOOKS_PER_ACCOUNT = 50;

export interface WebhookInput {
  url: string;
  jurisdictions?: string[] | null;
  kinds?: Kind[] | null;
  allowPrivate?: boolean | null;
}

/** Registers a webhook (an editor or admin); its secret is in the answer once. */
export async function registerWebhook(
  db: Db,
  acting: Acting,
  input: WebhookInput,
  perAccount = MAX_WEBHOOKS_PER_ACCOUNT,
): Promise<{ webhook: WebhookRow; secret: string }> {
  const actor = acting.actor;
  if (!actor) throw unauthenticated('Registering a webhook needs a credential');
  if (!has(actor, 'EDITOR') && !has(actor, 'ADMIN'))
    throw new HubError('FORBIDDEN', 'Webhooks are registered by editors and admins', { rule: 'role' });
  if (input.allowPrivate && !has(actor, 'ADMIN'))
    throw new HubError('FORBIDDEN', 'Only an admin allows a webhook on a private address', { rule: 'admin-only' });
  const refusal = urlRefusal(input.url, Boolean(input.allowPrivate));
  if (refusal) throw badInput(`url: ${refusal}`, { argument: 'url' });
  let jurisdictionIds: number[] | null = null;
  if (input.jurisdictions) {
    const all = await listJurisdictions(db);
    jurisdictionIds = input.jurisdictions.map((code) => {
      const j = all.find((x) => x.code === code);
      if (!j) throw notFound('jurisdiction', code);
      return j.id;
    });
  }
  const kinds = input.kinds?.filter((k) => !k.endsWith('_LAPSED')) ?? null;
  if (input.kinds && kinds!.length < input.kinds.length) {
    throw badInput('Lapses are derived from dates when the feed is read; webhooks deliver stored changes only', { argument: 'kinds' });
  }
  const secret = `whsec_${randomBytes(24).toString('base64url')}`;
  return db.transaction(async (txx) => {
    const tx = txx as unknown as Db;
    // Stored on behalf of a client, so bounded like everything else a client can make the hub keep.
    if ((await lockAndCountWebhooks(tx, actor.accountId)) >= perAccount) {
      throw new HubError('CONFLICT', `An account has at most ${perAccount} webhooks: remove one (or reuse one with wider filters) first`, {
        rule: 'webhooks-per-account',
      });
    }
    const webhook = await insertWebhook(tx, {
      ownerId: actor.accountId,
      url: input.url,
      secret,
      jurisdictionIds,
      kinds,
      allowPrivate: Boolean(input.allowPrivate),
    });
    await appendAudit(tx, {
      accountId: actor.accountId,
      authorityId: actor.authorityId,
      actor: actor.login,
      requestId: acting.requestId ?? null,
      action: 'register_webhook',
      subjectType: 'webhook',
      subjectId: webhook.id,
      subjectKey: webhook.url,
      jurisdictionId: actor.jurisdiction.id,
      before: null,
      after: { url: webhook.url, jurisdictionIds, kinds, allowPrivate: webhook.allowPrivate },
    });
    return { webhook, secret };
  });
}

/** The owner's (or an admin's) webhook, or FORBIDDEN as if absent. */
export async function ownWebhook(db: Db, acting: Acting, id: number): Promise<WebhookRow> {
  if (!acting.actor) throw unauthenticated('Webhooks need a credential');
  const w = await webhookById(db, id);
  if (!w || (w.ownerId !== acting.actor.accountId && !has(acting.actor, 'ADMIN')))
    throw new HubError('FORBIDDEN', 'No webhook you own has this ID');
  return w;
}

export async function enableWebhook(db: Db, acting: Acting, id: number): Promise<WebhookRow> {
  await ownWebhook(db, acting, id);
  return (await enable(db, id))!;
}

/** The JSON body of a delivery: the event as the feed serves it. */
export function deliveryBody(c: Claimed): string {
  const e = c.event;
  return JSON.stringify({
    id: `${e.id}.0`,
    delivery: c.delivery.id,
    kind: e.kind,
    subjectKey: e.subjectKey,
    jurisdiction: e.jurisdictionCode,
    at: new Date(e.at).toISOString(),
    effectiveOn: e.effectiveOn,
    summary: e.summary,
    details: e.details,
  });
}

async function send(c: Claimed, config: Config): Promise<{ ok: boolean; status: number | null; error: string | null }> {
  const url = new URL(c.webhook.url);
  if (!c.webhook.allowPrivate) {
    // Checked at each delivery, resolved: a name may point at a private address later.
    const resolved = await lookup(url.hostname.replace(/^\[|\]$/g, ''), { all: true }).catch(() => []);
    if (resolved.length === 0) return { ok: false, status: null, error: `cannot resolve ${url.hostname}` };
    if (resolved.some((a) => isPrivateAddress(a.address)))
      return { ok: false, status: null, error: `${url.hostname} resolves to a private address` };
  }
  const body = deliveryBody(c);
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'talent-hub-webhooks',
        'x-hub-signature': signature(c.webhook.secret, body, Math.floor(Date.now() / 1000)),
        'x-hub-event': `${c.event.id}.0`,
        'x-hub-delivery': String(c.delivery.id),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(config.webhooks.timeoutMs),
    });
    await res.arrayBuffer().catch(() => undefined);
    return res.ok ? { ok: true, status: res.status, error: null } : { ok: false, status: res.status, error: `HTTP ${res.status}` };
  } catch (error) {
    return { ok: false, status: null, error: (error as Error).message.slice(0, 200) };
  }
}

/**
 * The delivery worker every hub process runs: claims due deliveries (never one another process
 * holds), sends each signed, and records the attempt; retries with exponential backoff up to
 * the limit; disables a webhook after that many consecutive failures.
 */
export function startDeliveryWorker(
  db: Db,
  config: Config,
  log: (msg: string, err?: unknown) => void,
): { stop(): Promise<void>; kick(): void } {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  const round = async () => {
    for (;;) {
      const claimed = await claimDue(db, 10, config.webhooks.timeoutMs * 2);
      if (claimed.length === 0) return;
      await Promise.all(
        claimed.map(async (c) => {
          const started = performance.now();
          const outcome = await send(c, config);
          const retry =
            outcome.ok || c.delivery.attempts >= config.webhooks.maxAttempts
              ? null
              : retryDelayMs(c.delivery.attempts, config.webhooks.retryBaseMs);
          await recordAttempt(
            db,
            c,
            { ...outcome, durationMs: Math.round(performance.now() - started) },
            { retryInMs: retry, disableAfter: config.webhooks.disableAfter },
          );
        }),
      );
      if (stopped) return;
    }
  };
  const tick = () => {
    timer = null;
    if (stopped || running) return;
    running = round()
      .catch((error) => log('webhook delivery round failed', error))
      .finally(() => {
        running = null;
        if (!stopped) timer = setTimeout(tick, config.webhooks.pollMs);
      });
  };
  timer = setTimeout(tick, config.webhooks.pollMs);
  return {
    kick() {
      if (timer && !running) {
        clearTimeout(timer);
        tick();
      }
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
