import { and, asc, count, desc, eq, gt, inArray, lt, type SQL, sql } from 'drizzle-orm';
import { type Db, rows } from '../../db/client.ts';
import { changeEvents, jurisdictions, webhookAttempts, webhookDeliveries, webhooks } from '../../db/tables/index.ts';

// NOTE: the SQL of webhooks and their outbox. Rules live in webhook.rules.ts.

export type WebhookRow = typeof webhooks.$inferSelect;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;
export type AttemptRow = typeof webhookAttempts.$inferSelect;

export async function insertWebhook(db: Db, values: typeof webhooks.$inferInsert): Promise<WebhookRow> {
  const [row] = await db.insert(webhooks).values(values).returning();
  return row!;
}

/** How many webhooks an account has, counted under a lock on the account, so that concurrent registrations take turns. */
export async function lockAndCountWebhooks(db: Db, ownerId: number): Promise<number> {
  await db.execute(sql`SELECT 1 FROM accounts WHERE id = ${ownerId} FOR UPDATE`);
  const [row] = await db.select({ n: count() }).from(webhooks).where(eq(webhooks.ownerId, ownerId));
  return row?.n ?? 0;
}

export async function webhookById(db: Db, id: number): Promise<WebhookRow | null> {
  const [row] = await db.select().from(webhooks).where(eq(webhooks.id, id));
  return row ?? null;
}

export async function webhooksOf(db: Db, ownerId: number | null): Promise<WebhookRow[]> {
  return db
    .select()
    .from(webhooks)
    .where(ownerId === null ? undefined : eq(webhooks.ownerId, ownerId))
    .orderBy(asc(webhooks.id));
}

export async function enable(db: Db, id: number): Promise<WebhookRow | null> {
  const [row] = await db.update(webhooks).set({ disabledAt: null, consecutiveFailures: 0 }).where(eq(webhooks.id, id)).returning();
  return row ?? null;
}

/**
 * The outbox: a delivery for each enabled webhook whose filter matches each of these events,
 * in the transaction that wrote them. So a change without its deliveries (or the reverse) cannot
 * be committed.
 */
export async function enqueueDeliveries(db: Db, eventIds: number[]): Promise<void> {
  if (eventIds.length === 0) return;
  await db.execute(sql`
    INSERT INTO webhook_deliveries (webhook_id, event_id)
    SELECT w.id, e.id FROM webhooks w JOIN change_events e ON ${inArray(sql`e.id`, eventIds)}
    WHERE w.disabled_at IS NULL
      AND (w.jurisdiction_ids IS NULL OR e.jurisdiction_id = ANY (w.jurisdiction_ids))
      AND (w.kinds IS NULL OR e.kind = ANY (w.kinds))
    ON CONFLICT DO NOTHING`);
}

export interface Claimed {
  delivery: DeliveryRow;
  webhook: WebhookRow;
  event: typeof changeEvents.$inferSelect & { jurisdictionCode: string | null };
}

/**
 * Claims due deliveries for this worker: `FOR UPDATE SKIP LOCKED`, so two processes never take
 * the same one, and a lease (`due_at` moved forward) so it is not sent twice while the request
 * is in flight; a worker that dies leaves it due again when the lease ends.
 */
export async function claimDue(db: Db, limit: number, leaseMs: number): Promise<Claimed[]> {
  const claimed = await rows<{ id: number }>(
    db,
    sql`UPDATE webhook_deliveries d SET due_at = now() + ${`${leaseMs} milliseconds`}::interval, attempts = d.attempts + 1
        WHERE d.id IN (
          SELECT d2.id FROM webhook_deliveries d2 JOIN webhooks w ON w.id = d2.webhook_id
          WHERE d2.status = 'PENDING' AND d2.due_at <= now() AND w.disabled_at IS NULL
          ORDER BY d2.id LIMIT ${limit} FOR UPDATE OF d2 SKIP LOCKED)
        RETURNING d.id`,
  );
  if (claimed.length === 0) return [];
  const found = await db
    .select({ delivery: webhookDeliveries, webhook: webhooks, event: changeEvents, jurisdictionCode: jurisdictions.code })
    .from(webhookDeliveries)
    .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
    .innerJoin(changeEvents, eq(changeEvents.id, webhookDeliveries.eventId))
    .leftJoin(jurisdictions, eq(jurisdictions.id, changeEvents.jurisdictionId))
    .where(
      inArray(
        webhookDeliveries.id,
        claimed.map((c) => Number(c.id)),
      ),
    )
    .orderBy(asc(webhookDeliveries.id));
  return found.map((f) => ({ delivery: f.delivery, webhook: f.webhook, event: { ...f.event, jurisdictionCode: f.jurisdictionCode } }));
}

/** Records one attempt and what follows from it, in one transaction. */
export async function recordAttempt(
  db: Db,
  c: Claimed,
  outcome: { ok: boolean; status: number | null; error: string | null; durationMs: number },
  next: { retryInMs: number | null; disableAfter: number },
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .insert(webhookAttempts)
      .values({ deliveryId: c.delivery.id, status: outcome.status, error: outcome.error, durationMs: outcome.durationMs });
    const d = webhookDeliveries;
    if (outcome.ok) {
      await tx
        .update(d)
        .set({ status: 'DELIVERED', deliveredAt: sql`now()`, lastAttemptAt: sql`now()`, lastStatus: outcome.status, lastError: null })
        .where(eq(d.id, c.delivery.id));
      await tx.update(webhooks).set({ consecutiveFailures: 0 }).where(eq(webhooks.id, c.webhook.id));
      return;
    }
    await tx
      .update(d)
      .set({
        status: next.retryInMs === null ? 'FAILED' : 'PENDING',
        dueAt: next.retryInMs === null ? sql`now()` : sql`now() + ${`${next.retryInMs} milliseconds`}::interval`,
        lastAttemptAt: sql`now()`,
        lastStatus: outcome.status,
        lastError: outcome.error,
      })
      .where(eq(d.id, c.delivery.id));
    await tx
      .update(webhooks)
      .set({
        consecutiveFailures: sql`${webhooks.consecutiveFailures} + 1`,
        disabledAt: sql`CASE WHEN ${webhooks.consecutiveFailures} + 1 >= ${next.disableAfter} THEN now() ELSE ${webhooks.disabledAt} END`,
      })
      .where(eq(webhooks.id, c.webhook.id));
  });
}

export async function listDeliveries(
  db: Db,
  webhookId: number,
  page: { after: number | null; before: number | null; limit: number; inverted: boolean },
): Promise<DeliveryRow[]> {
  const where: SQL[] = [eq(webhookDeliveries.webhookId, webhookId)];
  if (page.after !== null) where.push(gt(webhookDeliveries.id, page.after));
  if (page.before !== null) where.push(lt(webhookDeliveries.id, page.before));
  return db
    .select()
    .from(webhookDeliveries)
    .where(and(...where))
    .orderBy(page.inverted ? desc(webhookDeliveries.id) : asc(webhookDeliveries.id))
    .limit(page.limit);
}

export async function countDeliveries(db: Db, webhookId: number): Promise<number> {
  const [row] = await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM webhook_deliveries WHERE webhook_id = ${webhookId}`);
  return row?.n ?? 0;
}

export async function attemptsOf(db: Db, deliveryIds: number[]): Promise<AttemptRow[]> {
  if (deliveryIds.length === 0) return [];
  return db.select().from(webhookAttempts).where(inArray(webhookAttempts.deliveryId, deliveryIds)).orderBy(asc(webhookAttempts.id));
}
