/** Images in the transcript: thumbnails, and generated results with their action toolbar. */
import type { ImageAction, ImageView } from '../../src/views/chat/protocol';
import { activatable, el } from '../shared/dom';
import { imageActionToolbar, imageElement, sharedActionButtons, type ImageActionButton } from '../shared/images';
import { act } from './banner';

export { imageElement } from '../shared/images';

const ACTIONS: Array<ImageActionButton<ImageAction>> = [
  ...sharedActionButtons(['open', 'reveal', 'copyPath'] as const),
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
    activatable(img, `Open ${path}`, () => void act({ type: 'imageAction', action: 'open', path }));
    const caption = el('figcaption', path);
    caption.title = path;
    figure.append(caption, imageActionToolbar(path, ACTIONS, (action) => void act({ type: 'imageAction', action, path })));
  }
  return figure;
}
