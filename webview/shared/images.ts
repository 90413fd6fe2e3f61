/** Images and the action toolbars under them, the same in every Pictor webview. */
import type { ImageView, SharedImageAction } from '../../src/views/shared/protocol';
import { el, iconButton } from './dom';

export interface ImageActionButton<A extends string> {
  action: A;
  icon: string;
  label: string;
}

/** How the actions every view shares look, so they read the same in each. */
export const SHARED_ACTION_BUTTONS: Record<SharedImageAction, { icon: string; label: string }> = {
  open: { icon: 'go-to-file', label: 'Open' },
  reveal: { icon: 'folder-opened', label: 'Reveal in Explorer' },
  copyPath: { icon: 'copy', label: 'Copy Path' },
  copyMarkdownLink: { icon: 'markdown', label: 'Copy Markdown Link' },
  insertLink: { icon: 'insert', label: 'Insert at Cursor' },
  edit: { icon: 'edit', label: 'Edit…' },
  variations: { icon: 'versions', label: 'Variations' },
  continueInChat: { icon: 'comment-discussion', label: 'Continue in Chat' },
};

/** Buttons for shared actions, in the order given. */
export function sharedActionButtons<A extends SharedImageAction>(actions: readonly A[]): Array<ImageActionButton<A>> {
  return actions.map((action) => ({ action, ...SHARED_ACTION_BUTTONS[action] }));
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
