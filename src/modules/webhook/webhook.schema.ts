import { deliveryStatus } from '../../db/tables/index.ts';
import { builder } from '../../graphql/builder.ts';
import type { Context } from '../../graphql/context.ts';
import { enumOf } from '../../graphql/enums.ts';
import { groupLoader } from '../../graphql/nodes.ts';
import { cursorsOf, sequenceConnection } from '../../graphql/pagination.ts';
import { ChangeKindEnum } from '../change/change.schema.ts';
import { has } from '../governance/governance.rules.ts';
import { JurisdictionRef } from '../jurisdiction/jurisdiction.schema.ts';
import { enableWebhook, ownWebhook, registerWebhook } from './webhook.service.ts';
import { attemptsOf, countDeliveries, type DeliveryRow, listDeliveries, type WebhookRow, webhooksOf } from './webhook.store.ts';

const DeliveryStatusEnum = enumOf('WebhookDeliveryStatus', deliveryStatus.enumValues, 'Where a delivery is.', {
  PENDING: 'Due, or waiting for its next attempt.',
  DELIVERED: 'The receiver answered 2xx.',
  FAILED: 'Every attempt failed; no more will be made.',
});

const acting = (ctx: Context) => ({ actor: ctx.actor, requestId: ctx.requestId });
const attemptsLoader = groupLoader(attemptsOf, (a) => a.deliveryId);

const AttemptRef = builder
  .objectRef<{ at: string; status: number | null; error: string | null; durationMs: number }>('WebhookAttempt')
  .implement({
    description: 'One attempt of a delivery.',
    fields: (t) => ({
      at: t.field({ type: 'DateTime', description: 'When.', resolve: (a) => a.at }),
      status: t.int({
        nullable: true,
        description: 'The HTTP status the receiver answered; null when it did not answer.',
        resolve: (a) => a.status,
      }),
      error: t.string({ nullable: true, description: 'What went wrong.', resolve: (a) => a.error }),
      durationMs: t.int({ description: 'How long the attempt took.', resolve: (a) => a.durationMs }),
    }),
  });

const DeliveryRef = builder.objectRef<DeliveryRow>('WebhookDelivery').implement({
  description: 'One change sent to one webhook: written with the change, sent by any hub process, exactly once when it succeeds.',
  fields: (t) => ({
    event: t.string({ description: 'The change’s position in the feed.', resolve: (d) => String(d.eventId) }),
    status: t.field({ type: DeliveryStatusEnum, description: 'Where it is.', resolve: (d) => d.status }),
    attempts: t.exposeInt('attempts', { description: 'Attempts made.' }),
    dueAt: t.field({ type: 'DateTime', description: 'When the next attempt is due (while PENDING).', resolve: (d) => d.dueAt }),
    deliveredAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the receiver accepted it.',
      resolve: (d) => d.deliveredAt,
    }),
    lastStatus: t.exposeInt('lastStatus', { nullable: true, description: 'The HTTP status of the last attempt.' }),
    lastError: t.exposeString('lastError', { nullable: true, description: 'The error of the last attempt.' }),
    attemptLog: t.field({
      type: [AttemptRef],
      description: 'Every attempt, oldest first.',
      resolve: (d, _a, ctx) => attemptsLoader(ctx).load(d.id),
    }),
  }),
});

const WebhookRef = builder.objectRef<WebhookRow>('Webhook').implement({
  description:
    'An HTTP endpoint the hub POSTs matching changes to, signed (header `x-hub-signature`: `t=<unix seconds>,v1=<HMAC-SHA256 hex of "<t>.<body>">`).',
  fields: (t) => ({
    id: t.exposeInt('id', { description: 'Its number.' }),
    url: t.exposeString('url', { description: 'Where changes are sent.' }),
    jurisdictions: t.field({
      type: [JurisdictionRef],
      nullable: true,
      description: 'Only changes of these jurisdictions; null: all.',
      resolve: (w) => w.jurisdictionIds,
    }),
    kinds: t.field({
      type: [ChangeKindEnum],
      nullable: true,
      description: 'Only these kinds; null: all stored kinds.',
      resolve: (w) => w.kinds,
    }),
    allowPrivate: t.exposeBoolean('allowPrivate', { description: 'An admin allowed a loopback or private address.' }),
    createdAt: t.field({ type: 'DateTime', description: 'When it was registered.', resolve: (w) => w.createdAt }),
    consecutiveFailures: t.exposeInt('consecutiveFailures', { description: 'Failed attempts since the last success.' }),
    disabledAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When it was disabled after too many consecutive failures; `enableWebhook` turns it back on.',
      resolve: (w) => w.disabledAt,
    }),
  }),
});

