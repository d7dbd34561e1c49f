import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project folder: the nearest one above this file that holds package.json. NOTE: found by
 * walking up rather than by a fixed `../..`, because the same code runs from src/ (tsx) and from
 * the esbuild bundle in dist/hub/, at different depths.
 */
function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
  return dir;
}

export const rootFolder = projectRoot();
/** drizzle-kit's migrations, applied at start. */
export const migrationsFolder = join(rootFolder, 'drizzle');
/** The real data bundles, loaded into an empty database. */
export const seedsFolder = join(rootFolder, 'seeds');
/** The explorer and the analyst pages, as `npm run build:web` wrote them (web/build.ts). */
export const webFolder = join(rootFolder, 'dist', 'web');
