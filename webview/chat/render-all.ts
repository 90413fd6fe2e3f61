/** Re-renders every part of the view from the state (on load, and when a new chat starts). */
import { renderAttachments } from './attachments';
import { renderComposerState } from './composer';
import { renderHeader } from './header';
import { renderHistory } from './history';
import { renderSettings } from './settings-bar';
import { renderTranscript } from './transcript';

export function renderAll(): void {
  renderHeader();
  renderHistory();
  renderSettings();
  renderAttachments();
  renderTranscript();
  renderComposerState();
}
