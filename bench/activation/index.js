// Loaded by VS Code as an extensionTestsPath: times Pictor's activation in a fresh extension host
// (module load + activate()), before anything else has touched it.
const vscode = require('vscode');

exports.run = async function run() {
  const extension = vscode.extensions.getExtension('pictor.pictor');
  if (!extension) throw new Error('pictor.pictor is not loaded');
  if (extension.isActive) throw new Error('Pictor was already active: the figure would be meaningless');
  // Loading the bundle first separates its parse/evaluate cost from VS Code's activation work.
  const path = require('node:path');
  const loadStarted = performance.now();
  require(path.join(extension.extensionPath, 'dist', 'extension.js'));
  const moduleLoadMs = performance.now() - loadStarted;
  const started = performance.now();
  await extension.activate();
  const activationMs = performance.now() - started;
  // The SDK is loaded on first use: time that first use separately.
  const sdkStarted = performance.now();
  require(path.join(extension.extensionPath, 'dist', 'genai.js'));
  const sdkMs = performance.now() - sdkStarted;
  console.log(`pictor-bench ${JSON.stringify({ moduleLoadMs, activationMs, sdkFirstLoadMs: sdkMs })}`);
};
