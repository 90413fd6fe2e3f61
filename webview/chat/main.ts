/**
 * The chat view's webview. It renders what the host sends and asks the host for everything else;
 * it holds no secrets and never builds HTML from strings (model text goes through renderMarkdown,
 * which only creates nodes with textContent).
 */
import type { ChatSettings } from '../../src/core/conversation';
import type {
  AttachmentView,
  ConversationView,
  ErrorAction,
  FromWebviewRequest,
  ImageAction,
  ImageView,
  PendingView,
  SummaryView,
  ToWebview,
  TurnView,
  ViewSetup,
} from '../../src/views/chat/protocol';
import { el, link, renderMarkdown } from './markdown';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();

/** What survives the view being hidden and shown again (the webview is not retained). */
interface SavedState {
  conversationId: string | null;
  draft: string;
  attachments: AttachmentView[];
  draftSettings: ChatSettings | null;
  historyOpen: boolean;
  promptHistory: string[];
  scrollTop: number | null;
}

const saved = (vscode.getState() ?? {}) as Partial<SavedState>;
const state: SavedState & {
  setup: ViewSetup | null;
  conversations: SummaryView[];
  conversation: ConversationView | null;
  recallIndex: number;
  banner: string | null;
} = {
  conversationId: saved.conversationId ?? null,
  draft: saved.draft ?? '',
  attachments: Array.isArray(saved.attachments) ? saved.attachments : [],
  draftSettings: saved.draftSettings ?? null,
  historyOpen: saved.historyOpen ?? false,
  promptHistory: Array.isArray(saved.promptHistory) ? saved.promptHistory.slice(-50) : [],
  scrollTop: saved.scrollTop ?? null,
  setup: null,
  conversations: [],
  conversation: null,
  recallIndex: -1,
  banner: null,
};

function persist(): void {
  const { conversationId, draft, attachments, draftSettings, historyOpen, promptHistory } = state;
  vscode.setState({ conversationId, draft, attachments, draftSettings, historyOpen, promptHistory, scrollTop: transcript.scrollTop } satisfies SavedState);
}

// ---- request / reply ----

let nextRequestId = 1;
const waiting = new Map<number, (reply: Extract<ToWebview, { type: 'reply' }>) => void>();

function request(message: FromWebviewRequest): Promise<Extract<ToWebview, { type: 'reply' }>> {
  const requestId = nextRequestId++;
  return new Promise((resolve) => {
    waiting.set(requestId, resolve);
    vscode.postMessage({ ...message, requestId });
  });
}

/** Requests whose failure is only worth a banner. */
async function act(message: FromWebviewRequest): Promise<void> {
  const reply = await request(message);
  if (reply.error && reply.error.code !== 'cancelled') showBanner(reply.error.message);
}

// ---- layout (built once; parts are re-rendered) ----

const app = document.getElementById('app')!;
const header = el('header');
header.className = 'conversation-header';
const titleEl = el('h2');
titleEl.className = 'conversation-title';
const headerActions = el('div');
headerActions.className = 'header-actions';
header.append(titleEl, headerActions);

const historyPanel = el('section');
historyPanel.className = 'history';
historyPanel.setAttribute('aria-label', 'Conversations');

const banner = el('div');
banner.className = 'banner';
banner.setAttribute('role', 'alert');
banner.hidden = true;

const transcript = el('main');
transcript.className = 'transcript';
transcript.setAttribute('aria-label', 'Conversation');
transcript.tabIndex = -1;

/** Announces what changed (the transcript is re-rendered, so it is not a live region itself). */
const announcer = el('div');
announcer.className = 'visually-hidden';
announcer.setAttribute('role', 'status');
announcer.setAttribute('aria-live', 'polite');
function announce(text: string): void {
  announcer.textContent = text;
}

