import type { Database } from '../../db/client.ts';
import { CHANGES_CHANNEL, type ChangeRow } from './change.store.ts';

// NOTE: following the feed live. Events are only ever read from the change_events table; a
// PostgreSQL NOTIFY (sent at commit by whichever process wrote them) only says "read again".
// So every hub process serves every subscriber the same events in the same order, a missed
// notification costs at most one wake-up interval, and nothing lives in one process's memory
// that another would need.

/** The longest a subscriber waits without reading again: lapses come by the calendar, with no NOTIFY. */
export const WAKE_INTERVAL_MS = 60_000;

/** One LISTEN per process, started with the first subscriber; it wakes every waiting subscriber. */
export class FeedWaker {
  private waiting = new Set<() => void>();
  private listening: Promise<() => Promise<void>> | null = null;

  constructor(private readonly database: Database) {}

  /** Resolves on the next notification, or after `ms`, or when `cancel` is called. */
  wait(ms: number): { done: Promise<void>; cancel: () => void } {
    this.listening ??= this.database.listen(CHANGES_CHANNEL, () => this.wakeAll());
    let wake: () => void = () => {};
    const done = new Promise<void>((resolve) => {
      const timer = setTimeout(() => wake(), ms);
      wake = () => {
        clearTimeout(timer);
        this.waiting.delete(wake);
        resolve();
      };
      this.waiting.add(wake);
    });
    return { done, cancel: () => wake() };
  }

  /** Waits until the LISTEN is in place (tests, and a clean start of the first subscription). */
  async ready(): Promise<void> {
    this.listening ??= this.database.listen(CHANGES_CHANNEL, () => this.wakeAll());
    await this.listening;
  }

  private wakeAll(): void {
    for (const wake of [...this.waiting]) wake();
  }

  async close(): Promise<void> {
    this.wakeAll();
    const unlisten = await this.listening?.catch(() => null);
    this.listening = null;
    await unlisten?.().catch(() => {});
  }
}

export interface FeedReader {
  /** The next events after the last one read, in feed order (empty: nothing new yet). */
  next(): Promise<ChangeRow[]>;
}

/**
 * The events of the feed as an async iterator: what is there, then each new event as it is
 * committed. `tooSlow` is asked before each event; when the consumer has not read what it was
 * sent, the stream ends (the transport closes it with its code) instead of buffering without bound.
 */
export function followFeed(reader: FeedReader, waker: FeedWaker, tooSlow: () => boolean): AsyncIterableIterator<ChangeRow> {
  let buffer: ChangeRow[] = [];
  let finished = false;
  let cancelWait: (() => void) | null = null;
  const end = (): IteratorResult<ChangeRow> => {
    finished = true;
    cancelWait?.();
    return { value: undefined, done: true };
  };
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      while (!finished) {
        if (buffer.length > 0) {
          if (tooSlow()) return end();
          return { value: buffer.shift()!, done: false };
        }
        // Arm the wake-up before reading, so a commit between the read and the wait is not missed.
        const wait = waker.wait(WAKE_INTERVAL_MS);
        cancelWait = wait.cancel;
        const rows = await reader.next();
        if (rows.length > 0) {
          wait.cancel();
          buffer = rows;
          continue;
        }
        await wait.done;
      }
      return { value: undefined, done: true };
    },
    async return() {
      return end();
    },
  };
}
