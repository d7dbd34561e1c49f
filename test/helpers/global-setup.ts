import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { connect } from '../../src/db/client.ts';
import { prepareDatabase } from '../../src/modules/bundle/bundle.prepare.ts';

declare module 'vitest' {
  interface ProvidedContext {
    engine: 'pglite' | 'postgres';
    /** PGlite: data-dir dumps to start each test database from. */
    pgliteMigrated: string;
    pgliteSeeded: string;
    /** PostgreSQL: the server URL and the template databases of this run. */
    adminUrl: string;
    templateMigrated: string;
    templateSeeded: string;
  }
}

export function databaseUrl(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Migrates (and seeds) once per run, so every test file starts from a copy in well under a
 * second: a PGlite data-dir dump, or a PostgreSQL template database.
 */
export default async function setup(project: TestProject) {
  const engine = project.name === 'postgres' ? 'postgres' : 'pglite';
  project.provide('engine', engine);
  if (engine === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'talent-hub-test-'));
    for (const [key, seed] of [
      ['pgliteMigrated', false],
      ['pgliteSeeded', true],
    ] as const) {
      const database = await connect({ dataDir: 'memory://' });
      await prepareDatabase(database, { seedOnEmpty: seed });
      const dump = await (database as unknown as { db: { $client: { dumpDataDir(c: 'none'): Promise<Blob> } } }).db.$client.dumpDataDir(
        'none',
      );
      const file = join(dir, `${key}.tar`);
      writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
      await database.close();
      project.provide(key, file);
    }
    project.provide('adminUrl', '');
    project.provide('templateMigrated', '');
    project.provide('templateSeeded', '');
    return () => rmSync(dir, { recursive: true, force: true });
  }

  const adminUrl = process.env.TEST_DATABASE_URL!;
  const run = `th_${process.pid}_${Date.now().toString(36)}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const templates = { templateMigrated: `${run}_migrated`, templateSeeded: `${run}_seeded` };
  for (const [key, name] of Object.entries(templates)) {
    await admin.unsafe(`CREATE DATABASE "${name}"`);
    const database = await connect({ databaseUrl: databaseUrl(adminUrl, name), poolSize: 2 });
    await prepareDatabase(database, { seedOnEmpty: key === 'templateSeeded' });
    await database.close();
    project.provide(key as 'templateMigrated', name);
  }
  project.provide('adminUrl', adminUrl);
  project.provide('pgliteMigrated', '');
  project.provide('pgliteSeeded', '');
  return async () => {
    const left = await admin<{ datname: string }[]>`SELECT datname FROM pg_database WHERE datname LIKE ${`${run}%`}`;
    for (const { datname } of left) await admin.unsafe(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await admin.end();
  };
}
