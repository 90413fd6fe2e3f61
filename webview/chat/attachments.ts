/** The chips of the images attached to the prompt being written. */
import type { AttachmentView } from '../../src/views/chat/protocol';
import { el, iconButton } from '../shared/dom';
import { attachmentsRow } from './layout';
import { renderLimits } from './limits';
import { persist, state } from './state';

export function renderAttachments(): void {
  attachmentsRow.replaceChildren();
  attachmentsRow.hidden = state.attachments.length === 0;
  state.attachments.forEach((attachment, index) => {
    const chip = el('div');
    chip.className = 'attachment';
    const img = el('img');
    img.src = attachment.src;
    img.alt = '';
    const name = el('span', attachment.name);
    name.title = attachment.path;
    chip.append(
      img,
      name,
      iconButton('close', `Remove ${attachment.name}`, () => {
        state.attachments.splice(index, 1);
        persist();
        renderAttachments();
        renderLimits();
      }),
    );
    attachmentsRow.appendChild(chip);
  });
}

/** Adds images the host resolved; one already attached is not added twice. */
export function addAttachments(attachments: AttachmentView[]): void {
  const fresh = attachments.filter((a) => !state.attachments.some((known) => sameFile(a, known)));
  state.attachments = [...state.attachments, ...fresh];
  persist();
  renderAttachments();
  renderLimits();
}

/** By URI when both have one: two workspace folders can hold the same relative path. */
function sameFile(a: AttachmentView, b: AttachmentView): boolean {
  return a.uri && b.uri ? a.uri === b.uri : a.path === b.path;
}

/** What a send names an attachment by; views saved before URIs were known have only the path. */
export function attachmentReference(attachment: AttachmentView): string {
  return attachment.uri ?? attachment.path;
}
