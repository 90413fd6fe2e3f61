/**
 * Ways to attach images besides the host's commands: the paperclip (a workspace picker), pasting,
 * and dropping. Files from the Explorer arrive as URIs and are resolved by the host; image data
 * (pasted, or dropped from outside) is sent to the host, which saves it into the workspace.
 */
import { wireImageDropAndPaste } from '../shared/drop-paste';
import { act, showBanner } from './banner';
import { iconButton } from '../shared/dom';
import { app, composerActions, promptBox } from './layout';

export function wireAttachmentInput(): void {
  composerActions.prepend(
    iconButton('attach', 'Attach images from the workspace (or paste, or Shift+drag from the Explorer)', () => void act({ type: 'pickAttachments' })),
  );

  wireImageDropAndPaste(app, promptBox, {
    onUris: (uris) => void act({ type: 'dropFiles', uris }),
    onImageData: (mimeType, data) => act({ type: 'pasteImage', mimeType, data }),
    onProblem: showBanner,
  });
}
