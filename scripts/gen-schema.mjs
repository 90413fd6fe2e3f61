// Writes schemas/sidecar.schema.json and schemas/presets.schema.json from the zod schemas in src/core,
// so the shipped JSON Schemas can never drift from the code (unit tests check they match).
import * as esbuild from 'esbuild';
import { writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const tmp = path.join(root, '.tmp', 'gen-schema.cjs');
mkdirSync(path.dirname(tmp), { recursive: true });
const load = async (entry) => {
  await esbuild.build({
    entryPoints: [path.join(root, entry)],
    bundle: true, platform: 'node', format: 'cjs', outfile: tmp, logLevel: 'warning',
  });
  const require = createRequire(import.meta.url);
  delete require.cache[tmp];
  const module = require(tmp);
  rmSync(tmp);
  return module;
};
const write = (name, schema) => {
  writeFileSync(path.join(root, 'schemas', name), `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`schemas/${name} written`);
};
write('sidecar.schema.json', (await load('src/core/sidecar-json-schema.ts')).sidecarJsonSchema());
write('presets.schema.json', (await load('src/core/workspace-presets.ts')).workspacePresetsJsonSchema());
