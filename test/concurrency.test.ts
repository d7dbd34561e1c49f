import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rows } from '../src/db/client.ts';
import { engine, seededWorld } from './helpers/hub.ts';
import { type Client, secondInstanceWithEditors } from './helpers/process.ts';

// Two hub instances on one database publishing overlapping editions of one catalog at the same
// moment. On PostgreSQL the second is a real second process (`src/server.ts`), as behind a load
// balancer; PGlite lives in one process, so there it is a second server on the same database.

const world = seededWorld();
const pair = secondInstanceWithEditors(world, 'tianjin-hrss', ['tj-editor', 'tj-editor-2']);
const { who } = pair;

const edition = (label: string, validFrom: string) => ({
  catalog: 'tianjin-overseas-qualifications',
  supersedes: '2.0',
  edition: { label, title: `Test fixture: Tianjin ${label}`, validFrom, sources: [{ instrument: 'peoples-daily-tianjin-2-0' }] },
});

async function ready(hub: Client, label: string, validFrom: string): Promise<string> {
  const created = await hub.gqlAs(
    who['tj-editor']!,
    `mutation($input: EditionDraftInput!) { createEditionDraft(input: $input) { draft { id } } }`,
    {
      input: edition(label, validFrom),
    },
  );
  expect(created.body.errors).toBeUndefined();
  const id = created.body.data.createEditionDraft.draft.id;
  expect(
    (await hub.gqlAs(who['tj-editor']!, `mutation($id: ID!) { submitDraft(id: $id) { draft { status } } }`, { id })).body.errors,
  ).toBeUndefined();
  expect(
    (await hub.gqlAs(who['tj-editor-2']!, `mutation($id: ID!) { approveDraft(id: $id) { draft { status } } }`, { id })).body.errors,
  ).toBeUndefined();
  return id;
}

describe('two hub instances publishing overlapping editions at once', () => {
  it('exactly one wins; the other gets CONFLICT naming it; every instance sees the new data version', async () => {
    const a = await ready(world.hub, 'race-a', '2027-01-01');
    const b = await ready(pair.second, 'race-b', '2027-06-01');

    const query = encodeURIComponent('{ catalog(slug: "tianjin-overseas-qualifications") { editions { label } } }');
    const get = (hub: Client) => fetch(`${hub.url}/graphql?query=${query}`, { headers: { 'apollo-require-preflight': 'true' } });
    const etagBefore = (await get(pair.second)).headers.get('etag');

    const publish = `mutation($id: ID!) { publish(id: $id) { edition { label } } }`;
    const [first, other] = await Promise.all([
      world.hub.gqlAs(who['tj-editor']!, publish, { id: a }),
      pair.second.gqlAs(who['tj-editor']!, publish, { id: b }),
    ]);
    const outcomes = [first.body, other.body].map((body) =>
      body.errors
        ? { code: body.errors[0]!.extensions!.code, message: body.errors[0]!.message }
        : { published: body.data.publish.edition.label },
    );
    const won = outcomes.find((o) => 'published' in o) as { published: string } | undefined;
    const lost = outcomes.find((o) => 'code' in o) as { code: string; message: string } | undefined;
    expect(won).toBeDefined();
    expect(lost?.code).toBe('CONFLICT');
    expect(lost?.message).toContain(`overlapping catalog tianjin-overseas-qualifications '${won!.published}'`);
    console.log(`concurrent publishes (${engine}): ${won!.published} won; the other: ${lost!.message}`);

    const published = await rows<{ label: string; valid_to: string | null }>(
      world.db.database.db,
      sql`SELECT e.label, e.valid_to::text FROM catalog_editions e JOIN catalogs c ON c.id = e.catalog_id
          WHERE c.slug = 'tianjin-overseas-qualifications' ORDER BY e.valid_from`,
    );
    const start = won!.published === 'race-a' ? '2027-01-01' : '2027-06-01';
    expect(published).toEqual([
      { label: '2.0', valid_to: start },
      { label: won!.published, valid_to: null },
    ]);
    const audit = await rows<{ action: string; subject_key: string }>(
      world.db.database.db,
      sql`SELECT action, subject_key FROM audit_log WHERE action IN ('publish', 'supersede') AND subject_key LIKE 'tianjin%' ORDER BY id`,
    );
    expect(audit).toEqual([
      { action: 'supersede', subject_key: 'tianjin-overseas-qualifications@2.0' },
      { action: 'publish', subject_key: `tianjin-overseas-qualifications@${won!.published}` },
    ]);
    const after = await get(pair.second);
    expect(after.headers.get('etag')).not.toBe(etagBefore);
    expect(
      ((await after.json()) as { data: { catalog: { editions: { label: string }[] } } }).data.catalog.editions.map(
        (e: { label: string }) => e.label,
      ),
    ).toEqual(['2.0', won!.published]);
  });
});
