import { cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

// The explorer (/explorer, and /graphql for a browser) and the analyst pages (/explore), bundled
// into dist/web: every script, style, font and worker is served by the hub itself, so the pages
// work where no CDN can be reached. `--watch` rebuilds on change (npm run dev:web).

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'web');
const watch = process.argv.includes('--watch');

/**
 * The README's questions, taken from its code blocks at build time, so the explorer's ready tabs
 * are always the queries the README documents (the build fails if one goes missing).
 */
function readmeTabs(): { name: string; title: string; query: string }[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!.trimEnd());
  // The README's queries are anonymous; a name gives each tab a title.
  const pick = (name: string, title: string, marker: string) => {
    const query = blocks.find((b) => b.includes(marker) && b.startsWith('{'));
    if (!query) throw new Error(`README.md has no graphql block with ${marker}`);
    return { name, title, query: `query ${name} ${query}` };
  };
  return [
    pick('WhoHonoursIeeeFellow', 'Who honours IEEE Fellow on a day', 'qualificationRecognition(qualification: "ieee-fellow"'),
    pick(
      'AClassGrantedInChongqing',
      'Who honours A-class talent granted in Chongqing',
      'statusRecognition(category: "A", grantedIn: "CN-CQ"',
    ),
    pick('BeijingEditionInForce', "Beijing's catalog edition in force, and how much the hub holds", 'editionInForce(asOf:'),
    pick('ShanghaiRegionPage', "A dashboard's region page: Shanghai, in one request", 'jurisdiction(code: "CN-SH")'),
    pick(
      'BeijingAgainstShanghai',
      'A comparison table: Beijing against Shanghai, in one request',
      'overlap(jurisdictions: ["CN-BJ", "CN-SH"]',
    ),
  ];
}

const common: esbuild.BuildOptions = {
  bundle: true,
  minify: !watch,
  sourcemap: watch ? 'linked' : false,
  target: ['chrome110', 'firefox115', 'safari16'],
  logLevel: 'info',
  legalComments: 'none',
  define: { 'process.env.NODE_ENV': watch ? '"development"' : '"production"' },
  // Fonts inside the styles are inlined by GraphiQL already; any other font file becomes an asset.
  loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file', '.svg': 'file' },
};

const builds: esbuild.BuildOptions[] = [
  {
    ...common,
    entryPoints: { explorer: join(root, 'web/explorer/main.tsx') },
    outdir: join(out, 'explorer/assets'),
    format: 'esm',
    jsx: 'automatic',
    define: { ...common.define, __README_TABS__: JSON.stringify(readmeTabs()) },
  },
  {
    // NOTE: Monaco (GraphiQL's editor) runs its language services in web workers. They are
    // bundled as files of their own and started from the hub's origin (web/explorer/workers.ts),
    // so the CSP needs no blob: or other host for workers.
    ...common,
    entryPoints: {
      'editor.worker': join(root, 'node_modules/monaco-editor/esm/vs/editor/editor.worker.js'),
      'json.worker': join(root, 'node_modules/monaco-editor/esm/vs/language/json/json.worker.js'),
      'graphql.worker': join(root, 'node_modules/monaco-graphql/esm/graphql.worker.js'),
    },
    outdir: join(out, 'explorer/assets'),
    format: 'iife',
  },
  {
    ...common,
    entryPoints: { explore: join(root, 'web/explore/main.ts') },
    outdir: join(out, 'explore/assets'),
    format: 'esm',
  },
];

function copyPages(): void {
  for (const page of ['explorer', 'explore']) {
    mkdirSync(join(out, page), { recursive: true });
    cpSync(join(root, 'web', page, 'index.html'), join(out, page, 'index.html'));
  }
}

rmSync(out, { recursive: true, force: true });
if (watch) {
  copyPages();
  for (const options of builds) await (await esbuild.context(options)).watch();
  console.log('watching web/ (the HTML pages are copied at start: restart after changing one)');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  copyPages();
}
