import { createWriteStream } from 'node:fs';
import { loadConfig } from '../config.ts';
import { connect } from '../db/client.ts';
import { operationRunner, startApollo } from '../graphql/apollo.ts';
import { prepareDatabase } from '../modules/bundle/bundle.prepare.ts';
import { dumpSheets, writeDumpXlsx, writeDumpZip } from '../modules/export/dump.service.ts';
import { EXPORTERS, ExportError, writeExport } from '../modules/export/export.service.ts';
import { cannotConnect } from './tool.ts';

// npm run export -- <edition|recognition|coverage> <csv|json> key=value … [--out FILE]
// The same exports as GET /export/<name>.<format>?key=value…, written to stdout or a file.
const args = process.argv.slice(2).filter((a) => a !== '--');
const [name, format] = args;
const outAt = args.indexOf('--out');
const out = outAt >= 0 ? args[outAt + 1] : undefined;
const pairs = args.slice(2).filter((a, i) => a.includes('=') && !(outAt >= 0 && i + 2 === outAt + 1));
const params = new URLSearchParams(pairs.map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] as [string, string]));
const exporter = name ? EXPORTERS[name] : undefined;
// A dump is a binary archive: written to a file, never to the terminal.
const dump = name === 'dump' && (format === 'zip' || format === 'xlsx') && out !== undefined;
if (!dump && (!exporter || (format !== 'csv' && format !== 'json'))) {
  console.error(`usage: npm run export -- <${Object.keys(EXPORTERS).join('|')}> <csv|json> key=value … [--out FILE]
       npm run export -- dump <zip|xlsx> --out FILE        (every entity, a data dictionary, completeness)
  edition      catalog=<slug> edition=<label>
  series       catalog=<slug>                    (every edition of the catalog)
  recognition  qualification=<slug> [asOf=YYYY-MM-DD]
  coverage     jurisdictions=<code,code,…> groupBy=<FIELD|ISSUER_COUNTRY|LIST|BASIS> [asOf=YYYY-MM-DD]
  overlap      jurisdictions=<code,code,…> [asOf=YYYY-MM-DD]
  timeline     from=YYYY-MM-DD to=YYYY-MM-DD [jurisdictions=…] [kinds=LAPSED,…] [subjects=EDITION,…]`);
  process.exit(2);
}
const config = loadConfig();
const database = await connect({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 }).catch(cannotConnect);
await prepareDatabase(database, { seedOnEmpty: config.seedOnEmpty });
const apollo = await startApollo(config, database, (msg, err) => console.error(msg, err ?? ''));
const sink = out ? createWriteStream(out) : process.stdout;
try {
  if (dump) {
    const sheets = await dumpSheets(operationRunner(apollo, database, config));
    await (format === 'zip' ? writeDumpZip(sheets, sink) : writeDumpXlsx(sheets, sink));
    if (out) console.error(`wrote ${sheets.length} sheets to ${out}`);
  } else {
    const n = await writeExport(
      exporter!,
      exporter!.rows(operationRunner(apollo, database, config), params),
      format as 'csv' | 'json',
      (chunk) => {
        if (!sink.write(chunk)) return new Promise<void>((resolve) => sink.once('drain', resolve));
      },
      { name: name!, params },
    );
    if (out) {
      await new Promise<void>((resolve) => (sink as ReturnType<typeof createWriteStream>).end(resolve));
      console.error(`wrote ${n} rows to ${out}`);
    }
  }
} catch (error) {
  if (error instanceof ExportError) {
    console.error(`${error.code}: ${error.message}`);
    process.exitCode = 1;
  } else {
    throw error;
  }
} finally {
  await apollo.stop();
  await database.close();
}
