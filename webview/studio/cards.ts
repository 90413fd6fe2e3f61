/** A saved image's card, the same in the results grid and the gallery: the image, its name, its actions. */
import type { ResultView, StudioImageAction } from '../../src/views/studio/protocol';
import { activatable, el } from '../shared/dom';
import { imageActionToolbar, imageElement, sharedActionButtons, type ImageActionButton } from '../shared/images';
import { act } from './banner';
import { openCompare } from './compare';

const ACTIONS: Array<ImageActionButton<StudioImageAction | 'compare'>> = [
  ...sharedActionButtons(['open', 'reveal', 'copyMarkdownLink', 'insertLink', 'edit', 'variations', 'continueInChat'] as const),
  { action: 'compare', icon: 'diff', label: 'Compare' },
];

/**
 * @param others images it can be compared with (its run's other variants, or gallery neighbours)
 * @param extra controls put before the toolbar (Keep/Discard on results)
 */
export function resultCard(result: ResultView, others: () => ResultView[], extra: HTMLElement[] = []): HTMLElement {
  const card = el('figure');
  card.className = 'card';
  card.dataset.path = result.path;
  const img = imageElement({ src: result.src, alt: result.prompt, width: result.width, height: result.height }, 'card-image');
  activatable(img, `Open ${result.path}`, () => void act({ type: 'imageAction', action: 'open', path: result.path }));
  const caption = el('figcaption');
  const name = el('span', result.path.split('/').pop() ?? result.path);
  name.className = 'card-name';
  name.title = result.path;
  const meta = el('span', [result.model, result.width && result.height ? `${result.width}×${result.height}` : ''].filter(Boolean).join(' · '));
  meta.className = 'card-meta';
  caption.append(name, meta);
  const toolbar = imageActionToolbar(result.path, ACTIONS, (action) => {
    if (action === 'compare') openCompare(result, others());
    else void act({ type: 'imageAction', action, path: result.path });
  });
  card.append(img, caption, ...extra, toolbar);
  return card;
}
