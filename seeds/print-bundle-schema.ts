import { writeFileSync } from 'node:fs';
import { bundleJsonSchema } from '../src/modules/bundle/bundle.format.ts';

// Prints the JSON Schema of the bundle format next to the bundles that follow it.
const target = new URL('./bundle.schema.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(bundleJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target.pathname}`);
