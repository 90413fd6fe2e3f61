/**
 * Ways to attach images besides the host's commands: the paperclip (a workspace picker), pasting,
 * and dropping. Files from the Explorer arrive as URIs and are resolved by the host; image data
 * (pasted, or dropped from outside) is sent to the host, which saves it into the workspace.
 */
import { act, showBanner } from './banner';
import { iconButton } from './icons';
import { app, composerActions, promptBox } from './layout';

function readAsBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

async function sendFiles(files: File[]): Promise<void> {
  for (const file of files.filter((f) => /^image\/(png|jpeg|webp|gif)$/.test(f.type))) {
    if (file.size > 20 * 1024 * 1024) {
      showBanner(`${file.name || 'The image'} is larger than 20 MB.`);
      continue;
    }
    await act({ type: 'pasteImage', mimeType: file.type, data: await readAsBase64(file) });
  }
}

export function wireAttachmentInput(): void {
  composerActions.prepend(
    iconButton('attach', 'Attach images from the workspace (or paste, or Shift+drag from the Explorer)', () => void act({ type: 'pickAttachments' })),
  );

  promptBox.addEventListener('paste', (event) => {
    const files = Array.from(event.clipboardData?.files ?? []).filter((f) => f.type.startsWith('image/'));
    if (!files.length) return;
    event.preventDefault();
    void sendFiles(files);
  });

  app.addEventListener('dragover', (event) => {
    event.preventDefault();
    app.classList.add('dragging');
  });
  app.addEventListener('dragleave', (event) => {
    if (event.target === app || !app.contains(event.relatedTarget as Node | null)) app.classList.remove('dragging');
  });
  app.addEventListener('drop', (event) => {
    event.preventDefault();
    app.classList.remove('dragging');
    const data = event.dataTransfer;
    if (!data) return;
    const uriList = data.getData('application/vnd.code.uri-list') || data.getData('text/uri-list');
    const uris = uriList
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
    if (uris.length) {
      void act({ type: 'dropFiles', uris });
      return;
    }
    void sendFiles(Array.from(data.files));
  });
}
