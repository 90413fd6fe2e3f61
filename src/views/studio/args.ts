import * as vscode from 'vscode';
import * as z from 'zod/mini';
import { fileReference, parseArgs } from '../../core/spec';
import { urisFromArgs } from '../../ui/targets';
import { resolveWorkspaceFile } from '../../workspace/files';

/** The argument object of `pictor.openStudio`: what the form starts with. */
export const studioArgsSchema = z.strictObject({
  preset: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
  prompt: z.optional(z.string().check(z.maxLength(20_000))),
  references: z.optional(z.array(fileReference).check(z.maxLength(14))),
});

export interface StudioArgs {
  preset?: string;
  prompt?: string;
  references?: vscode.Uri[];
}

/**
 * `pictor.openStudio`'s arguments: `{ preset?, prompt?, references? }`, or the images a context menu
 * passes (`uri`, `uris`), which become the references.
 * @throws PictorError `badInput` for an unknown field, a bad value, or a reference outside the workspace
 */
export function parseStudioArgs(first: unknown, second: unknown): StudioArgs {
  if (first instanceof vscode.Uri) return { references: urisFromArgs(first, second) };
  if (first === undefined || first === null) return {};
  const args = parseArgs(studioArgsSchema, first, 'pictor.openStudio');
  return {
    ...(args.preset ? { preset: args.preset } : {}),
    ...(args.prompt !== undefined ? { prompt: args.prompt } : {}),
    ...(args.references ? { references: args.references.map((r) => resolveWorkspaceFile(r)) } : {}),
  };
}
