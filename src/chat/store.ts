import * as vscode from 'vscode';
import {
  CONVERSATION_ID_PATTERN,
  parseConversation,
  referencedImages,
  serializeConversation,
  type Conversation,
  type ImageRef,
} from '../core/conversation';
import { PictorError } from '../core/errors';
import { sha256Hex } from '../core/image-info';
import type { Logger } from '../core/log';
import { extensionForMime } from '../core/naming';
import { exists, replaceFileAtomically } from '../workspace/files';

/**
 * Conversations in the extension's storage (`<root>/chat/conversations/<id>.json`) and a
 * content-addressed copy of every image they reference (`<root>/chat/images/<sha256>`), so a
 * history can be rebuilt even when a workspace file was moved, edited or deleted. Writes go to a
 * temporary file that is renamed into place: a crash leaves the old or the new file, never half.
 */
export class ConversationStore {
  private readonly conversationsDir: vscode.Uri;
  readonly imagesDir: vscode.Uri;
  /** Parsed conversations; the files stay the truth (loaded lazily, written through). */
  private cache = new Map<string, Conversation>();
  private loaded: Promise<void> | undefined;
  /** Serializes writes per file so two saves never interleave their renames. */
  private writes = new Map<string, Promise<void>>();
  /** Copies made in this session: a turn in flight may need them before its conversation is saved. */
  private fresh = new Set<string>();

  constructor(
    readonly root: vscode.Uri,
    private readonly log: Logger,
  ) {
    this.conversationsDir = vscode.Uri.joinPath(root, 'chat', 'conversations');
    this.imagesDir = vscode.Uri.joinPath(root, 'chat', 'images');
  }

  private fileOf(id: string): vscode.Uri {
    if (!CONVERSATION_ID_PATTERN.test(id)) throw new PictorError('badInput', `"${id}" is not a valid conversation id.`);
    return vscode.Uri.joinPath(this.conversationsDir, `${id}.json`);
  }

  private ensureLoaded(): Promise<void> {
    this.loaded ??= this.loadAll();
    return this.loaded;
  }