const composer = el('footer');
composer.className = 'composer';
const settingsRow = el('div');
settingsRow.className = 'settings-row';
const attachmentsRow = el('div');
attachmentsRow.className = 'attachments';
attachmentsRow.setAttribute('aria-label', 'Attached images');
const promptBox = el('textarea');
promptBox.className = 'prompt';
promptBox.rows = 3;
promptBox.placeholder = 'Describe an image, or how to change the last one…';
promptBox.setAttribute('aria-label', 'Prompt. Enter sends, Shift+Enter adds a line, Up recalls the last prompt, Escape stops.');
const composerActions = el('div');
composerActions.className = 'composer-actions';
const attachButton = iconButton('attach', 'Attach images from the workspace (or paste, or Shift+drag from the Explorer)', () => void act({ type: 'pickAttachments' }));
const limitNote = el('span');
limitNote.className = 'limit-note';
limitNote.setAttribute('aria-live', 'polite');
const sendButton = el('button', 'Send');
sendButton.className = 'primary send';
sendButton.prepend(codicon('send'));
sendButton.addEventListener('click', () => void send());
const stopButton = el('button', 'Stop');
stopButton.className = 'secondary stop';
stopButton.prepend(codicon('debug-stop'));
stopButton.addEventListener('click', () => stop());
composerActions.append(attachButton, limitNote, stopButton, sendButton);
composer.append(settingsRow, attachmentsRow, promptBox, composerActions);

app.append(header, historyPanel, banner, transcript, composer, announcer);
promptBox.value = state.draft;

// ---- helpers ----

function codicon(name: string): HTMLElement {
  const span = el('span');
  span.className = `codicon codicon-${name}`;
  span.setAttribute('aria-hidden', 'true');
  return span;
}

function iconButton(icon: string, label: string, onClick: () => void): HTMLButtonElement {
  const button = el('button');
  button.className = 'icon-button';
  button.type = 'button';
  button.title = label;
  button.setAttribute('aria-label', label);
  button.appendChild(codicon(icon));
  button.addEventListener('click', (event) => {
    event.stopPropagation();
    onClick();
  });
  return button;
}

function showBanner(message: string | null): void {
  state.banner = message;
  banner.replaceChildren();
  banner.hidden = !message;
  if (!message) return;
  banner.append(codicon('warning'), el('span', message), iconButton('close', 'Dismiss', () => showBanner(null)));
}

function modelOf(id: string) {
  return state.setup?.models.find((m) => m.id === id);
}

function currentSettings(): ChatSettings {
  return state.conversation?.settings ?? state.draftSettings ?? state.setup?.defaults ?? { model: 'gemini-2.5-flash-image', aspectRatio: '1:1', imageSize: null, grounding: false };
}

function isRunning(): boolean {
  return !!state.conversation?.pending?.running;
}

const formatDate = (iso: string) => {
  const date = new Date(iso);
  const today = new Date();
  return date.toDateString() === today.toDateString()
    ? date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
    : date.toLocaleDateString(undefined, { month: 'short', day: 'numeric', year: date.getFullYear() === today.getFullYear() ? undefined : 'numeric' });
};

// ---- rendering ----

function renderHeader(): void {
  const conversation = state.conversation;
  titleEl.textContent = conversation?.title ?? 'New chat';
  titleEl.title = titleEl.textContent;
  headerActions.replaceChildren();
  if (conversation) {
    headerActions.append(
      iconButton('edit', 'Rename conversation', () => void act({ type: 'rename', conversationId: conversation.id })),
      iconButton('trash', 'Delete conversation', () => void act({ type: 'delete', conversationId: conversation.id })),
    );
  }
  // New Chat and the conversation list are in the view's title bar (pictor.chat.new / .history).
}

