import { writeFileSync } from 'node:fs';
import { syntheticBundle } from './synthetic.ts';

// npm run bench:generate -- <scale> <out.json> [seed]: writes a synthetic bundle to load with db:load.
const [scaleArg, out, seedArg] = process.argv.slice(2).filter((a) => a !== '--');
const scale = Number(scaleArg);
if (!(scale > 0) || !out) {
  console.error('usage: npm run bench:generate -- <scale, e.g. 1, 10 or 100> <out.json> [seed]');
  process.exit(2);
}
const started = performance.now();
const { bundle, counts } = syntheticBundle({ scale, ...(seedArg ? { seed: Number(seedArg) } : {}) });
writeFileSync(out, JSON.stringify(bundle));
console.log(`wrote ${out} in ${Math.round(performance.now() - started)} ms: ${JSON.stringify(counts)}`);
