/** Images in the transcript: thumbnails, and generated results with their action toolbar. */
import type { ImageAction, ImageView } from '../../src/views/chat/protocol';
import { act } from './banner';
import { iconButton } from './icons';
import { el } from './markdown';

export function imageElement(image: ImageView, className: string): HTMLImageElement {
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

const ACTIONS: Array<{ action: ImageAction; icon: string; label: string }> = [
  { action: 'open', icon: 'go-to-file', label: 'Open' },
  { action: 'reveal', icon: 'folder-opened', label: 'Reveal in Explorer' },
  { action: 'copyPath', icon: 'copy', label: 'Copy Path' },
  { action: 'insertLink', icon: 'markdown', label: 'Insert Markdown Link' },
  { action: 'useAsReference', icon: 'attach', label: 'Use as Reference' },
  { action: 'editInNewChat', icon: 'comment-discussion', label: 'Edit in New Chat' },
];

export function renderResult(image: ImageView): HTMLElement {
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