function renderHistory(): void {
  historyPanel.hidden = !state.historyOpen;
  historyPanel.replaceChildren();
  if (!state.historyOpen) return;
  const heading = el('h3', 'Conversations');
  historyPanel.appendChild(heading);
  if (!state.conversations.length) {
    historyPanel.appendChild(el('p', 'No conversations yet.'));
    return;
  }
  const list = el('ul');
  list.className = 'history-list';
  for (const summary of state.conversations) {
    const item = el('li');
    item.className = summary.id === state.conversation?.id ? 'history-item current' : 'history-item';
    const open = el('button');
    open.className = 'history-open';
    open.type = 'button';
    if (summary.thumbnail) {
      const img = el('img');
      img.src = summary.thumbnail;
      img.alt = '';
      img.className = 'history-thumb';
      open.appendChild(img);
    } else {
      const placeholder = codicon('comment-discussion');
      placeholder.classList.add('history-thumb');
      open.appendChild(placeholder);
    }
    const text = el('span');
    text.className = 'history-text';
    const title = el('span', summary.title);
    title.className = 'history-title';
    const meta = el('span', `${formatDate(summary.updatedAt)} · ${summary.turns} turn${summary.turns === 1 ? '' : 's'}${summary.running ? ' · running' : summary.hasError ? ' · failed' : ''}`);
    meta.className = 'history-meta';
    text.append(title, meta);
    open.appendChild(text);
    open.setAttribute('aria-label', `${summary.title}, ${meta.textContent}`);
    open.addEventListener('click', () => openConversation(summary.id));
    item.append(
      open,
      iconButton('edit', `Rename ${summary.title}`, () => void act({ type: 'rename', conversationId: summary.id })),
      iconButton('trash', `Delete ${summary.title}`, () => void act({ type: 'delete', conversationId: summary.id })),
    );
    list.appendChild(item);
  }
  historyPanel.appendChild(list);
}

function renderTranscript(): void {
  const atBottom = transcript.scrollHeight - transcript.scrollTop - transcript.clientHeight < 40;
  transcript.replaceChildren();
  const conversation = state.conversation;
  if (!conversation || (!conversation.turns.length && !conversation.pending)) {
    const empty = el('div');
    empty.className = 'empty';
    empty.append(codicon('sparkle'), el('p', 'Describe an image to start a conversation. Then ask for changes: each answer builds on the last, and every image is saved into your workspace.'));
    const tips = el('ul');
    for (const tip of ['Attach reference images with the paperclip, by pasting, or Shift+drag from the Explorer.', 'Up recalls your last prompt; Escape stops a running request.']) tips.appendChild(el('li', tip));
    empty.appendChild(tips);
    transcript.appendChild(empty);
  } else {
    for (const turn of conversation.turns) transcript.appendChild(renderTurn(turn));
    if (conversation.pending) transcript.appendChild(renderPending(conversation.pending, conversation.id));
  }
  if (state.scrollTop !== null) {
    transcript.scrollTop = state.scrollTop;
    state.scrollTop = null;
  } else if (atBottom || isRunning()) {
    transcript.scrollTop = transcript.scrollHeight;
  }
}

function userMessage(prompt: string, attachments: ImageView[]): HTMLElement {
  const message = el('div');
  message.className = 'message user';
  const who = el('div', 'You');
  who.className = 'who';
  const text = el('p', prompt);
  text.className = 'prompt-text';
  message.append(who, text);
  if (attachments.length) {
    const thumbs = el('div');
    thumbs.className = 'thumbs';
    for (const image of attachments) thumbs.appendChild(imageElement(image, 'thumb'));
    message.appendChild(thumbs);
  }
  return message;
}

function imageElement(image: ImageView, className: string): HTMLImageElement {
  const img = el('img');
  img.className = className;
  img.src = image.src;
  img.alt = image.alt;
  img.loading = 'lazy';
  if (image.width && image.height) {
    img.width = image.width;
    img.height = image.height;
  }
  return img;
}

function renderTurn(turn: TurnView): HTMLElement {
  const article = el('article');
  article.className = 'turn';
  article.setAttribute('aria-label', `Turn ${turn.turn}`);
  article.dataset.turn = String(turn.turn);
  article.appendChild(userMessage(turn.prompt, turn.attachments));
  const answer = el('div');
  answer.className = 'message model';
  const who = el('div', `Gemini · ${turn.settingsLabel}`);
  who.className = 'who';
  answer.appendChild(who);
  if (turn.thoughts || turn.thoughtImages.length) {
    const details = el('details');
    details.className = 'thinking';
    const summary = el('summary', 'Thinking');
    details.appendChild(summary);
    if (turn.thoughts) {
      const body = el('div');
      body.className = 'markdown';
      body.appendChild(renderMarkdown(turn.thoughts, openLink));
      details.appendChild(body);
    }
    if (turn.thoughtImages.length) {
      const drafts = el('div');
      drafts.className = 'thumbs';
      for (const image of turn.thoughtImages) drafts.appendChild(imageElement(image, 'thumb'));
      details.appendChild(drafts);
    }
    answer.appendChild(details);
  }
  if (turn.text) {
    const body = el('div');
    body.className = 'markdown';
    body.appendChild(renderMarkdown(turn.text, openLink));
    answer.appendChild(body);
  }
  for (const image of turn.images) answer.appendChild(renderResult(image));
  if (turn.grounding) answer.appendChild(renderGrounding(turn.grounding));
  article.appendChild(answer);
  return article;
}

