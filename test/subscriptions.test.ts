import { createClient } from 'graphql-ws';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { engine, seededWorld } from './helpers/hub.ts';
import { secondInstanceWithEditors } from './helpers/process.ts';

// The change feed live over graphql-ws. A subscriber connected to one hub process sees what is
// published through another: on PostgreSQL a real second process, through LISTEN/NOTIFY; on
// PGlite (one process) a second server on the same database.

const world = seededWorld();
const pair = secondInstanceWithEditors(world, 'shenzhen-hrss', ['sz-editor', 'sz-editor-2']);
const { who } = pair;

const SUBSCRIPTION = `subscription($since: String, $kinds: [ChangeKind!]) { changes(since: $since, kinds: $kinds) { cursor kind subjectKey } }`;
type Event = { cursor: string; kind: string; subjectKey: string };

/** A graphql-ws subscriber: what it has received, and a way to wait for the next ones. */
function subscribe(url: string, variables: Record<string, unknown>, connectionParams: Record<string, unknown> = {}) {
  const client = createClient({
    url: `${url.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    lazy: false,
  });
  const received: { event: Event; at: number }[] = [];
  const waiters: (() => void)[] = [];
  let failure: unknown = null;
  const dispose = client.subscribe<{ changes: Event }>(
    { query: SUBSCRIPTION, variables },
    {
      next: (value) => {
        received.push({ event: value.data!.changes, at: performance.now() });
        for (const w of waiters.splice(0)) w();
      },
      error: (error) => {
        failure = error;
        for (const w of waiters.splice(0)) w();
      },
      complete: () => {},
    },
  );
  return {
    received,
    failure: () => failure,
    async until(count: number, ms = 5000) {
      const deadline = Date.now() + ms;
      while (received.length < count && failure === null && Date.now() < deadline) {
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
      return received.map((r) => r.event);
    },
    async close() {
      dispose();
      await client.dispose();
    },
  };
}

async function publishEdition(label: string, validFrom: string): Promise<{ sent: number; answered: number }> {
  const gql = async (login: string, query: string, variables: object) => {
    const { body } = await world.hub.gqlAs(who[login]!, query, variables as Record<string, unknown>);
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    return body.data;
  };
  const input = {
    catalog: 'shenzhen-international-qualification-titles',
    supersedes: label === 'test-live-1' ? '2022' : 'test-live-1',
    edition: { label, title: `Test fixture: Shenzhen ${label}`, validFrom, sources: [{ instrument: 'test-sz-notice' }] },
    ...(label === 'test-live-1'
      ? { instruments: [{ slug: 'test-sz-notice', kind: 'NOTICE', title: 'Test fixture: Shenzhen notice', reliability: 'HIGH' }] }
      : {}),
  };
  const id = (
    await gql('sz-editor', `mutation($input: EditionDraftInput!) { createEditionDraft(input: $input) { draft { id } } }`, { input })
  ).createEditionDraft.draft.id;
  await gql('sz-editor', `mutation($id: ID!) { submitDraft(id: $id) { draft { id } } }`, { id });
  await gql('sz-editor-2', `mutation($id: ID!) { approveDraft(id: $id) { draft { id } } }`, { id });
  const sent = performance.now();
  await gql('sz-editor', `mutation($id: ID!) { publish(id: $id) { draft { id } } }`, { id });
  return { sent, answered: performance.now() };
}

describe('subscriptions to the change feed', () => {
  it('a subscriber on one process sees a publication made through another, and resumes from its cursor', async () => {
    const sub = subscribe(pair.second.url, { kinds: ['EDITION_PUBLISHED', 'EDITION_SUPERSEDED'] });
    // Let the subscription start (its LISTEN is in place once it has read the feed's end).
    await new Promise((resolve) => setTimeout(resolve, 300));
    const published = await publishEdition('test-live-1', '2027-01-01');
    const events = await sub.until(2);
    expect(sub.failure()).toBeNull();
    expect(events.map((e) => [e.kind, e.subjectKey])).toEqual([
      ['EDITION_PUBLISHED', 'shenzhen-international-qualification-titles@test-live-1'],
      ['EDITION_SUPERSEDED', 'shenzhen-international-qualification-titles@2022'],
    ]);
    // Measured, not asserted (a test asserts no wall-clock time): the closing note reports it.
    const at = sub.received[0]!.at;
    console.log(
      `publish → subscriber on the other instance (${engine}): ${(at - published.sent).toFixed(0)} ms after the publish request was sent, ${(at - published.answered).toFixed(0)} ms after its answer`,
    );
    await sub.close();

    // Reconnect with the last cursor while something else was published: that, once, and nothing before it.
    await publishEdition('test-live-2', '2028-01-01');
    const again = subscribe(pair.second.url, { since: events.at(-1)!.cursor, kinds: ['EDITION_PUBLISHED', 'EDITION_SUPERSEDED'] });
    const resumed = await again.until(2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(again.received.map((r) => [r.event.kind, r.event.subjectKey])).toEqual([
      ['EDITION_PUBLISHED', 'shenzhen-international-qualification-titles@test-live-2'],
      ['EDITION_SUPERSEDED', 'shenzhen-international-qualification-titles@test-live-1'],
    ]);
    expect(resumed.map((e) => e.cursor)).not.toContain(events.at(-1)!.cursor);
    await again.close();
  });

  it('serves the same feed, with the same cursors, from every process', async () => {
    const query = '{ changes(first: 100) { totalCount nodes { cursor kind subjectKey } } }';
    const here = await world.hub.gqlAs(who['sz-editor']!, query, {});
    const there = await pair.second.gqlAs(who['sz-editor']!, query, {});
    expect(here.body.data.changes.totalCount).toBeGreaterThan(10);
    expect(there.body.data).toEqual(here.body.data);
  });

  it('refuses a wrong credential with 4401, and a query over the limits', async () => {
    const closed = await new Promise<{ code: number; reason: string }>((resolve) => {
      const socket = new WebSocket(`${pair.second.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
      socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: 'Bearer th_short' } })));
      socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    });
    expect(closed).toEqual({ code: 4401, reason: 'Malformed API token' });

    const client = createClient({ url: `${pair.second.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0 });
    const errors = await new Promise<unknown>((resolve) => {
      client.subscribe(
        {
          query:
            'subscription { changes { edition { catalog { editions { entries(first: 100) { nodes { qualification { recognitions { edition { catalog { editions { sources { slug } } } } } } } } } } } } }',
        },
        { next: () => {}, error: resolve, complete: () => resolve(null) },
      );
    });
    await client.dispose();
    expect((errors as { message: string; extensions: { code: string } }[]).map((e) => [e.extensions.code, e.message])).toEqual([
      ['QUERY_TOO_COMPLEX', 'Query too complex: nested 13 fields deep; at most 12 are allowed'],
    ]);
  });
});
