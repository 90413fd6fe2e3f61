/** Images and the action toolbars under them, the same in every Pictor webview. */
import type { ImageView } from '../../src/views/shared/protocol';
import { el, iconButton } from './dom';

export interface ImageActionButton<A extends string> {
  action: A;
  icon: string;
  label: string;
}

export function imageElement(image: Pick<ImageView, 'src' | 'alt' | 'width' | 'height'>, className: string): HTMLImageElement {
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

/** A labelled toolbar of icon buttons for one image (named by its path for screen readers). */
export function imageActionToolbar<A extends string>(path: string, buttons: ReadonlyArray<ImageActionButton<A>>, run: (action: A) => void): HTMLElement {
  const toolbar = el('div');
  toolbar.className = 'image-actions';
  toolbar.setAttribute('role', 'toolbar');
  toolbar.setAttribute('aria-label', `Actions for ${path}`);
  for (const { action, icon, label } of buttons) toolbar.appendChild(iconButton(icon, label, () => run(action)));
  return toolbar;
}
