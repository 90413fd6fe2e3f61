/** The chips of the images attached to the prompt being written. */
import type { AttachmentView } from '../../src/views/chat/protocol';
import { iconButton } from './icons';
import { attachmentsRow } from './layout';
import { renderLimits } from './limits';
import { el } from './markdown';
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
  const known = new Set(state.attachments.map((a) => a.path));
  state.attachments = [...state.attachments, ...attachments.filter((a) => !known.has(a.path))];
  persist();
  renderAttachments();
  renderLimits();
}