const WebhookInput = builder.inputType('WebhookInput', {
  description: 'A webhook to register.',
  fields: (t) => ({
    url: t.string({
      required: true,
      description: 'An http(s) URL. Loopback and private addresses are refused unless an admin sets allowPrivate.',
    }),
    jurisdictions: t.stringList({ description: 'Only changes of these jurisdictions (codes).' }),
    kinds: t.field({
      type: [ChangeKindEnum],
      description: 'Only these kinds (lapses are derived when the feed is read, and not delivered).',
    }),
    allowPrivate: t.boolean({ description: 'ADMIN only: allow a loopback or private address.' }),
  }),
});

const RegisteredWebhook = builder.objectRef<{ webhook: WebhookRow; secret: string | null }>('WebhookPayload').implement({
  description: 'A webhook, with its secret when it was just registered.',
  fields: (t) => ({
    webhook: t.field({ type: WebhookRef, description: 'The webhook.', resolve: (p) => p.webhook }),
    secret: t.string({ nullable: true, description: 'The signing secret: shown on registration only.', resolve: (p) => p.secret }),
  }),
});

builder.mutationFields((t) => ({
  registerWebhook: t.field({
    type: RegisteredWebhook,
    authScopes: { $any: { editor: true, admin: true } },
    description: 'Registers a webhook for the change feed (editors and admins). The secret is in the answer once.',
    args: { input: t.arg({ type: WebhookInput, required: true, description: 'The webhook.' }) },
    resolve: (_r, { input }, ctx) => registerWebhook(ctx.db, acting(ctx), input),
  }),
  enableWebhook: t.field({
    type: RegisteredWebhook,
    authScopes: { authenticated: true },
    description: 'Turns a disabled webhook back on (its owner, or an admin).',
    args: { id: t.arg.int({ required: true, description: 'The webhook’s number.' }) },
    resolve: async (_r, { id }, ctx) => ({ webhook: await enableWebhook(ctx.db, acting(ctx), id), secret: null }),
  }),
}));

const deliveryCursors = cursorsOf('Delivery');

builder.queryFields((t) => ({
  webhooks: t.field({
    type: [WebhookRef],
    authScopes: { authenticated: true },
    description: 'The caller’s webhooks (admins: all).',
    resolve: (_r, _a, ctx) => webhooksOf(ctx.db, has(ctx.actor!, 'ADMIN') ? null : ctx.actor!.accountId),
  }),
  webhookDeliveries: t.connection(
    {
      type: DeliveryRef,
      authScopes: { authenticated: true },
      description: 'The deliveries of one of the caller’s webhooks, oldest first, with every attempt.',
      args: { webhook: t.arg.int({ required: true, description: 'The webhook’s number.' }) },
      resolve: async (_r, args, ctx) => {
        const w = await ownWebhook(ctx.db, acting(ctx), args.webhook);
        return sequenceConnection(args, deliveryCursors, {
          fetch: (page) => listDeliveries(ctx.db, w.id, page),
          totalCount: () => countDeliveries(ctx.db, w.id),
        });
      },
    },
    { name: 'WebhookDeliveryConnection', description: 'A page of deliveries (first or last ≤ 100, default 20).' },
    { name: 'WebhookDeliveryEdge', description: 'One delivery, with its cursor.' },
  ),
}));
