/**
 * The results grid: a slot per variant from the moment Generate is pressed; each turns into its image
 * as soon as that request is saved (or into an error card), while the others keep running.
 */
import type { ErrorActionView } from '../../src/core/error-actions';
import type { Grounding } from '../../src/core/grounding';
import type { ResultView, StudioForm } from '../../src/views/studio/protocol';
import { codicon, el, textButton } from '../shared/dom';
import { renderGrounding } from '../shared/grounding';
import { act, showBanner } from './banner';
import { resultCard } from './cards';
import { setRunning } from './form';
import { request } from './host';
import { announce, resultsColumn } from './layout';
import { state, type VariantSlot } from './state';

let ticker: ReturnType<typeof setInterval> | undefined;

export async function startRun(form: StudioForm): Promise<void> {
  showBanner(null);
  const runId = ++state.runId;
  state.running = true;
  state.variants = Array.from({ length: form.variants }, (): VariantSlot => ({ status: 'running', startedAt: Date.now() }));
  setRunning(true);
  renderResults();
  ticker ??= setInterval(tickElapsed, 1000);
  announce(`Generating ${form.variants} variant${form.variants === 1 ? '' : 's'}…`);
  const reply = await request({ type: 'generate', runId, form });
  if (runId !== state.runId) return;
  state.running = false;
  setRunning(false);
  if (ticker) clearInterval(ticker);
  ticker = undefined;
  if (reply.error) {
    // Refused before any request (no key, an empty required field): no variant ran.
    state.variants = [];
    showBanner(reply.error.message);
  } else {
    const { saved } = reply.value as { saved: number; failed: number };
    announce(`Done: ${saved} of ${form.variants} saved.`);
  }
  renderResults();
}

export function cancelRun(): void {
  void act({ type: 'cancel', runId: state.runId });
}

export function variantSaved(runId: number, index: number, result: ResultView, grounding: Grounding | null): void {
  if (runId !== state.runId) return;
  state.variants[index] = { status: 'saved', result, kept: true, grounding };
  announce(`Variant ${index + 1} arrived: ${result.path}`);
  renderResults();
}

export function variantFailed(runId: number, index: number, error: { code: string; message: string; actions: ErrorActionView[] }): void {
  if (runId !== state.runId) return;
  state.variants[index] = { status: 'failed', ...error };
  renderResults();
}

function savedResults(): ResultView[] {
  return state.variants.flatMap((v) => (v.status === 'saved' ? [v.result] : []));
}

function tickElapsed(): void {
  for (const node of resultsColumn.querySelectorAll<HTMLElement>('[data-started]')) {
    node.textContent = `${Math.floor((Date.now() - Number(node.dataset.started)) / 1000)} s`;
  }
}

export function renderResults(): void {
  resultsColumn.replaceChildren();
  if (!state.variants.length) {
    const empty = el('div', 'Results appear here, each as soon as it is ready.');
    empty.className = 'empty';
    resultsColumn.append(empty);
    return;
  }
  const grid = el('div');
  grid.className = 'grid results-grid';
  state.variants.forEach((slot, index) => grid.append(slotCard(slot, index)));
  resultsColumn.append(grid);
}

function slotCard(slot: VariantSlot, index: number): HTMLElement {
  const label = `Variant ${index + 1}`;
  switch (slot.status) {
    case 'running': {
      const card = el('div');
      card.className = 'card placeholder';
      card.setAttribute('aria-label', `${label}: generating`);
      const elapsed = el('span', `${Math.floor((Date.now() - slot.startedAt) / 1000)} s`);
      elapsed.dataset.started = String(slot.startedAt);
      card.append(codicon('loading'), el('span', `${label}: generating… `), elapsed);
      card.firstElementChild?.classList.add('codicon-modifier-spin');
      return card;
    }
    case 'failed': {
      const card = el('div');
      card.className = slot.code === 'cancelled' ? 'card error-card stopped' : 'card error-card';
      card.setAttribute('role', 'group');
      card.setAttribute('aria-label', `${label}: failed`);
      card.append(codicon(slot.code === 'cancelled' ? 'debug-stop' : 'error'), el('span', slot.code === 'cancelled' ? `${label}: cancelled.` : `${label}: ${slot.message}`));
      for (const action of slot.actions) {
        card.append(textButton(action.icon, action.label, 'secondary', () => void act({ type: 'errorAction', runId: state.runId, index, action: action.id })));
      }
      return card;
    }
    case 'discarded': {
      const card = el('div', `${label}: discarded (${slot.path}).`);
      card.className = 'card discarded';
      return card;
    }
    case 'saved': {
      const card = resultCard(slot.result, () => savedResults().filter((r) => r.path !== slot.result.path), [keepOrDiscard(slot, index)]);
      if (slot.grounding) card.append(renderGrounding(slot.grounding, (url) => void act({ type: 'openLink', url })));
      return card;
    }
  }
}

/** Keep is the default; Discard moves the image and its sidecar to the trash. */
function keepOrDiscard(slot: Extract<VariantSlot, { status: 'saved' }>, index: number): HTMLElement {
  const row = el('div');
  row.className = 'keep-row';
  row.setAttribute('role', 'group');
  row.setAttribute('aria-label', `Keep or discard variant ${index + 1}`);
  const keep = textButton('check', 'Keep', slot.kept ? 'primary' : 'secondary', () => {
    slot.kept = true;
    renderResults();
  });
  keep.setAttribute('aria-pressed', String(slot.kept));
  const discard = textButton('trash', 'Discard', 'secondary', async () => {
    const removed = await act({ type: 'imageAction', action: 'discard', path: slot.result.path });
    if (removed === undefined) return;
    state.variants[index] = { status: 'discarded', path: slot.result.path };
    announce(`Discarded ${slot.result.path}.`);
    renderResults();
  });
  discard.classList.add('discard');
  row.append(keep, discard);
  return row;
}
