import { parseArgs as parseArgv, type ParseArgsConfig } from 'node:util';
import { PictorError } from '../core/errors';
import type { GenerationOutcome } from '../pipeline';
import { HELP } from './cli-help';
import { NodeHost, type RunControl } from './host';
import { EXIT_CODES, describeFailure, reportImages } from './output';
import { stderrLogger } from './stderr-log';

/**
 * `pictor`: the command line over the same pipeline as the extension. Results go to stdout (paths
 * relative to the root, one per line; `--json` for a JSON object), logs and warnings to stderr; the
 * exit code says what happened (see EXIT_CODES).
 */

type Options = NonNullable<ParseArgsConfig['options']>;

const COMMON: Options = {
  root: { type: 'string' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

const GENERATION: Options = {
  prompt: { type: 'string', short: 'p' },
  model: { type: 'string', short: 'm' },
  'aspect-ratio': { type: 'string', short: 'a' },
  'image-size': { type: 'string', short: 's' },
  count: { type: 'string', short: 'n' },
  out: { type: 'string', short: 'o' },
  'thinking-level': { type: 'string' },
  'service-tier': { type: 'string' },
};

const OPTIONS: Record<string, Options> = {
  generate: {
    ...COMMON,
    ...GENERATION,
    preset: { type: 'string' },
    field: { type: 'string', multiple: true },
    reference: { type: 'string', short: 'r', multiple: true },
    background: { type: 'string' },
    size: { type: 'string' },
    'file-name': { type: 'string', short: 'f' },
  },
  edit: { ...COMMON, ...GENERATION },
  regenerate: { ...COMMON, count: GENERATION.count!, model: GENERATION.model!, 'allow-changed-inputs': { type: 'boolean' } },
  batch: { ...COMMON, 'display-name': { type: 'string' }, mode: { type: 'string' }, 'allow-duplicate': { type: 'boolean' } },
};

type Values = Record<string, string | boolean | string[] | undefined>;

interface Io {
  out(text: string): void;
  err(text: string): void;
}

/** Runs one command line; resolves to the exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv, cwd: string, io: Io, signal: AbortSignal): Promise<number> {
  const [command, ...rest] = argv;
  const wantsJson = rest.includes('--json');
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    io.out(HELP.main!);
    return command ? 0 : EXIT_CODES.badInput;
  }
  if (command === '--version') {
    io.out(process.env.PICTOR_VERSION ?? '0.0.0');
    return 0;
  }
  try {
    const options = OPTIONS[command];
    if (!options) throw new PictorError('badInput', `Unknown command "${command}". Commands: generate, edit, regenerate, batch (see pictor --help).`);
    const { values, positionals } = parseCommandLine(rest, options);
    if (values.help) {
      io.out(HELP[command]!);
      return 0;
    }
    const host = new NodeHost({
      root: typeof values.root === 'string' ? values.root : cwd,
      env,
      log: stderrLogger(!!values.verbose, io.err),
      generator: { name: 'pictor', version: process.env.PICTOR_VERSION ?? '0.0.0' },
    });
    const control: RunControl = { signal, ...(values.verbose ? { progress: { report: (message: string) => io.err(`pictor: ${message}`) } } : {}) };
    const result = await run(command, values, positionals, host, control);
    if (values.json) io.out(JSON.stringify(result.json, null, 2));
    else for (const line of result.lines) io.out(line);
    return 0;
  } catch (error) {
    const failure = describeFailure(error);
    if (wantsJson) io.out(JSON.stringify({ error: failure }, null, 2));
    else io.err(`pictor: ${failure.code}: ${failure.message}`);
    return EXIT_CODES[failure.code];
  }
}

interface CommandResult {
  json: unknown;
  /** What a person reads: one path per line. */
  lines: string[];
}

async function run(command: string, values: Values, positionals: string[], host: NodeHost, control: RunControl): Promise<CommandResult> {
  switch (command) {
    case 'generate':
      expectPositionals(command, positionals, 0);
      return images(host, await host.generate(generateArgs(values), control));
    case 'edit': {
      const [image] = expectPositionals(command, positionals, 1, 'the image to edit');
      return images(host, await host.edit(image!, editArgs(values), control));
    }
    case 'regenerate': {
      const [sidecar] = expectPositionals(command, positionals, 1, 'the sidecar (or image) to regenerate');
      const count = values.count === undefined ? undefined : wholeNumber('count', values.count);
      const options = { ...(count !== undefined ? { count } : {}), ...(typeof values.model === 'string' ? { model: values.model } : {}), allowChangedInputs: !!values['allow-changed-inputs'] };
      if (count !== undefined && (count < 1 || count > 4)) throw new PictorError('badInput', 'Invalid arguments for regenerate: count must be a whole number from 1 to 4.');
      return images(host, await host.regenerate(sidecar!, options, control));
    }
    default:
      return batch(values, positionals, host, control);
  }
}

async function batch(values: Values, positionals: string[], host: NodeHost, control: RunControl): Promise<CommandResult> {
  const [action, target] = expectPositionals('batch', positionals, 2, 'submit MANIFEST, status NAME or download NAME');
  const batches = host.batches();
  switch (action) {
    case 'submit': {
      const args = {
        manifest: target!,
        ...(typeof values['display-name'] === 'string' ? { displayName: values['display-name'] } : {}),
        ...(typeof values.mode === 'string' ? { mode: values.mode } : {}),
        ...(values['allow-duplicate'] ? { allowDuplicate: true } : {}),
      };
      const { jobs } = await batches.submit(args, { signal: control.signal, ...(control.progress ? { progress: control.progress } : {}) });
      return { json: { jobs }, lines: jobs.map((job) => `${job.name}\t${job.state}\t${job.count} request(s)\t${job.model}`) };
    }
    case 'status': {
      const job = await batches.refresh(target);
      return { json: job, lines: [`${job.name}\t${job.state}\t${job.count} request(s)\t${job.model}${job.error ? `\t${job.error.message}` : ''}`] };
    }
    case 'download': {
      const result = await batches.download(target, control.progress, control.signal);
      const images = result.images.map((image) => ({ path: host.port.relativePath(image.uri), sidecar: host.port.relativePath(image.sidecar), key: image.key }));
      return { json: { images, failures: result.failures }, lines: [...images.map((image) => image.path), ...result.failures.map((f) => `# ${f.key}: ${f.code}: ${f.message}`)] };
    }
    default:
      throw new PictorError('badInput', `Unknown batch action "${action}". Use submit MANIFEST, status NAME or download NAME.`);
  }
}

/** `{ images: [{ path, sidecar }] }` exactly (public); what the model said besides goes to the log (--verbose). */
function images(host: NodeHost, outcome: GenerationOutcome<string>): CommandResult {
  const images = reportImages(host.port, outcome).map(({ path, sidecar }) => ({ path, sidecar }));
  if (outcome.text) host.log.info(`the model said: ${outcome.text}`);
  return { json: { images }, lines: images.map((image) => image.path) };
}

/** `pictor.generate`'s argument object from the options; the pipeline validates it as it validates the command's. */
function generateArgs(values: Values): Record<string, unknown> {
  return {
    ...editArgs(values),
    ...(typeof values.preset === 'string' ? { preset: values.preset } : {}),
    ...(Array.isArray(values.field) ? { presetFields: presetFields(values.field) } : {}),
    ...(Array.isArray(values.reference) ? { references: values.reference } : {}),
    ...(typeof values.background === 'string' ? { background: values.background } : {}),
    ...(typeof values.size === 'string' ? { size: exactSize(values.size) } : {}),
    ...(typeof values['file-name'] === 'string' ? { fileName: values['file-name'] } : {}),
  };
}

function editArgs(values: Values): Record<string, unknown> {
  if (typeof values.prompt !== 'string') throw new PictorError('badInput', 'Give the prompt with --prompt "…".');
  return {
    prompt: values.prompt,
    ...(typeof values.model === 'string' ? { model: values.model } : {}),
    ...(typeof values['aspect-ratio'] === 'string' ? { aspectRatio: values['aspect-ratio'] } : {}),
    ...(typeof values['image-size'] === 'string' ? { imageSize: values['image-size'].toUpperCase() } : {}),
    ...(values.count !== undefined ? { count: wholeNumber('count', values.count) } : {}),
    ...(typeof values.out === 'string' ? { outputFolder: values.out } : {}),
    ...(typeof values['thinking-level'] === 'string' ? { thinkingLevel: values['thinking-level'] } : {}),
    ...(typeof values['service-tier'] === 'string' ? { serviceTier: values['service-tier'].toLowerCase() } : {}),
  };
}

/** `--size 512x512` (also `512×512`) → `{ width, height }` in pixels; the argument schema checks the range. */
function exactSize(value: string): { width: number; height: number } {
  const match = /^\s*(\d+)\s*[x×]\s*(\d+)\s*$/i.exec(value);
  if (!match) throw new PictorError('badInput', `--size takes WIDTHxHEIGHT in pixels, such as 512x512 (got "${value}").`);
  return { width: Number(match[1]), height: Number(match[2]) };
}

/** `--field name=value` → `{ name: value }`; `true`/`false` are booleans (checkbox fields). */
function presetFields(pairs: string[]): Record<string, string | boolean> {
  const fields: Record<string, string | boolean> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at < 1) throw new PictorError('badInput', `--field takes NAME=VALUE (got "${pair}").`);
    const value = pair.slice(at + 1);
    fields[pair.slice(0, at)] = value === 'true' ? true : value === 'false' ? false : value;
  }
  return fields;
}

