/** DOM helpers every Pictor webview builds with: text only through textContent, icons always labelled. */

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A structural element with its class and, for a landmark or region, its accessible name. */
export function part<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, ariaLabel?: string): HTMLElementTagNameMap[K] {
  const node = el(tag);
  node.className = className;
  if (ariaLabel) node.setAttribute('aria-label', ariaLabel);
  return node;
}

export function codicon(name: string): HTMLElement {
  const span = el('span');
  span.className = `codicon codicon-${name}`;
  span.setAttribute('aria-hidden', 'true');
  return span;
}

/** An icon-only button; its label is the tooltip and what screen readers say. */
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

/** A button with an icon and its label as text (`primary` or `secondary` look). */
export function textButton(icon: string, label: string, look: 'primary' | 'secondary', onClick: () => void): HTMLButtonElement {
  const button = el('button', label);
  button.type = 'button';
  button.className = look;
  button.prepend(codicon(icon));
  button.addEventListener('click', onClick);
  return button;
}

/** Makes a non-button element act like one for the keyboard (Enter and Space). */
export function activatable(element: HTMLElement, label: string, onActivate: () => void): void {
  element.tabIndex = 0;
  element.title = label;
  element.setAttribute('role', 'button');
  element.setAttribute('aria-label', label);
  element.addEventListener('click', onActivate);
  element.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onActivate();
    }
  });
}

export type LinkHandler = (url: string) => void;

/** Only http(s) links become clickable; the host opens them (with VS Code's own confirmation). */
export function link(label: string | readonly Node[], url: string, onLink: LinkHandler): HTMLElement {
  const web = /^https?:\/\//i.test(url);
  const node = el(web ? 'a' : 'span');
  if (typeof label === 'string') node.textContent = label;
  else node.append(...label);
  if (!web) return node;
  node.setAttribute('href', '#');
  node.title = url;
  node.addEventListener('click', (event) => {
    event.preventDefault();
    onLink(url);
  });
  return node;
}
