/** Uploaded and generated files, kept as chunks so large results can be streamed back. */

import { createHash } from 'node:crypto';
import { newId, timestamp } from './ids';

const LIFETIME_MS = 48 * 60 * 60 * 1000;

export interface StoredFile {
  id: string;
  mimeType: string;
  displayName?: string;
  source: 'UPLOADED' | 'GENERATED';
  chunks: Buffer[];
  size: number;
  sha256: string;
  created: number;
}

export interface PendingUpload {
  id: string;
  fileId?: string;
  displayName?: string;
  mimeType: string;
  declaredSize?: number;
  chunks: Buffer[];
  received: number;
}

export class FileStore {
  private readonly files = new Map<string, StoredFile>();
  readonly uploads = new Map<string, PendingUpload>();

  has(id: string): boolean {
    return this.files.has(id);
  }

  get(id: string): StoredFile | undefined {
    return this.files.get(id);
  }

  /** Newest first, as the service lists. */
  all(): StoredFile[] {
    return [...this.files.values()].reverse();
  }

  add(file: Omit<StoredFile, 'id' | 'size' | 'sha256' | 'created'> & { id?: string }): StoredFile {
    const hash = createHash('sha256');
    let size = 0;
    for (const chunk of file.chunks) {
      hash.update(chunk);
      size += chunk.length;
    }
    const stored: StoredFile = { ...file, id: file.id ?? newId(), size, sha256: hash.digest('hex'), created: Date.now() };
    this.files.set(stored.id, stored);
    return stored;
  }

  delete(id: string): boolean {
    return this.files.delete(id);
  }

  clear(): void {
    this.files.clear();
    this.uploads.clear();
  }
}

/** The File resource as the API returns it. */
export function fileResource(file: StoredFile, origin: string, version: string): Record<string, unknown> {
  const resource: Record<string, unknown> = {
    name: `files/${file.id}`,
    mimeType: file.mimeType,
    sizeBytes: String(file.size),
    createTime: timestamp(file.created),
    updateTime: timestamp(file.created),
    expirationTime: timestamp(file.created + LIFETIME_MS),
    // bytes field in proto JSON: base64 of the hex digest, as the service reports it
    sha256Hash: Buffer.from(file.sha256).toString('base64'),
    uri: `${origin}/${version}/files/${file.id}`,
    state: 'ACTIVE',
    source: file.source,
  };
  if (file.displayName !== undefined) {
    resource.displayName = file.displayName;
  }
  if (file.source === 'GENERATED') {
    resource.downloadUri = `${origin}/download/${version}/files/${file.id}:download?alt=media`;
  }
  return resource;
}