const ACTIONS: Array<{ action: ImageAction; icon: string; label: string }> = [
  { action: 'open', icon: 'go-to-file', label: 'Open' },
  { action: 'reveal', icon: 'folder-opened', label: 'Reveal in Explorer' },
  { action: 'copyPath', icon: 'copy', label: 'Copy Path' },
  { action: 'insertLink', icon: 'markdown', label: 'Insert Markdown Link' },
  { action: 'useAsReference', icon: 'attach', label: 'Use as Reference' },
  { action: 'editInNewChat', icon: 'comment-discussion', label: 'Edit in New Chat' },
];

function renderResult(image: ImageView): HTMLElement {
  const figure = el('figure');
  figure.className = 'result';
  const img = imageElement(image, 'result-image');
  figure.appendChild(img);
  if (image.path) {
    const path = image.path;
    img.tabIndex = 0;
    img.title = `Open ${path}`;
    img.addEventListener('click', () => void act({ type: 'imageAction', action: 'open', path }));
    img.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        void act({ type: 'imageAction', action: 'open', path });
      }
    });
    const caption = el('figcaption', path);
    caption.title = path;
    const toolbar = el('div');
    toolbar.className = 'image-actions';
    toolbar.setAttribute('role', 'toolbar');
    toolbar.setAttribute('aria-label', `Actions for ${path}`);
    for (const { action, icon, label } of ACTIONS) {
      toolbar.appendChild(iconButton(icon, label, () => void act({ type: 'imageAction', action, path })));
    }
    figure.append(caption, toolbar);
  }
  return figure;
}

function renderGrounding(grounding: NonNullable<TurnView['grounding']>): HTMLElement {
  const section = el('div');
  section.className = 'grounding';
  if (grounding.sources.length) {
    const heading = el('div', 'Sources');
    heading.className = 'grounding-heading';
    const list = el('ol');
    for (const source of grounding.sources) {
      const li = el('li');
      li.appendChild(link(source.title, source.uri, openLink));
      list.appendChild(li);
    }
    section.append(heading, list);
  }
  const suggestions = searchSuggestions(grounding.searchEntryPoint, grounding.queries);
  if (suggestions.length) {
    const heading = el('div');
    heading.className = 'grounding-heading';
    heading.append(codicon('search'), document.createTextNode(' Google Search suggestions'));
    const chips = el('div');
    chips.className = 'chips';
    for (const { label, url } of suggestions) {
      const chip = link(label, url, openLink);
      chip.classList.add('chip');
      chips.appendChild(chip);
    }
    section.append(heading, chips);
  }
  return section;
}

/**
 * The links of the search entry point, read from an inert document (DOMParser runs no scripts and
 * loads nothing); shown as our own chips. Falls back to the search queries.
 */
