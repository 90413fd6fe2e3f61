/**
 * Images brought in by pasting or dropping. Files from the Explorer arrive as URIs (the host resolves
 * them); image data (pasted, or dropped from outside) is read as base64 for the host to save.
 */
/** The service's inline request limit, which also bounds one pasted or dropped image. */
const INLINE_IMAGE_MAX_BYTES = 20 * 1024 * 1024;

export interface ImageInputHandlers {
  /** URIs dropped from the Explorer (or another VS Code view). */
  onUris(uris: string[]): void;
  /** An image file's data, base64. */
  onImageData(mimeType: string, base64: string): Promise<void>;
  /** A file was skipped: says why. */
  onProblem(message: string): void;
}

function readAsBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

async function sendFiles(files: File[], handlers: ImageInputHandlers): Promise<void> {
  for (const file of files.filter((f) => /^image\/(png|jpeg|webp|gif)$/.test(f.type))) {
    if (file.size > INLINE_IMAGE_MAX_BYTES) {
      handlers.onProblem(`${file.name || 'The image'} is larger than 20 MB.`);
      continue;
    }
    await handlers.onImageData(file.type, await readAsBase64(file));
  }
}

/** Pasting an image into `pasteTarget`, and dropping files or URIs on `dropZone` (outlined while dragging). */
export function wireImageDropAndPaste(dropZone: HTMLElement, pasteTarget: HTMLElement, handlers: ImageInputHandlers): void {
  pasteTarget.addEventListener('paste', (event) => {
    const files = Array.from(event.clipboardData?.files ?? []).filter((f) => f.type.startsWith('image/'));
    if (!files.length) return;
    event.preventDefault();
    void sendFiles(files, handlers);
  });
  dropZone.addEventListener('dragover', (event) => {
    event.preventDefault();
    dropZone.classList.add('dragging');
  });
  dropZone.addEventListener('dragleave', (event) => {
    if (event.target === dropZone || !dropZone.contains(event.relatedTarget as Node | null)) dropZone.classList.remove('dragging');
  });
  dropZone.addEventListener('drop', (event) => {
    event.preventDefault();
    dropZone.classList.remove('dragging');
    const data = event.dataTransfer;
    if (!data) return;
    const uriList = data.getData('application/vnd.code.uri-list') || data.getData('text/uri-list');
    const uris = uriList
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
    if (uris.length) {
      handlers.onUris(uris);
      return;
    }
    void sendFiles(Array.from(data.files), handlers);
  });
}
