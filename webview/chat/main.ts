/**
 * The chat view's webview (the bundle's entry). It renders what the host sends and asks the host
 * for everything else; it holds no secrets and never builds HTML from strings (model text goes
 * through renderMarkdown, which only creates nodes with textContent).
 *
 * Importing layout builds the skeleton; the modules below own its parts. Here they are only wired.
 */
import { wireAttachmentInput } from './attachment-input';
import { wireComposer } from './composer';
import { listenToHost } from './from-host';
import { sayReady } from './host';
import { promptBox } from './layout';
import { renderAll } from './render-all';
import { state } from './state';
import { rememberScroll } from './transcript';

promptBox.value = state.draft;
wireAttachmentInput();
wireComposer();
rememberScroll();
listenToHost();
renderAll();
sayReady(state.conversationId);
