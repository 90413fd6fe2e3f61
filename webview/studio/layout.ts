/** The panel's skeleton, built once: two tabs (Design and Gallery), a banner, a live region. */
import { el } from '../shared/dom';
import './elements';

export const app = document.getElementById('app')!;

export const tabs = document.createElement('vscode-tabs') as HTMLElement & { selectedIndex: number };
const designHeader = document.createElement('vscode-tab-header');
designHeader.setAttribute('slot', 'header');
designHeader.id = 'tab-design';
designHeader.textContent = 'Design';
const galleryHeader = document.createElement('vscode-tab-header');
galleryHeader.setAttribute('slot', 'header');
galleryHeader.id = 'tab-gallery';
galleryHeader.textContent = 'Gallery';
const designPanel = document.createElement('vscode-tab-panel');
const galleryPanel = document.createElement('vscode-tab-panel');
tabs.append(designHeader, designPanel, galleryHeader, galleryPanel);

export const bannerEl = el('div');
bannerEl.className = 'banner';
bannerEl.setAttribute('role', 'alert');
bannerEl.hidden = true;

/** Polite announcements for screen readers (a variant arrived, a run finished). */
export const announcer = el('div');
announcer.className = 'visually-hidden';
announcer.setAttribute('role', 'status');
announcer.setAttribute('aria-live', 'polite');

export const design = el('div');
design.className = 'design';
export const formColumn = el('section');
formColumn.className = 'form-column';
formColumn.setAttribute('aria-label', 'What to make');
export const resultsColumn = el('section');
resultsColumn.className = 'results-column';
resultsColumn.setAttribute('aria-label', 'Results');
design.append(formColumn, resultsColumn);
designPanel.append(design);

export const galleryRoot = el('div');
galleryRoot.className = 'gallery';
galleryPanel.append(galleryRoot);

app.append(bannerEl, tabs, announcer);

export function announce(text: string): void {
  announcer.textContent = text;
}
