import { cannotConnect } from '../src/cli/tool.ts';
import { loadConfig } from '../src/config.ts';
import { connect } from '../src/db/client.ts';
import { describeDatabaseError } from '../src/db/failure.ts';
import { loadBundle } from '../src/modules/bundle/bundle.load.ts';
import { prepareDatabase } from '../src/modules/bundle/bundle.prepare.ts';
import { BundleRejected, readBundles } from '../src/modules/bundle/bundle.read.ts';

// npm run db:load -- <file-or-dir> [more …] [--correction "reason"]: validates, then upserts in
// one transaction. Published records can be completed, not changed, unless the operator states a
// correction with its reason (audited).
const argv = process.argv.slice(2).filter((a) => a !== '--');
const at = argv.indexOf('--correction');
const reason = at >= 0 ? argv[at + 1] : undefined;
const paths = argv.filter((_, i) => at < 0 || (i !== at && i !== at + 1));
if (paths.length === 0 || (at >= 0 && !reason)) {
  console.error('usage: npm run db:load -- <bundle.json | folder> [more …] [--correction "why published records change"]');
  process.exit(2);
}
const config = loadConfig();
const database = await connect({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 }).catch(cannotConnect);
try {
  // Migrate first, but never seed here: what to load is what the command names.
  await prepareDatabase(database, { seedOnEmpty: false });
  const started = performance.now();
  const bundle = readBundles(paths);
  console.error(`read and checked the format of ${paths.join(', ')} in ${Math.round(performance.now() - started)} ms`);
  // A one-line progress bar on a terminal; one line per finished step otherwise (CI logs).
  const tty = process.stderr.isTTY;
  const report = await loadBundle(database.db, bundle, {
    ...(reason ? { correction: { reason } } : {}),
    onProgress(step, done, total) {
      if (tty) {
        const width = 30;
        const filled = total === 0 ? width : Math.round((done / total) * width);
        process.stderr.write(
          `\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${step} ${done}/${total}   ${done === total ? '\n' : ''}`,
        );
      } else if (done === total && total > 1000) {
        console.error(`${step}: ${total} rows (${Math.round(performance.now() - started)} ms)`);
      }
    },
  });
  console.log(`loaded ${paths.join(', ')} into ${database.engine} in ${Math.round(performance.now() - started)} ms`);
  console.table(report);
} catch (error) {
  if (error instanceof BundleRejected) {
    console.error(error.message);
    process.exitCode = 1;
  } else {
    // One line naming what failed and where (table, constraint, key): not the SQL and its values.
    console.error(`load failed in the database, nothing was written: ${describeDatabaseError(error)}`);
    process.exitCode = 1;
  }
} finally {
  await database.close();
}
