import {
  GALLERY_IMAGE_NAME,
  GALLERY_SIDECAR_NAME,
  compareNewest,
  queryRecords,
  readGalleryRecord,
  type GalleryProblem,
  type GalleryQuery,
  type GalleryRecord,
} from '../core/gallery';

/**
 * What the index needs from a file system, so it runs in VS Code (`workspace.fs`, `findFiles`) and in
 * plain Node alike. Files are named by keys: strings the port made (URI strings, absolute paths).
 */
export interface GalleryFileSystem {
  /** Every image and sidecar file in the workspace, or under the folder `underKey`. */
  listFiles(underKey?: string): Promise<string[]>;
  readText(key: string): Promise<string>;
  exists(key: string): Promise<boolean>;
  /** The file's path relative to its workspace folder, with `/`. */
  relativePath(key: string): string;
}

/** Files read at once while building: enough to keep the disk busy without a burst of open handles. */
const READ_CONCURRENCY = 32;

/**
 * Every Pictor image of the workspace, built once on first use and then kept current by the caller
 * reporting file events (`fileCreated`, `fileDeleted`) and Pictor's own saves (`indexSaved`).
 */
export class GalleryIndex {
  private readonly records = new Map<string, GalleryRecord>();
  private readonly problemList = new Map<string, string>();
  /** Records newest first; made on first query, then kept in order record by record. */
  private sorted: GalleryRecord[] | undefined;
  private building: Promise<void> | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly fs: GalleryFileSystem) {}

  /** Builds the index the first time; later calls return at once. */
  ensureBuilt(): Promise<void> {
    this.building ??= this.scan(undefined).then(() => undefined);
    return this.building;
  }

  get isBuilt(): boolean {
    return this.building !== undefined;
  }

  /** One page of matching images, and every problem. */
  async query(query: GalleryQuery): Promise<{ total: number; items: GalleryRecord[]; problems: GalleryProblem[] }> {
    await this.ensureBuilt();
    return { ...queryRecords(this.newestFirst(), query), problems: this.problems() };
  }

  /** Every indexed image, newest first (for reports such as spending); a copy the caller may keep. */
  async all(): Promise<readonly GalleryRecord[]> {
    await this.ensureBuilt();
    return this.newestFirst().slice();
  }

  problems(): GalleryProblem[] {
    return [...this.problemList].map(([sidecarKey, message]) => ({ sidecarKey, message }));
  }

  /** The record of an image (by its key), if indexed. */
  recordOf(imageKey: string): GalleryRecord | undefined {
    return this.records.get(`${imageKey}.json`);
  }

  /** Runs `listener` after each change to the index; returns the function that stops it. */
  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A file (image or sidecar) appeared or changed. Does nothing before the index is built. */
  async fileCreated(key: string): Promise<void> {
    if (!this.isBuilt) return;
    await this.building;
    if (GALLERY_SIDECAR_NAME.test(key)) await this.readSidecar(key, undefined);
    else if (GALLERY_IMAGE_NAME.test(key)) {
      const sidecarKey = `${key}.json`;
      if (this.records.has(sidecarKey) || this.problemList.has(sidecarKey) || (await this.fs.exists(sidecarKey))) await this.readSidecar(sidecarKey, true);
    } else return;
    this.changed();
  }

  /**
   * A file or folder disappeared: its records go; a sidecar whose image went becomes a problem.
   * Watchers report late: when the path exists again (deleted and made anew before the event came),
   * what is there now is indexed instead, so a late event never hides an image that is on disk.
   */
  async fileDeleted(key: string): Promise<void> {
    if (!this.isBuilt) return;
    await this.building;
    if (await this.fs.exists(key)) return this.resync(key);
    let touched = false;
    if (GALLERY_IMAGE_NAME.test(key)) {
      const sidecarKey = `${key}.json`;
      if (this.drop(sidecarKey)) {
        this.problemList.set(sidecarKey, imageMissing(this.fs.relativePath(key)));
        touched = true;
      }
    }
    const folderPrefix = `${key}/`;
    for (const k of [...this.records.keys(), ...this.problemList.keys()]) {
      if (k === key || k.startsWith(folderPrefix)) {
        this.drop(k);
        this.problemList.delete(k);
        touched = true;
      }
    }
    if (touched) this.changed();
  }

  /** Re-reads what is at `key` now: a gallery file, or a folder and everything indexed under it. */
  private async resync(key: string): Promise<void> {
    if (GALLERY_SIDECAR_NAME.test(key)) await this.readSidecar(key, undefined);
    else if (GALLERY_IMAGE_NAME.test(key)) await this.readSidecar(`${key}.json`, undefined);
    else {
      const folderPrefix = `${key}/`;
      const before = [...this.records.keys(), ...this.problemList.keys()].filter((k) => k.startsWith(folderPrefix));
      const listed = new Set(await this.scan(key));
      // What was indexed under the folder and is no longer listed is checked, not assumed gone.
      await Promise.all(before.filter((k) => !listed.has(k)).map((k) => this.readSidecar(k, undefined)));
    }
    this.changed();
  }

  /** A folder appeared (watchers may report only the folder, not what is in it): index what it holds. */
  async folderCreated(key: string): Promise<void> {
    if (!this.isBuilt) return;
    await this.building;
    await this.scan(key);
    this.changed();
  }

  /** Pictor saved an image and its sidecar: index it now rather than waiting for a watcher. */
  async indexSaved(imageKey: string): Promise<void> {
    if (!this.isBuilt) return;
    await this.building;
    await this.readSidecar(`${imageKey}.json`, true);
    this.changed();
  }

  /** Reads every sidecar under `underKey` (everything when undefined); returns the sidecar keys listed. */
  private async scan(underKey: string | undefined): Promise<string[]> {
    const files = await this.fs.listFiles(underKey);
    const images = new Set(files.filter((f) => GALLERY_IMAGE_NAME.test(f)));
    const sidecars = files.filter((f) => GALLERY_SIDECAR_NAME.test(f));
    // A fixed set of readers, each taking the next file when its read is done: no task, queue entry or
    // promise per file waiting its turn (10,000 of them in a large workspace), only the reads themselves.
    // A sidecar listed without its image is asked about on disk: images and sidecars may be listed at
    // different moments, and an image saved in between is there although the listing missed it.
    let next = 0;
    const reader = async (): Promise<void> => {
      while (next < sidecars.length) {
        const key = sidecars[next++]!;
        await this.readSidecar(key, images.has(key.slice(0, -'.json'.length)) || undefined);
      }
    };
    await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, sidecars.length) }, reader));
    return sidecars;
  }

  /** Reads one sidecar into a record or a problem. `imageExists` undefined means "ask the file system". */
  private async readSidecar(sidecarKey: string, imageExists: boolean | undefined): Promise<void> {
    const imageKey = sidecarKey.slice(0, -'.json'.length);
    const relativePath = this.fs.relativePath(imageKey);
    // The old record stays listed while the file is read: a query meanwhile still finds the image.
    let text: string;
    try {
      text = await this.fs.readText(sidecarKey);
    } catch {
      // Gone between listing and reading: nothing to show.
      this.drop(sidecarKey);
      this.problemList.delete(sidecarKey);
      return;
    }
    const record = readGalleryRecord(text, { sidecarKey, imageKey, relativePath });
    if (typeof record === 'string') {
      this.drop(sidecarKey);
      this.problemList.set(sidecarKey, record);
    } else if (!(imageExists ?? (await this.fs.exists(imageKey)))) {
      this.drop(sidecarKey);
      this.problemList.set(sidecarKey, imageMissing(relativePath));
    } else {
      this.put(record);
    }
  }

  private put(record: GalleryRecord): void {
    // Reads of one sidecar may overlap (a create and a change event): the last one replaces the others.
    this.drop(record.sidecarKey);
    this.problemList.delete(record.sidecarKey);
    this.records.set(record.sidecarKey, record);
    if (!this.sorted) return;
    // Binary search for the first record that sorts after this one: a change costs O(log n + move).
    let low = 0;
    let high = this.sorted.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (compareNewest(this.sorted[mid]!, record) <= 0) low = mid + 1;
      else high = mid;
    }
    this.sorted.splice(low, 0, record);
  }

  /** Removes a sidecar's record; true when there was one. */
  private drop(sidecarKey: string): boolean {
    const old = this.records.get(sidecarKey);
    if (!old) return false;
    this.records.delete(sidecarKey);
    const at = this.sorted?.indexOf(old) ?? -1;
    if (at >= 0) this.sorted!.splice(at, 1);
    return true;
  }

  private newestFirst(): GalleryRecord[] {
    this.sorted ??= [...this.records.values()].sort(compareNewest);
    return this.sorted;
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}

const imageMissing = (relativePath: string) => `The image ${relativePath} is missing.`;
