/**
 * The view's skeleton, built once when the script loads; the other modules re-render the parts.
 * Listeners are added by the modules that own the behaviour, so this file only decides structure.
 */
import { codicon, el } from '../shared/dom';
import { createAnnouncer, createBanner } from '../shared/regions';

export const app = document.getElementById('app')!;

export const header = el('header');
header.className = 'conversation-header';
export const titleEl = el('h2');
titleEl.className = 'conversation-title';
export const headerActions = el('div');
headerActions.className = 'header-actions';
header.append(titleEl, headerActions);

export const historyPanel = el('section');
historyPanel.className = 'history';
historyPanel.setAttribute('aria-label', 'Conversations');

export const bannerEl = createBanner();

export const transcript = el('main');
transcript.className = 'transcript';
transcript.setAttribute('aria-label', 'Conversation');
transcript.tabIndex = -1;

/** Announces what changed (the transcript is re-rendered, so it is not a live region itself). */
export const announcer = createAnnouncer();

export const composer = el('footer');
composer.className = 'composer';
export const settingsRow = el('div');
settingsRow.className = 'settings-row';
export const attachmentsRow = el('div');
attachmentsRow.className = 'attachments';
attachmentsRow.setAttribute('aria-label', 'Attached images');
export const promptBox = el('textarea');
promptBox.className = 'prompt';
promptBox.rows = 3;
promptBox.placeholder = 'Describe an image, or how to change the last one…';
promptBox.setAttribute('aria-label', 'Prompt. Enter sends, Shift+Enter adds a line, Up recalls the last prompt, Escape stops.');
/** Holds, in this order: the attach button (added by attachment-input.ts), the limit note, the estimate, Stop and Send. */
export const composerActions = el('div');
composerActions.className = 'composer-actions';
/** The estimate of the turn being written (see estimate.ts). */
export const estimateNote = el('span');
estimateNote.className = 'estimate-note';
estimateNote.id = 'turn-estimate';
export const limitNote = el('span');
limitNote.className = 'limit-note';
limitNote.setAttribute('aria-live', 'polite');
export const sendButton = el('button', 'Send');
sendButton.className = 'primary send';
sendButton.prepend(codicon('send'));
export const stopButton = el('button', 'Stop');
stopButton.className = 'secondary stop';
stopButton.prepend(codicon('debug-stop'));
composerActions.append(limitNote, estimateNote, stopButton, sendButton);
composer.append(settingsRow, attachmentsRow, promptBox, composerActions);

app.append(header, historyPanel, bannerEl, transcript, composer, announcer);
