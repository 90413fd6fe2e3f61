import * as z from 'zod/mini';

/**
 * Sidecar v1: `<image>.json` beside every generated image, recording everything needed to
 * reproduce or trace it. Paths are workspace-relative with `/`; never a key or an absolute path.
 * Later versions may add fields; readers must ignore what they don't know.
 */
const relativePath = z.string().check(
  z.minLength(1),
  z.refine((p) => !p.startsWith('/') && !/^[a-z]:/i.test(p) && !p.includes('\\'), 'must be workspace-relative with /'),
);

const sha256 = z.string().check(z.regex(/^[0-9a-f]{64}$/, 'must be a lowercase hex SHA-256'));
const count = z.nullable(z.int().check(z.nonnegative()));

export const sidecarSchema = z.looseObject({
    $schema: z.optional(z.string()),
    version: z.literal(1),
    generator: z.looseObject({ name: z.string(), version: z.string() }),
    createdAt: z.iso.datetime({ offset: true }),
    prompt: z.string(),
    effectivePrompt: z.string(),
    preset: z.nullable(z.string()),
    /** The preset's field values (field id → value) the effective prompt was made from. */
    presetFields: z.optional(z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]))),
    model: z.string(),
    modelVersion: z.nullable(z.string()),
    config: z.looseObject({
      aspectRatio: z.nullable(z.string()),
      imageSize: z.nullable(z.string()),
      responseModalities: z.array(z.string()),
    }),
    inputs: z.array(
      z.looseObject({
        path: relativePath,
        sha256,
        mimeType: z.string(),
        role: z.enum(['reference', 'source']),
      }),
    ),
    parent: z.nullable(z.looseObject({ path: relativePath, sha256 })),
    /** Every ancestor from the oldest to `parent`, so an asset's history reads from one file. */
    lineage: z.optional(z.array(z.looseObject({ path: relativePath, sha256 }))),
    image: z.looseObject({
      file: relativePath,
      mimeType: z.string(),
      sha256,
      bytes: z.int().check(z.nonnegative()),
      width: count,
      height: count,
    }),
    responseText: z.nullable(z.string()),
    finishReason: z.nullable(z.string()),
    usage: z.looseObject({
      promptTokens: count,
      outputTokens: count,
      totalTokens: count,
      /** Thinking tokens (Pro), reported apart from outputTokens and billed like them. */
      thoughtTokens: z.optional(count),
    }),
    estimatedCostUsd: z.nullable(z.number().check(z.nonnegative())),
    responseId: z.optional(z.nullable(z.string())),
    /**
     * Local processing applied after generation, in order: `{ op: 'differenceMatte' | 'colorKey' | 'resize' |
     * 'iconSet', …parameters }`. No API call is made for these steps.
     */
    postprocess: z.optional(z.array(z.looseObject({ op: z.string().check(z.minLength(1)) }))),
    /** Set on images made in a chat: which conversation and which turn (1-based) produced them. */
    conversation: z.optional(
      z.looseObject({ id: z.string().check(z.minLength(1)), turn: z.int().check(z.positive()) }),
    ),
  });

export type Sidecar = z.infer<typeof sidecarSchema>;

export const SIDECAR_VERSION = 1;

export function parseSidecar(text: string): Sidecar {
  return sidecarSchema.parse(JSON.parse(text));
}

/** Stable, readable JSON: two-space indent and a trailing newline. */
export function serializeSidecar(sidecar: Sidecar): string {
  return `${JSON.stringify(sidecar, null, 2)}\n`;
}
