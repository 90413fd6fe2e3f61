// Writes the README's models table and the `pictor.defaultModel` setting in package.json from the
// catalog in src/core/catalog.ts, so neither can drift from the code (a unit test checks both).
import * as esbuild from 'esbuild';
import { readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const tmp = path.join(root, '.tmp', 'gen-models.cjs');
mkdirSync(path.dirname(tmp), { recursive: true });
await esbuild.build({
  entryPoints: [path.join(root, 'src/core/catalog-docs.ts')],
  bundle: true, platform: 'node', format: 'cjs', outfile: tmp, logLevel: 'warning',
});
const docs = createRequire(import.meta.url)(tmp);
rmSync(tmp);

const readmePath = path.join(root, 'README.md');
const readme = readFileSync(readmePath, 'utf8');
const start = readme.indexOf(docs.README_TABLE_START);
const end = readme.indexOf(docs.README_TABLE_END);
if (start < 0 || end < start) throw new Error('README.md has no models-table markers');
writeFileSync(readmePath, readme.slice(0, start) + docs.modelsTableMarkdown() + readme.slice(end + docs.README_TABLE_END.length));

const pkgPath = path.join(root, 'package.json');
const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
pkg.contributes.configuration.properties['pictor.defaultModel'] = docs.defaultModelSetting();
writeFileSync(pkgPath, `${JSON.stringify(pkg, null, 2)}\n`);
console.log('README.md models table and package.json pictor.defaultModel written');
