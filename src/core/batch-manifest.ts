import { PictorError } from './errors';
import { describeIssue, generateArgsSchema, type GenerateArgs } from './spec';

/**
 * Batch manifests (`*.pictor-batch.jsonl`): one `pictor.generate` argument object per line; blank lines
 * are allowed and counted, so line numbers match the editor's.
 */
export const MANIFEST_SUFFIX = '.pictor-batch.jsonl';

export interface ManifestEntry {
  /** 1-based line number in the file. */
  line: number;
  args: GenerateArgs;
}

export interface ManifestProblem {
  /** 1-based line number. */
  line: number;
  message: string;
}

/**
 * What `pictor.generate` can do and a batch job cannot: a transparent background (a white and a black
 * request per image, matted together) and an exact pixel size (scaled and cropped) are made by Pictor
 * around interactive requests; a batch result is written as the service returns it. Returns why a spec
 * asks for one of them (for `badInput`), or undefined when a batch job can run it.
 */
export function batchUnsupported(args: GenerateArgs): string | undefined {
  if (args.background === 'transparent') {
    return 'background "transparent" is made from two interactive requests per image and is not available in a batch job; generate it with pictor.generate, or leave background out';
  }
  if (args.size) {
    return 'size (an exact pixel size) is applied after interactive generation and is not available in a batch job; use aspectRatio and imageSize, or generate it with pictor.generate';
  }
  return undefined;
}

/** Every line checked: the entries that parsed and a problem for each line that did not. */
export function readManifest(text: string): { entries: ManifestEntry[]; problems: ManifestProblem[] } {
  const entries: ManifestEntry[] = [];
  const problems: ManifestProblem[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      problems.push({ line, message: `not valid JSON (${(error as Error).message})` });
      return;
    }
    const parsed = generateArgsSchema.safeParse(value);
    const unsupported = parsed.success ? batchUnsupported(parsed.data) : undefined;
    if (!parsed.success) problems.push({ line, message: describeIssue(parsed.error.issues[0]) });
    else if (unsupported) problems.push({ line, message: unsupported });
    else entries.push({ line, args: parsed.data });
  });
  return { entries, problems };
}

/** The manifest's specs, or `badInput` naming the first bad line (nothing is sent then). */
export function parseManifest(text: string, name = 'the manifest'): ManifestEntry[] {
  const { entries, problems } = readManifest(text);
  const first = problems[0];
  if (first) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more line${problems.length > 2 ? 's' : ''})` : '';
    throw new PictorError('badInput', `Line ${first.line} of ${name}: ${first.message}${more}. Nothing was submitted.`);
  }
  if (entries.length === 0) throw new PictorError('badInput', `${name} has no specs: write one pictor.generate argument object per line.`);
  return entries;
}