function wholeNumber(name: string, value: unknown): number {
  const n = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n)) throw new PictorError('badInput', `--${name} takes a whole number (got "${String(value)}").`);
  return n;
}

function expectPositionals(command: string, positionals: string[], count: number, what?: string): string[] {
  if (positionals.length !== count) {
    const expected = count === 0 ? 'no arguments besides options' : `${what}`;
    throw new PictorError('badInput', `pictor ${command} takes ${expected}${positionals.length ? ` (got ${positionals.map((p) => `"${p}"`).join(' ')})` : ''}. See pictor ${command} --help.`);
  }
  return positionals;
}

/** node:util parseArgs, its errors (an unknown option, a missing value) as badInput. */
function parseCommandLine(args: string[], options: Options): { values: Values; positionals: string[] } {
  try {
    const parsed = parseArgv({ args, options, allowPositionals: true, strict: true });
    return { values: parsed.values as Values, positionals: parsed.positionals };
  } catch (error) {
    throw new PictorError('badInput', `${error instanceof Error ? error.message : String(error)} See pictor --help.`);
  }
}

/** The process entry: exit code, SIGINT cancels the run (nothing it wrote is kept). */
export function runCli(): void {
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  const io: Io = { out: (text) => process.stdout.write(`${text}\n`), err: (text) => process.stderr.write(`${text}\n`) };
  void main(process.argv.slice(2), process.env, process.cwd(), io, controller.signal).then((code) => {
    process.exitCode = code;
  });
}
