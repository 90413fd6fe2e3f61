/**
 * Compare: an image against its parent or another image, side by side or with a slider that reveals
 * one over the other. A modal dialog (Escape closes it; the focus stays inside).
 */
import type { ResultView } from '../../src/views/studio/protocol';
import { el, iconButton } from '../shared/dom';
import { imageElement } from '../shared/images';
import { select } from './elements';
import { field } from './elements';
import { app } from './layout';

type Candidate = { path: string; src: string; label: string };

export function openCompare(image: ResultView, others: ResultView[]): void {
  const candidates: Candidate[] = [
    ...(image.parent ? [{ ...image.parent, label: `Parent: ${image.parent.path}` }] : []),
    ...others.map((o) => ({ path: o.path, src: o.src, label: o.path })),
  ];
  const dialog = el('dialog');
  dialog.className = 'compare';
  dialog.setAttribute('aria-label', `Compare ${image.path}`);
  const header = el('div');
  header.className = 'compare-header';
  const title = el('h2', `Compare ${image.path.split('/').pop()}`);
  header.append(title, iconButton('close', 'Close', () => dialog.close()));
  dialog.append(header);
  if (!candidates.length) {
    dialog.append(el('p', 'There is nothing to compare with yet: no parent image and no other variant.'));
  } else {
    let other = candidates[0]!;
    let mode: 'side' | 'slider' = 'side';
    const stage = el('div');
    const render = () => {
      stage.replaceChildren(mode === 'side' ? sideBySide(image, other) : slider(image, other));
    };
    const controls = el('div');
    controls.className = 'options-row';
    controls.append(
      field('compare-with', 'Compare with', select(candidates.map((c) => ({ value: c.path, label: c.label })), other.path, (v) => {
        other = candidates.find((c) => c.path === v) ?? other;
        render();
      })),
      field('compare-mode', 'View', select([{ value: 'side', label: 'Side by side' }, { value: 'slider', label: 'Slider' }], mode, (v) => {
        mode = v === 'slider' ? 'slider' : 'side';
        render();
      })),
    );
    dialog.append(controls, stage);
    render();
  }
  dialog.addEventListener('close', () => dialog.remove());
  app.append(dialog);
  dialog.showModal();
}

function labelled(src: string, path: string): HTMLElement {
  const figure = el('figure');
  figure.append(imageElement({ src, alt: path, width: null, height: null }, 'compare-image'), el('figcaption', path));
  return figure;
}

function sideBySide(image: ResultView, other: Candidate): HTMLElement {
  const row = el('div');
  row.className = 'compare-side';
  row.append(labelled(image.src, image.path), labelled(other.src, other.path));
  return row;
}

function slider(image: ResultView, other: Candidate): HTMLElement {
  const box = el('div');
  box.className = 'compare-slider';
  const under = imageElement({ src: other.src, alt: other.path, width: null, height: null }, 'compare-image');
  const over = imageElement({ src: image.src, alt: image.path, width: null, height: null }, 'compare-image over');
  const range = el('input');
  range.type = 'range';
  range.min = '0';
  range.max = '100';
  range.value = '50';
  range.setAttribute('aria-label', `How much of ${image.path} shows over ${other.path}`);
  const apply = () => over.style.setProperty('clip-path', `inset(0 ${100 - Number(range.value)}% 0 0)`);
  range.addEventListener('input', apply);
  apply();
  const stack = el('div');
  stack.className = 'compare-stack';
  stack.append(under, over);
  box.append(stack, range);
  return box;
}
