// One esbuild script for every bundle: the extension host bundle (node/cjs), the lazily loaded
// Gemini SDK bundle, and each webview (browser/iife).
import * as esbuild from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import fs from 'node:fs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** The SDK is ~800 KB: keep it out of the activation bundle and require it from dist/genai.js on first use. */
const sdkAsSiblingBundle = {
  name: 'sdk-as-sibling-bundle',
  setup(build) {
    build.onResolve({ filter: /^@google\/genai$/ }, () => ({ path: './genai.js', external: true }));
  },
};

/** Image codecs and filters load on first use too, from dist/imaging.js. */
const imagingAsSiblingBundle = {
  name: 'imaging-as-sibling-bundle',
  setup(build) {
    build.onResolve({ filter: /^\.\/index(\.js)?$/ }, (args) =>
      /core[\\/]imaging[\\/]load\.ts$/.test(args.importer) ? { path: './imaging.js', external: true } : undefined,
    );
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'info',
  absWorkingDir: root,
};

/**
 * The MCP SDK's Server validates elicitation answers with ajv (~130 KB); Pictor's server never elicits and
 * passes its own validator, so the ajv provider is left out of dist/mcp.js.
 */
const mcpWithoutAjv = {
  name: 'mcp-without-ajv',
  setup(build) {
    build.onResolve({ filter: /validation[\\/]ajv-provider\.js$/ }, (args) =>
      /@modelcontextprotocol[\\/]sdk[\\/]/.test(args.importer) ? { path: 'ajv-provider', namespace: 'mcp-without-ajv' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'mcp-without-ajv' }, () => ({
      contents: 'export class AjvJsonSchemaValidator { constructor() { throw new Error("no JSON Schema validator in this build"); } }',
      loader: 'js',
    }));
  },
};

const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

/** The CLI and the MCP server: Node programs run as `node dist/cli.js`, sharing the lazily loaded SDK and codecs. */
const nodePrograms = ['cli', 'mcp'].map((name) => ({
  ...common,
  entryPoints: [`src/node/bin/${name}.ts`],
  outfile: `dist/${name}.js`,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  banner: { js: '#!/usr/bin/env node' },
  define: { 'process.env.PICTOR_VERSION': JSON.stringify(version) },
  plugins: [sdkAsSiblingBundle, imagingAsSiblingBundle, mcpWithoutAjv],
}));

const builds = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['vscode'],
    plugins: [sdkAsSiblingBundle, imagingAsSiblingBundle],
  },
  {
    ...common,
    entryPoints: ['src/core/imaging/index.ts'],
    outfile: 'dist/imaging.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: ['src/gemini/sdk-bundle.ts'],
    outfile: 'dist/genai.js',
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['vscode'],
  },
  ...nodePrograms,
  // The webviews: browser code, no Node APIs, one bundle each; what they share is in webview/shared.
  ...['chat', 'studio', 'spend'].map((name) => ({
    ...common,
    entryPoints: [`webview/${name}/main.ts`],
    outfile: `dist/webview/${name}.js`,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  })),
];

/** Webviews cannot reach node_modules: ship the codicon font beside their bundles. */
function copyWebviewAssets() {
  const from = path.join(root, 'node_modules', '@vscode', 'codicons', 'dist');
  const to = path.join(root, 'dist', 'webview', 'codicons');
  fs.mkdirSync(to, { recursive: true });
  for (const file of ['codicon.css', 'codicon.ttf']) fs.copyFileSync(path.join(from, file), path.join(to, file));
}
/**
 * The WebAssembly decoders the imaging bundle loads on first use (src/core/imaging/wasm-codecs.ts), shipped
 * as files beside it so nothing is fetched at run time: libwebp's decoder (its loader is bundled into
 * dist/imaging.js) and libheif's loader and module with their LGPL licence (kept as separate files, so
 * the library stays replaceable).
 */
function copyCodecAssets() {
  const to = path.join(root, 'dist', 'codecs');
  fs.mkdirSync(to, { recursive: true });
  const modules = path.join(root, 'node_modules');
  const files = {
    'webp_dec.wasm': '@jsquash/webp/codec/dec/webp_dec.wasm',
    'libheif.js': 'libheif-js/libheif-wasm/libheif.js',
    'libheif.wasm': 'libheif-js/libheif-wasm/libheif.wasm',
    'libheif.LICENSE': 'libheif-js/libheif-wasm/LICENSE',
  };
  for (const [name, from] of Object.entries(files)) fs.copyFileSync(path.join(modules, from), path.join(to, name));
}

// A production build must not ship source maps left by an earlier development build.
if (!watch) fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
copyWebviewAssets();
copyCodecAssets();

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  for (const program of nodePrograms) fs.chmodSync(path.join(root, program.outfile), 0o755);
  const sizes = builds.map((b) => `${b.outfile} ${(fs.statSync(path.join(root, b.outfile)).size / 1024).toFixed(1)} KiB`);
  console.log(`bundles${production ? ' (production)' : ''}: ${sizes.join(', ')}`);
}
