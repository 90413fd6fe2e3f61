// Writes schemas/sidecar.schema.json from the zod schema in src/core/sidecar.ts, so the shipped
// JSON Schema can never drift from the code (a unit test checks they match).
import * as esbuild from 'esbuild';
import { writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const tmp = path.join(root, '.tmp', 'gen-schema.cjs');
mkdirSync(path.dirname(tmp), { recursive: true });
await esbuild.build({
  entryPoints: [path.join(root, 'src/core/sidecar-json-schema.ts')],
  bundle: true, platform: 'node', format: 'cjs', outfile: tmp, logLevel: 'warning',
});
const { sidecarJsonSchema } = createRequire(import.meta.url)(tmp);
writeFileSync(path.join(root, 'schemas/sidecar.schema.json'), `${JSON.stringify(sidecarJsonSchema(), null, 2)}\n`);
rmSync(tmp);
console.log('schemas/sidecar.schema.json written');