function searchSuggestions(html: string | null, queries: string[]): Array<{ label: string; url: string }> {
  const found: Array<{ label: string; url: string }> = [];
  if (html) {
    const doc = new DOMParser().parseFromString(html, 'text/html');
    for (const a of Array.from(doc.querySelectorAll('a[href]'))) {
      const url = a.getAttribute('href') ?? '';
      const label = (a.textContent ?? '').replace(/\s+/g, ' ').trim();
      if (/^https:\/\//i.test(url) && label) found.push({ label, url });
    }
  }
  if (!found.length) {
    for (const query of queries) found.push({ label: query, url: `https://www.google.com/search?q=${encodeURIComponent(query)}` });
  }
  return found.slice(0, 20);
}

function renderPending(pending: PendingView, conversationId: string): HTMLElement {
  const article = el('article');
  article.className = 'turn pending';
  article.appendChild(userMessage(pending.prompt, pending.attachments));
  const answer = el('div');
  answer.className = 'message model';
  if (pending.running) {
    const status = el('div');
    status.className = 'status';
    status.setAttribute('role', 'status');
    const spinner = codicon('loading');
    spinner.classList.add('codicon-modifier-spin');
    status.append(spinner, el('span', pending.progress ?? 'Generating…'));
    answer.appendChild(status);
  } else if (pending.error) {
    const error = el('div');
    error.className = pending.error.code === 'cancelled' ? 'turn-error stopped' : 'turn-error';
    error.setAttribute('role', 'alert');
    error.append(codicon(pending.error.code === 'cancelled' ? 'debug-stop' : 'error'), el('span', pending.error.message));
    const buttons = el('div');
    buttons.className = 'error-actions';
    for (const action of pending.error.actions) buttons.appendChild(errorButton(action, pending, conversationId));
    error.appendChild(buttons);
    answer.appendChild(error);
  }
  article.appendChild(answer);
  return article;
}

const ERROR_LABELS: Record<ErrorAction, [string, string]> = {
  retry: ['Retry', 'refresh'],
  edit: ['Edit Prompt', 'edit'],
  setApiKey: ['Set API Key', 'key'],
  openSettings: ['Open Settings', 'settings-gear'],
  showLog: ['Show Log', 'output'],
};

function errorButton(action: ErrorAction, pending: PendingView, conversationId: string): HTMLButtonElement {
  const [label, icon] = ERROR_LABELS[action];
  const button = el('button', label);
  button.type = 'button';
  button.className = action === 'retry' ? 'primary' : 'secondary';
  button.prepend(codicon(icon));
  button.addEventListener('click', () => {
    switch (action) {
      case 'retry':
        void retry(conversationId);
        return;
      case 'edit':
        promptBox.value = pending.prompt;
        state.draft = pending.prompt;
        persist();
        void act({ type: 'discardPending', conversationId });
        promptBox.focus();
        return;
      default:
        void act({ type: 'errorAction', action });
    }
  });
  return button;
}

function renderSettings(): void {
  settingsRow.replaceChildren();
  const setup = state.setup;
  if (!setup) return;
  const settings = currentSettings();
  const model = modelOf(settings.model);
  const change = (changes: Partial<ChatSettings>) => {
    const next = normalizeSettings({ ...currentSettings(), ...changes });
    if (state.conversation) {
      state.conversation = { ...state.conversation, settings: next };
      void act({ type: 'updateSettings', conversationId: state.conversation.id, settings: next });
    } else {
      state.draftSettings = next;
      persist();
    }
    renderSettings();
    renderLimits();
  };
  settingsRow.appendChild(
    select('Model', setup.models.map((m) => [m.id, m.label]), settings.model, (value) => change({ model: value })),
  );
  settingsRow.appendChild(
    select('Aspect ratio', [['', 'Auto'], ...setup.aspectRatios.map((r) => [r, r] as [string, string])], settings.aspectRatio ?? '', (value) =>
      change({ aspectRatio: (value || null) as ChatSettings['aspectRatio'] }),
    ),
  );
  if (model?.supportsImageSize) {
    settingsRow.appendChild(
      select('Size', setup.imageSizes.map((s) => [s, s]), settings.imageSize ?? '1K', (value) => change({ imageSize: value as ChatSettings['imageSize'] })),
    );
  }
  if (model?.supportsGrounding) {
    const label = el('label');
    label.className = 'toggle';
    const box = el('input');
    box.type = 'checkbox';
    box.checked = settings.grounding;
    box.addEventListener('change', () => change({ grounding: box.checked }));
    label.append(box, document.createTextNode(' Google Search'));
    label.title = 'Ground answers in Google Search results (sources are shown with the answer)';
    settingsRow.appendChild(label);
  }
}

function normalizeSettings(settings: ChatSettings): ChatSettings {
  const model = modelOf(settings.model);
  return {
    ...settings,
    imageSize: model?.supportsImageSize ? (settings.imageSize ?? '1K') : null,
    grounding: model?.supportsGrounding ? settings.grounding : false,
  };
}

function select(label: string, options: Array<[string, string]>, value: string, onChange: (value: string) => void): HTMLElement {
  const wrapper = el('label');
  wrapper.className = 'setting';
  const caption = el('span', label);
  caption.className = 'visually-hidden';
  const control = el('select');
  control.title = label;
  for (const [id, text] of options) {
    const option = el('option', text);
    option.value = id;
    option.selected = id === value;
    control.appendChild(option);
  }
  control.addEventListener('change', () => onChange(control.value));
  wrapper.append(caption, control);
  return wrapper;
}

function renderAttachments(): void {
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

/** Shown before sending: how many images the model takes, and whether this turn goes past it. */
function renderLimits(): void {
  const model = modelOf(currentSettings().model);
  const used = (state.conversation?.turns ?? []).reduce((n, t) => n + t.attachments.length, 0);
  const count = state.attachments.length;
  if (!model || (count === 0 && used === 0)) {
    limitNote.textContent = '';
    limitNote.className = 'limit-note';
    sendButton.disabled = isRunning();
    return;
  }
  const total = used + count;
  limitNote.textContent = `${total} of ${model.maxImages} images`;
  limitNote.setAttribute('aria-label', `${count} attached now, ${used} sent earlier; ${model.label} accepts ${model.maxImages} in a conversation`);
  limitNote.className = total > model.maxImages ? 'limit-note over' : total > model.recommendedImages ? 'limit-note warn' : 'limit-note';
  limitNote.title =
    total > model.maxImages
      ? `${model.label} accepts at most ${model.maxImages} images in a conversation: remove some, or start a new chat.`
      : total > model.recommendedImages
        ? `${model.label} works best with up to ${model.recommendedImages} images.`
        : `${count} attached now, ${used} sent earlier in this conversation.`;
  sendButton.disabled = isRunning() || total > model.maxImages;
}

function renderComposerState(): void {
  const running = isRunning();
  stopButton.hidden = !running;
  sendButton.hidden = running;
  renderLimits();
}

function renderAll(): void {
  renderHeader();
  renderHistory();
  renderSettings();
  renderAttachments();
  renderTranscript();
  renderComposerState();
}

// ---- actions ----

function openLink(url: string): void {
  void act({ type: 'openLink', url });
}

function toggleHistory(): void {
  state.historyOpen = !state.historyOpen;
  persist();
  renderHeader();
  renderHistory();
}

function openConversation(id: string): void {
  state.conversationId = id;
  state.historyOpen = false;
  persist();
  void act({ type: 'open', conversationId: id });
  renderHistory();
}

function newChat(attachments: AttachmentView[]): void {
  state.conversationId = null;
  state.conversation = null;
  state.draftSettings = normalizeSettings({ ...(state.setup?.defaults ?? currentSettings()) });
  state.attachments = attachments;
  state.historyOpen = false;
  persist();
  void act({ type: 'open', conversationId: null });
  renderAll();
  promptBox.focus();
}

async function send(): Promise<void> {
  const prompt = promptBox.value;
  if (!prompt.trim() || isRunning() || sendButton.disabled) return;
  const attachments = state.attachments;
  const settings = currentSettings();
  state.promptHistory = [...state.promptHistory.filter((p) => p !== prompt), prompt].slice(-50);
  state.recallIndex = -1;
  promptBox.value = '';
  state.draft = '';
  state.attachments = [];
  showBanner(null);
  persist();
  renderAttachments();
  renderLimits();
  const reply = await request({
    type: 'send',
    conversationId: state.conversation?.id ?? null,
    prompt,
    attachments: attachments.map((a) => a.path),
    settings,
  });
  if (reply.conversationId) state.conversationId = reply.conversationId;
  if (reply.error) {
    // Nothing typed is lost: the prompt and its images come back, ready to edit or send again.
    if (!promptBox.value.trim()) {
      promptBox.value = prompt;
      state.draft = prompt;
      state.attachments = attachments;
      renderAttachments();
      renderLimits();
    }
    const shownInline = state.conversation?.pending?.error;
    if (!shownInline && reply.error.code !== 'cancelled') showBanner(reply.error.message);
    persist();
  }
}

async function retry(conversationId: string): Promise<void> {
  showBanner(null);
  await request({ type: 'retry', conversationId });
}

function stop(): void {
  const id = state.conversation?.id;
  if (id && isRunning()) void act({ type: 'stop', conversationId: id });
}

// ---- keyboard, paste, drop ----

promptBox.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    void send();
  } else if (event.key === 'Escape' && isRunning()) {
    event.preventDefault();
    stop();
  } else if (event.key === 'ArrowUp' && state.promptHistory.length && (promptBox.value === '' || state.recallIndex >= 0) && promptBox.selectionStart === 0) {
    event.preventDefault();
    state.recallIndex = state.recallIndex < 0 ? state.promptHistory.length - 1 : Math.max(0, state.recallIndex - 1);
    promptBox.value = state.promptHistory[state.recallIndex];
  } else if (event.key === 'ArrowDown' && state.recallIndex >= 0 && promptBox.selectionEnd === promptBox.value.length) {
    event.preventDefault();
    state.recallIndex++;
    if (state.recallIndex >= state.promptHistory.length) {
      state.recallIndex = -1;
      promptBox.value = '';
    } else {
      promptBox.value = state.promptHistory[state.recallIndex];
    }
  }
});

