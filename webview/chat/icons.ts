/** Codicons and the icon-only buttons built from them (always with a label for screen readers). */
import { el } from './markdown';

export function codicon(name: string): HTMLElement {
  const span = el('span');
  span.className = `codicon codicon-${name}`;
  span.setAttribute('aria-hidden', 'true');
  return span;
}

export function iconButton(icon: string, label: string, onClick: () => void): HTMLButtonElement {
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