  private async loadAll(): Promise<void> {
    let entries: [string, vscode.FileType][] = [];
    try {
      entries = await vscode.workspace.fs.readDirectory(this.conversationsDir);
    } catch {
      return; // nothing stored yet
    }
    for (const [name, type] of entries) {
      const id = /^(.+)\.json$/.exec(name)?.[1];
      if (type !== vscode.FileType.File || !id || !CONVERSATION_ID_PATTERN.test(id)) continue;
      try {
        const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(this.fileOf(id)));
        const conversation = parseConversation(text);
        if (conversation.id !== id) throw new Error(`file ${name} holds conversation ${conversation.id}`);
        this.cache.set(id, conversation);
      } catch (error) {
        // Kept on disk untouched (a newer Pictor may read it); just not listed.
        this.log.warn(`skipped ${name}: ${error instanceof PictorError ? `${error.message} ${error.detail ?? ''}` : String(error)}`);
      }
    }
  }

  async list(): Promise<Conversation[]> {
    await this.ensureLoaded();
    return [...this.cache.values()].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }

  async get(id: string): Promise<Conversation | undefined> {
    if (!CONVERSATION_ID_PATTERN.test(id)) return undefined;
    await this.ensureLoaded();
    return this.cache.get(id);
  }

  /**
   * Reads, changes and saves one conversation with no await in between, so a change made
   * meanwhile (a turn's answer, a rename) is never overwritten by one computed from an older copy.
   * `change` gets undefined for a conversation not stored (yet or any more) and returns undefined
   * to leave things as they are; resolves to what was saved.
   */
  async update(id: string, change: (current: Conversation | undefined) => Conversation | undefined): Promise<Conversation | undefined> {
    await this.ensureLoaded();
    const target = this.fileOf(id);
    const next = change(this.cache.get(id));
    if (!next) return undefined;
    if (next.id !== id) throw new Error(`conversation ${next.id} saved as ${id}`);
    const text = serializeConversation(next);
    this.cache.set(id, next);
    await this.serialized(target.toString(), () => writeReplacing(target, new TextEncoder().encode(text)));
    // Referenced now: a later clean-up may judge them by the stored conversations alone.
    for (const ref of referencedImages(next)) this.fresh.delete(ref.sha256);
    return next;
  }

  async delete(id: string): Promise<void> {
    await this.ensureLoaded();
    const target = this.fileOf(id);
    this.cache.delete(id);
    await this.serialized(target.toString(), async () => {
      await vscode.workspace.fs.delete(target, { useTrash: false }).then(undefined, () => undefined);
    });
    await this.collectImages();
  }

  private async serialized(key: string, write: () => Promise<void>): Promise<void> {
    const previous = this.writes.get(key) ?? Promise.resolve();
    const next = previous.then(write, write);
    this.writes.set(key, next.catch(() => undefined));
    await next;
  }

  // ---- image copies ----

  /** `<sha256>.<ext>`: the extension lets the webview serve the copy with the right content type. */
  imageUri(ref: Pick<ImageRef, 'sha256' | 'mimeType'>): vscode.Uri {
    if (!/^[0-9a-f]{64}$/.test(ref.sha256)) throw new PictorError('badInput', 'Not an image reference.');
    return vscode.Uri.joinPath(this.imagesDir, `${ref.sha256}.${extensionForMime(ref.mimeType)}`);
  }

  /** Keeps a copy of `bytes` under their hash (once: identical images share a copy). */
  async putImage(bytes: Uint8Array, mimeType: string): Promise<string> {
    const sha256 = sha256Hex(bytes);
    const target = this.imageUri({ sha256, mimeType });
    this.fresh.add(sha256);
    if (await exists(target)) return sha256;
    await this.serialized(target.toString(), async () => {
      if (!(await exists(target))) await writeReplacing(target, bytes);
    });
    return sha256;
  }

  /** The stored copy, or undefined when there is none (or it no longer matches its hash). */
  async readImage(ref: Pick<ImageRef, 'sha256' | 'mimeType'>): Promise<Uint8Array | undefined> {
    try {
      const bytes = await vscode.workspace.fs.readFile(this.imageUri(ref));
      return sha256Hex(bytes) === ref.sha256 ? bytes : undefined;
    } catch {
      return undefined;
    }
  }

  async hasImage(ref: Pick<ImageRef, 'sha256' | 'mimeType'>): Promise<boolean> {
    return exists(this.imageUri(ref));
  }

  /** Removes copies no stored conversation refers to any more. */
  async collectImages(): Promise<void> {
    const keep = new Set<string>();
    for (const conversation of this.cache.values()) for (const ref of referencedImages(conversation)) keep.add(ref.sha256);
    let entries: [string, vscode.FileType][] = [];
    try {
      entries = await vscode.workspace.fs.readDirectory(this.imagesDir);
    } catch {
      return;
    }
    for (const [name] of entries) {
      const sha256 = /^([0-9a-f]{64})\.[a-z0-9]+$/.exec(name)?.[1];
      if (sha256 && !keep.has(sha256) && !this.fresh.has(sha256)) {
        await vscode.workspace.fs.delete(vscode.Uri.joinPath(this.imagesDir, name), { useTrash: false }).then(undefined, () => undefined);
      }
    }
  }
}

/** Temp file + rename: readers see the old or the new content, never a partial one. */
async function writeReplacing(target: vscode.Uri, bytes: Uint8Array): Promise<void> {
  try {
    await replaceFileAtomically(target, bytes);
  } catch (error) {
    throw new PictorError('badInput', 'Pictor could not save the conversation in its storage folder. Check free disk space, then retry.', {
      detail: `${target.toString()}: ${error instanceof Error ? error.message : String(error)}`,
      cause: error,
    });
  }
}
