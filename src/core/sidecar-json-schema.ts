import * as z from 'zod/mini';
import { sidecarSchema } from './sidecar';

/** The JSON Schema shipped in `schemas/` and registered for `*.png.json` etc. */
export function sidecarJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(sidecarSchema, { target: 'draft-7', io: 'input' }),
    title: 'Pictor image sidecar (version 1)',
  };
}
