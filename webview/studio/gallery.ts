/**
 * The Gallery tab: every Pictor image of the workspace (`pictor.gallery.query` on the host), searched
 * and filtered, in a virtualized grid: only the rows in view exist as elements, pages of items are
 * fetched as they scroll into view, and each visible card asks for its thumbnail.
 */
import type { GalleryPage, GallerySearch, ResultView } from '../../src/views/studio/protocol';
import { el } from '../shared/dom';
import { act } from './banner';
import { resultCard } from './cards';
import { field, select, textField } from './elements';
import { galleryRoot } from './layout';

const PAGE = 120;
const CARD_WIDTH = 200;
const ROW_HEIGHT = 300;

const search: GallerySearch = { sort: 'newest', offset: 0, limit: PAGE };
let total = 0;
let generation = 0;
let items: Array<ResultView | undefined> = [];
const loadingPages = new Set<number>();
let facets: GalleryPage['facets'] = { models: [], presets: [], folders: [] };
let built = false;
let searchTimer: ReturnType<typeof setTimeout> | undefined;

const filters = el('div');
filters.className = 'gallery-filters options-row';
const summary = el('div');
summary.className = 'hint';
summary.setAttribute('aria-live', 'polite');
const scroller = el('div');
scroller.className = 'gallery-scroller';
scroller.tabIndex = 0;
scroller.setAttribute('aria-label', 'Gallery images');
const canvas = el('div');
canvas.className = 'gallery-canvas';
const windowGrid = el('div');
windowGrid.className = 'grid gallery-grid';
canvas.append(windowGrid);
scroller.append(canvas);

function option(values: string[], none: string): Array<{ value: string; label: string }> {
  return [{ value: '', label: none }, ...values.map((v) => ({ value: v, label: v }))];
}

function renderFilters(): void {
  const text = textField(search.text ?? '', (v) => {
    search.text = v;
    if (searchTimer) clearTimeout(searchTimer);
    searchTimer = setTimeout(() => void reload(), 200);
  }, { placeholder: 'Prompt or file name' });
  const set = (key: 'model' | 'preset' | 'folder') => (v: string) => {
    if (v) search[key] = v;
    else delete search[key];
    void reload();
  };
  filters.replaceChildren(
    field('gallery-search', 'Search', text),
    field('gallery-model', 'Model', select(option(facets.models, 'Any model'), search.model ?? '', set('model'))),
    field('gallery-preset', 'Preset', select(option(facets.presets, 'Any preset'), search.preset ?? '', set('preset'))),
    field('gallery-folder', 'Folder', select(option(facets.folders, 'Any folder'), search.folder ?? '', set('folder'))),
    field('gallery-date', 'Made', select([{ value: '', label: 'Any time' }, { value: '1', label: 'Today' }, { value: '7', label: 'Last 7 days' }, { value: '30', label: 'Last 30 days' }], String(search.withinDays ?? ''), (v) => {
      if (v) search.withinDays = Number(v);
      else delete search.withinDays;
      void reload();
    })),
    field('gallery-sort', 'Order', select([{ value: 'newest', label: 'Newest first' }, { value: 'oldest', label: 'Oldest first' }], search.sort, (v) => {
      search.sort = v === 'oldest' ? 'oldest' : 'newest';
      void reload();
    })),
  );
}

/** Shows the gallery (the first time: builds it and loads the first page). */
export function showGallery(): void {
  if (!built) {
    built = true;
    galleryRoot.append(filters, summary, scroller);
    renderFilters();
    scroller.addEventListener('scroll', () => renderWindow());
    new ResizeObserver(() => renderWindow()).observe(scroller);
    void reload();
  }
}

/** Something changed on disk: the gallery reloads if it was shown. */
export function galleryChanged(): void {
  if (built) void reload();
}

async function reload(): Promise<void> {
  generation++;
  items = [];
  loadingPages.clear();
  const hadFacets = facets.models.length + facets.presets.length + facets.folders.length;
  await loadPage(0);
  if (!hadFacets) renderFilters();
  renderWindow();
}

async function loadPage(page: number): Promise<void> {
  if (loadingPages.has(page)) return;
  loadingPages.add(page);
  const asked = generation;
  const result = (await act({ type: 'gallery', search: { ...search, offset: page * PAGE, limit: PAGE } })) as GalleryPage | undefined;
  if (!result || asked !== generation) return;
  total = result.total;
  facets = result.facets;
  result.items.forEach((item, i) => (items[page * PAGE + i] = item));
  summary.textContent = `${total} image${total === 1 ? '' : 's'}${result.problems ? ` · ${result.problems} sidecar${result.problems === 1 ? '' : 's'} could not be read (see the Assets view)` : ''}`;
  renderWindow();
}

function renderWindow(): void {
  const columns = Math.max(1, Math.floor(scroller.clientWidth / CARD_WIDTH));
  const rows = Math.ceil(total / columns);
  canvas.style.setProperty('height', `${rows * ROW_HEIGHT}px`);
  const firstRow = Math.max(0, Math.floor(scroller.scrollTop / ROW_HEIGHT) - 1);
  const lastRow = Math.min(rows, Math.ceil((scroller.scrollTop + scroller.clientHeight) / ROW_HEIGHT) + 1);
  windowGrid.style.setProperty('transform', `translateY(${firstRow * ROW_HEIGHT}px)`);
  windowGrid.style.setProperty('grid-template-columns', `repeat(${columns}, minmax(0, 1fr))`);
  const cards: HTMLElement[] = [];
  for (let index = firstRow * columns; index < Math.min(total, lastRow * columns); index++) {
    const item = items[index];
    if (!item) {
      void loadPage(Math.floor(index / PAGE));
      const placeholder = el('div');
      placeholder.className = 'card placeholder';
      cards.push(placeholder);
      continue;
    }
    cards.push(withThumbnail(resultCard(item, () => neighbours(index)), item));
  }
  windowGrid.replaceChildren(...cards);
}

/** Thumbnails asked for so far (path → webview URI); a card shows its thumbnail, not the full image. */
const thumbnails = new Map<string, Promise<string | undefined>>();

function withThumbnail(card: HTMLElement, item: ResultView): HTMLElement {
  const img = card.querySelector('img');
  if (!img) return card;
  // Only the thumbnail is loaded, never the full image (cards exist only for the rows in view).
  img.removeAttribute('src');
  let thumbnail = thumbnails.get(item.path);
  if (!thumbnail) {
    thumbnail = act({ type: 'thumbnail', path: item.path }) as Promise<string | undefined>;
    thumbnails.set(item.path, thumbnail);
  }
  void thumbnail.then((src) => {
    img.src = src ?? item.src;
  });
  return card;
}

/** What an image in the gallery can be compared with: the loaded images around it. */
function neighbours(index: number): ResultView[] {
  return items.slice(Math.max(0, index - 12), index + 13).filter((i): i is ResultView => !!i && i !== items[index]);
}
