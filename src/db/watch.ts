import type { DatabaseTimeouts } from '../config.ts';

/**
 * The database is down, frozen or too slow to answer: what a request gets instead of waiting.
 * Its code is one `graphql/format-error.ts` serves as SERVICE_UNAVAILABLE.
 */
export class DatabaseUnavailable extends Error {
  readonly code = 'DATABASE_UNAVAILABLE';
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseUnavailable';
  }
}

export type WatchOptions = Pick<DatabaseTimeouts, 'stallMs' | 'probeTimeoutMs' | 'deadlineMs'>;

export interface DatabaseWatch {
  /** `work`, unless it outlives `stallMs` while the database does not answer (or outlives the deadline): then DatabaseUnavailable. */
  guard<T>(work: Promise<T>): Promise<T>;
  /**
   * Whether the database answers a probe within the timeout; one probe at a time, its answer
   * remembered for 250 ms unless `fresh` (a readiness check must not report what was true before).
   */
  healthy(options?: { fresh?: boolean }): Promise<boolean>;
}

const REMEMBER_MS = 250;

/**
 * NOTE: why a probe rather than a client-side timeout on each statement: a slow statement on a
 * healthy database (a big diff) must finish, while a frozen server answers nothing, ever (its
 * sockets stay open, so postgres.js waits forever). A request that has run `stallMs` asks the
 * database on its own connection; if that fails, every waiting request is answered at once
 * (issue 12: before, none was answered within 5 s, /readyz included).
 */
export function databaseWatch(probe: () => Promise<void>, options: WatchOptions): DatabaseWatch {
  let running: Promise<boolean> | null = null;
  let last: { at: number; ok: boolean } | null = null;
  const healthy = (ask: { fresh?: boolean } = {}): Promise<boolean> => {
    if (!ask.fresh && last && performance.now() - last.at < REMEMBER_MS) return Promise.resolve(last.ok);
    running ??= within(probe(), options.probeTimeoutMs).then(
      () => remember(true),
      () => remember(false),
    );
    return running;
  };
  const remember = (ok: boolean) => {
    last = { at: performance.now(), ok };
    running = null;
    return ok;
  };
  return {
    healthy,
    async guard<T>(work: Promise<T>): Promise<T> {
      let timer: NodeJS.Timeout | undefined;
      const started = performance.now();
      const watched = new Promise<never>((_resolve, reject) => {
        const check = async () => {
          if (performance.now() - started >= options.deadlineMs) {
            reject(new DatabaseUnavailable(`The request took longer than ${options.deadlineMs} ms`));
          } else if (!(await healthy())) {
            reject(new DatabaseUnavailable('The database is not answering'));
          } else {
            timer = setTimeout(check, options.stallMs);
          }
        };
        // Known not to answer a moment ago: ask again at once rather than wait a stall first.
        const knownDown = last !== null && !last.ok && performance.now() - last.at < REMEMBER_MS;
        timer = setTimeout(check, knownDown ? 0 : options.stallMs);
      });
      watched.catch(() => {});
      try {
        return await Promise.race([work, watched]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

function within(work: Promise<void>, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new DatabaseUnavailable(`no answer within ${ms} ms`)), ms);
    work.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
