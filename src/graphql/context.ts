import { randomUUID } from 'node:crypto';
import { initContextCache } from '@pothos/core';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import type { FeedWaker } from '../modules/change/change.live.ts';
import type { Actor } from '../modules/governance/governance.rules.ts';
import { todayInChina } from '../modules/time/dates.ts';

/**
 * One context per request: the database handle, the request's id and its "today", and the
 * request's DataLoaders, built on first use and held in `loaders` (graphql/nodes.ts), so they live
 * for one request only and several hub processes never disagree.
 */
export function createContext(
  deps: { db: Db; config: Config; requestId?: string; actor?: Actor | null; live?: LiveContext },
  now: Date = new Date(),
) {
  return {
    // NOTE: Pothos plugins key their per-request caches on this, which survives a copied context.
    ...initContextCache(),
    db: deps.db,
    config: deps.config,
    /** Echoed in `x-request-id` and in masked errors, and logged with them. */
    requestId: deps.requestId ?? randomUUID(),
    /** Who the request's credential is (server.ts authenticates before the operation runs); null: anonymous. */
    actor: deps.actor ?? null,
    /** `asOf` when a query omits it: today in China Standard Time, fixed for the whole request. */
    today: todayInChina(now),
    /** Subscriptions only (graphql/live.ts): the process's feed waker and the socket's backpressure. */
    live: deps.live ?? null,
    /** The request's own DataLoaders (graphql/nodes.ts `perRequest`), held by the context itself. */
    loaders: new Map<object, unknown>(),
    /**
     * What the operation was and how it ended, for the request's log line and metrics (set when
     * the answer is sent). A holder, because Apollo runs each operation on a shallow copy of the context.
     */
    outcome: { current: null as RequestOutcome | null },
  };
}

/** How an operation ended: its name and type, the codes of its errors, and whether it was a request error (graphql/over-http.ts). */
export interface RequestOutcome {
  operation: string | null;
  type: string | null;
  codes: string[];
  requestError: boolean;
}

export interface LiveContext {
  waker: FeedWaker;
  /** True when the subscriber has not read what it was already sent. */
  tooSlow: () => boolean;
}

export type Context = ReturnType<typeof createContext>;