document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && isRunning() && event.target !== promptBox) stop();
});

promptBox.addEventListener('input', () => {
  state.draft = promptBox.value;
  if (state.recallIndex >= 0 && promptBox.value !== state.promptHistory[state.recallIndex]) state.recallIndex = -1;
  persist();
});

transcript.addEventListener('scroll', () => {
  window.clearTimeout(scrollTimer);
  scrollTimer = window.setTimeout(persist, 200);
});
let scrollTimer = 0;

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

function announceChange(before: ConversationView | null, after: ConversationView | null): void {
  if (!after || before?.id !== after.id) return;
  const newTurns = after.turns.length - before.turns.length;
  if (newTurns > 0) {
    const turn = after.turns[after.turns.length - 1];
    const saved = turn.images.map((i) => i.path).filter(Boolean);
    announce(saved.length ? `Answer received; saved ${saved.join(', ')}.` : 'Answer received.');
  } else if (after.pending?.error && !before.pending?.error) {
    announce(after.pending.error.code === 'cancelled' ? 'Stopped.' : `Failed: ${after.pending.error.message}`);
  } else if (after.pending?.running && !before.pending?.running) {
    announce('Generating…');
  }
}

// ---- messages from the host ----

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const message = event.data;
  switch (message.type) {
    case 'setup':
      state.setup = message.setup;
      if (!state.draftSettings) state.draftSettings = normalizeSettings({ ...message.setup.defaults });
      renderSettings();
      renderLimits();
      return;
    case 'conversations':
      state.conversations = message.conversations;
      renderHistory();
      return;
    case 'conversation':
      announceChange(state.conversation, message.conversation);
      state.conversation = message.conversation;
      state.conversationId = message.conversation?.id ?? null;
      persist();
      renderHeader();
      renderHistory();
      renderSettings();
      renderTranscript();
      renderComposerState();
      return;
    case 'attachments': {
      const known = new Set(state.attachments.map((a) => a.path));
      state.attachments = [...state.attachments, ...message.attachments.filter((a) => !known.has(a.path))];
      persist();
      renderAttachments();
      renderLimits();
      return;
    }
    case 'newChat':
      newChat(message.attachments);
      return;
    case 'toggleHistory':
      toggleHistory();
      return;
    case 'focusPrompt':
      promptBox.focus();
      return;
    case 'reply': {
      const resolve = waiting.get(message.requestId);
      waiting.delete(message.requestId);
      resolve?.(message);
      return;
    }
  }
});

renderAll();
vscode.postMessage({ type: 'ready', conversationId: state.conversationId });
