import { describe, expect, it } from 'vitest';
import type { Database } from '../src/db/client.ts';
import { FeedWaker, followFeed } from '../src/modules/change/change.live.ts';
import type { ChangeRow } from '../src/modules/change/change.store.ts';

// followFeed without a database: what it yields, when it waits, when it stops. (The feed's
// content and the cross-process wake-up are tested through the server: subscriptions.test.ts.)

function fakeDatabase() {
  let notify: (payload: string) => void = () => {};
  const database = {
    async listen(_channel: string, onNotify: (payload: string) => void) {
      notify = onNotify;
      return async () => {};
    },
  } as unknown as Database;
  return { database, notify: () => notify('') };
}
const row = (position: number) => ({ position, derived: 0 }) as ChangeRow;

describe('followFeed', () => {
  it('yields what there is, waits for a notification, then yields what came', async () => {
    const { database, notify } = fakeDatabase();
    const waker = new FeedWaker(database);
    const pages = [[row(1), row(2)], [], [row(3)]];
    let reads = 0;
    const feed = followFeed({ next: async () => pages[reads++] ?? [] }, waker, () => false);
    expect((await feed.next()).value.position).toBe(1);
    expect((await feed.next()).value.position).toBe(2);
    const third = feed.next();
    await waker.ready();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(reads).toBe(2); // read once, found nothing, now waiting
    notify();
    expect((await third).value.position).toBe(3);
    await feed.return!();
    expect((await feed.next()).done).toBe(true);
  });

  it('ends the stream, rather than buffer, when the subscriber is too slow', async () => {
    const { database } = fakeDatabase();
    let slow = false;
    const feed = followFeed({ next: async () => [row(1), row(2), row(3)] }, new FeedWaker(database), () => slow);
    expect((await feed.next()).value.position).toBe(1);
    slow = true;
    expect(await feed.next()).toEqual({ value: undefined, done: true });
  });

  it('stops at once when the subscriber leaves while it waits', async () => {
    const { database } = fakeDatabase();
    const feed = followFeed({ next: async () => [] }, new FeedWaker(database), () => false);
    const pending = feed.next();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await feed.return!();
    expect(await pending).toEqual({ value: undefined, done: true });
  });
});
