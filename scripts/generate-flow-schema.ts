// Writes schemas/flow.schema.json from the zod schemas (`npm run schema:flow`).
import { writeFileSync } from 'node:fs';
import { WIDGETS } from '../src/widgets/index.js';
import { flowJsonSchema } from '../src/widgets/flow-json-schema.js';

const target = new URL('../schemas/flow.schema.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(flowJsonSchema(WIDGETS), null, 2)}\n`);
console.log(`wrote ${target.pathname}`);
