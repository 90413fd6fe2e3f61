import * as z from 'zod/mini';
import { generateArgsSchema } from './spec';

/**
 * The JSON Schema of one manifest line, shipped as `schemas/pictor-batch-line.schema.json`: made from the
 * same zod schema `pictor.generate` checks its arguments with, so the two cannot drift.
 */
export function batchLineJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(generateArgsSchema, { target: 'draft-7', io: 'input', unrepresentable: 'any' }) as {
    properties: Record<string, Record<string, unknown>>;
  };
  // In a file, a reference is a workspace-relative path or a URI string (a Uri object only comes from code).
  schema.properties.references = { ...schema.properties.references, items: { type: 'string', minLength: 1 } };
  // A batch job writes results as the service returns them: no matting, no exact size (batchUnsupported).
  schema.properties.background = { ...schema.properties.background, enum: ['opaque'] };
  delete schema.properties.size;
  // A cancellation token only exists in code that calls pictor.generate; a file cannot hold one.
  delete schema.properties.cancellationToken;
  return {
    ...schema,
    title: 'One line of a Pictor batch manifest (*.pictor-batch.jsonl)',
    description: "pictor.generate's argument object: one image spec per line; a spec's count expands into that many requests.",
  };
}
