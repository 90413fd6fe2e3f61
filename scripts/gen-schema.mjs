// Writes schemas/sidecar.schema.json and schemas/pictor-batch-line.schema.json from the zod schemas in
// src/core, so the shipped JSON Schemas can never drift from the code (unit tests check they match).
import * as esbuild from 'esbuild';
import { writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const tmp = path.join(root, '.tmp', 'gen-schema.cjs');
mkdirSync(path.dirname(tmp), { recursive: true });
await esbuild.build({
  stdin: {
    contents: "export { sidecarJsonSchema } from './src/core/sidecar-json-schema';\nexport { batchLineJsonSchema } from './src/core/batch-manifest-json-schema';\n",
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true, platform: 'node', format: 'cjs', outfile: tmp, logLevel: 'warning',
});
const { sidecarJsonSchema, batchLineJsonSchema } = createRequire(import.meta.url)(tmp);
writeFileSync(path.join(root, 'schemas/sidecar.schema.json'), `${JSON.stringify(sidecarJsonSchema(), null, 2)}\n`);
writeFileSync(path.join(root, 'schemas/pictor-batch-line.schema.json'), `${JSON.stringify(batchLineJsonSchema(), null, 2)}\n`);
rmSync(tmp);
console.log('schemas/sidecar.schema.json and schemas/pictor-batch-line.schema.json written');
