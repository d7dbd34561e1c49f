import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededWorld } from './helpers/hub.ts';

// A typed client as a dashboard team makes one: graphql-codegen's client preset over the
// committed SDL (codegen.ts), then tsc over the operations. A breaking change to the SDL fails
// here, where a client would meet it.

const run = promisify(execFile);
const repo = process.cwd();
const example = join(repo, 'examples', 'typed-client');
const world = seededWorld();
let dir: string;

async function exitOf(command: string, args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(command, args, { cwd: repo, env: { ...process.env, ...env }, timeout: 120_000 });
    return { code: 0, output: plain(stdout + stderr) };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, output: plain(`${e.stdout ?? ''}${e.stderr ?? ''}`) };
  }
}
// biome-ignore lint/suspicious/noControlCharactersInRegex: the terminal colours the tools print
const plain = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');
const bin = (name: string) => join(repo, 'node_modules', '.bin', name);
const generate = (root: string, schema?: string) =>
  // NOTE: under NODE_ENV=test (vitest's) graphql-codegen prints no error detail, only that one occurred.
  exitOf(bin('graphql-codegen'), ['--config', 'codegen.ts'], {
    NODE_ENV: 'production',
    CODEGEN_ROOT: root,
    ...(schema ? { CODEGEN_SCHEMA: schema } : {}),
  });
const compile = (root: string) => exitOf(bin('tsc'), ['-p', join(root, 'tsconfig.json')]);

function clientFolder(): string {
  const root = mkdtempSync(join(dir, 'client-'));
  for (const f of readdirSync(example).filter((f) => f.endsWith('.ts'))) cpSync(join(example, f), join(root, f));
  symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'), 'dir');
  // A front end's settings: ES modules resolved by a bundler, strict.
  writeFileSync(
    join(root, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'ESNext',
        moduleResolution: 'Bundler',
        lib: ['ES2023', 'DOM'],
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: [],
      },
      include: ['*.ts', 'gql/*.ts'],
    }),
  );
  return root;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'talent-hub-codegen-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a typed client generated from schema/schema.graphql', () => {
  it('generates the operation types, with Date as a string, and compiles; misuse does not compile', async () => {
    const root = clientFolder();
    const generated = await generate(root);
    expect(generated.code, generated.output).toBe(0);
    const types = readFileSync(join(root, 'gql', 'graphql.ts'), 'utf8');
    expect(types).toContain('editionInForce: { label: string, validFrom: string, validTo: string | null');
    const compiled = await compile(root);
    expect(compiled.code, compiled.output).toBe(0);
    // The types are checked: a Date is not a JS Date, and a field the operation did not ask for is not there.
    writeFileSync(
      join(root, 'misuse.ts'),
      `import type { RegionPageQuery } from './gql/graphql.js';
declare const page: RegionPageQuery;
export const day: Date = page.jurisdiction!.catalogs[0]!.editionInForce!.validFrom;
export const issued = page.jurisdiction!.catalogs[0]!.editionInForce!.issuedOn;
`,
    );
    const refused = await compile(root);
    expect(refused.code).not.toBe(0);
    expect(refused.output.match(/misuse\.ts\(\d+,\d+\): error TS\d+/g)).toEqual([
      'misuse.ts(3,14): error TS2322',
      'misuse.ts(4,71): error TS2339',
    ]);
  }, 240_000);

  it('fails to generate when the SDL renames a field the client uses', async () => {
    const root = clientFolder();
    const sdl = readFileSync(join(repo, 'schema', 'schema.graphql'), 'utf8');
    const changed = join(dir, 'changed.graphql');
    // Renamed on the first type that has it, CatalogEdition (the SDL is sorted).
    writeFileSync(changed, sdl.replace('\n  loadedSize: Int!\n', '\n  loadedCount: Int!\n'));
    expect(readFileSync(changed, 'utf8')).not.toEqual(sdl);
    const generated = await generate(root, changed);
    expect(generated.code).not.toBe(0);
    expect(generated.output).toContain(
      'Cannot query field "loadedSize" on type "CatalogEdition". Did you mean "declaredSize" or "loadedCount"?',
    );
  }, 240_000);

  it('asks the hub what the README promises a region page gets, in one request', async () => {
    const source = readFileSync(join(example, 'region-page.ts'), 'utf8');
    const query = /graphql\(`([\s\S]*?)`\)/.exec(source)![1]!;
    const { body } = await world.hub.gql(query, { code: 'CN-BJ', asOf: '2023-10-01' });
    expect(body.errors).toBeUndefined();
    expect(body.data.jurisdiction.catalogs).toEqual([
      {
        slug: 'beijing-professional-qualifications',
        name: 'Beijing catalog of recognised overseas / international professional qualifications',
        nameZh: null,
        editionInForce: {
          label: '3.0',
          validFrom: '2023-09-04',
          validTo: '2024-01-01',
          declaredSize: 122,
          loadedSize: 7,
          complete: false,
        },
      },
    ]);
    expect(body.data.jurisdiction.honouredQualifications.totalCount).toBe(7);
  });
});
