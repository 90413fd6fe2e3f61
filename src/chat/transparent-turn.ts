import type * as vscode from 'vscode';
import type { Exchange, ImageRef } from '../core/conversation';
import { PictorError } from '../core/errors';
import type { Logger } from '../core/log';
import { WHITE_BACKGROUND_INSTRUCTION } from '../core/postprocess-plan';
import type { Sidecar } from '../core/sidecar';
import type { GenerationSpec } from '../core/spec';
import type { GeminiClient } from '../gemini/client';
import { finishTransparent } from '../postprocess';
import type { SpendReservation } from '../spend/guard';
import type { ImageWriter } from '../writer/image-writer';
import type { ConversationStore } from './store';

/** An image a turn saved into the workspace, with its sidecar. */
export type SavedTurnImage = { uri: vscode.Uri; sidecarUri: vscode.Uri; sidecar: Sidecar };

/** A turn as saved from the model's answer: its exchange, its files, and (transparent turns) the one on white. */
export interface SavedTurn {
  exchange: Exchange;
  saved: SavedTurnImage[];
  white?: SavedTurnImage;
}

export interface TransparentTurnContext {
  /** The turn's spec with the prompt as typed (the result's sidecar records it so). */
  spec: GenerationSpec;
  dir: vscode.Uri;
  client: GeminiClient;
  writer: ImageWriter<vscode.Uri>;
  store: ConversationStore;
  log: Logger;
  generator: { name: string; version: string };
  /** The turn's approval, which already counts the edit onto black. */
  reservation: SpendReservation | undefined;
  signal: AbortSignal;
  /** `pictor.transparency.keepSources`; default true. */
  keepTransparencySources?(): boolean;
  label: string;
  progress(message: string): void;
}

/**
 * The second half of a transparent chat turn: the answer's image on white (saved as `name.white.png`) is
 * edited onto black and the pair matted into the turn's result by `finishTransparent`, as for
 * `pictor.generate({ background: 'transparent' })`. `turn` is updated in place: its exchange keeps the
 * answer as it came (what the next turn re-sends) and gains `transparent` (what the turn shows and what
 * the next image names as parent); `saved` lists the result instead of the white image. A white file that
 * is not kept is no longer named by the history, which reads Pictor's own copy of it.
 * @throws PictorError('noImage') when the answer had no image; what `finishTransparent` throws otherwise.
 */
export async function finishTransparentTurn(turn: SavedTurn, context: TransparentTurnContext): Promise<void> {
  const white = turn.white;
  if (!white) throw new PictorError('noImage', 'The model answered without an image, so there is nothing to make transparent. Try again or rephrase the prompt.');
  const { reservation } = context;
  const keepSources = context.keepTransparencySources?.() ?? true;
  const whiteFile = white.sidecar.image.file;
  const baseName = whiteFile.slice(whiteFile.lastIndexOf('/') + 1).replace(/\.white(-\d+)?\.[a-z0-9]+$/i, '');
  const finished = await finishTransparent(
    white,
    context.spec,
    { dir: context.dir, baseName },
    {
      client: context.client,
      log: context.log,
      generator: context.generator,
      maxConcurrent: 1,
      writer: context.writer,
      // The edit onto black was priced and approved with the turn; it records against that approval.
      ...(reservation ? { approveCost: async () => ({ record: (call) => reservation.record(call), release: () => undefined }) } : {}),
    },
    context.signal,
    { keepSources, keepLineage: true, progress: { report: context.progress } },
  );
  for (const warning of finished.warnings) {
    context.log.warn(`${context.label}: ${warning}`);
    context.progress(warning);
  }
  const result = finished.image;
  const bytes = await context.writer.port.readFile(result.uri);
  // The view shows the result from Pictor's copy, like every image of a conversation.
  await context.store.putImage(bytes, 'image/png');
  const { width, height } = result.sidecar.image;
  const image: ImageRef = {
    sha256: result.sidecar.image.sha256,
    mimeType: 'image/png',
    bytes: bytes.byteLength,
    path: result.sidecar.image.file,
    ...(width && height ? { width, height } : {}),
  };
  const parts = keepSources
    ? turn.exchange.model.parts
    : turn.exchange.model.parts.map((part) => {
        if (part.image?.path !== whiteFile) return part;
        const { path: _path, fileSha256: _fileSha256, ...copy } = part.image;
        return { ...part, image: copy };
      });
  turn.exchange = {
    ...turn.exchange,
    model: { ...turn.exchange.model, parts },
    transparent: { image, instruction: WHITE_BACKGROUND_INSTRUCTION, op: finished.step.op === 'colorKey' ? 'colorKey' : 'differenceMatte' },
  };
  turn.saved = [...turn.saved.filter((s) => s !== white), result];
}
