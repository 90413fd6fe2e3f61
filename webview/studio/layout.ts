/** The panel's skeleton, built once: two tabs (Design and Gallery), a banner, a live region. */
import { part } from '../shared/dom';
import { createAnnouncer, createBanner } from '../shared/regions';
import './elements';

export const app = document.getElementById('app')!;

export const tabs = document.createElement('vscode-tabs') as HTMLElement & { selectedIndex: number };
const designHeader = document.createElement('vscode-tab-header');
designHeader.setAttribute('slot', 'header');
designHeader.dataset.tab = 'design';
designHeader.textContent = 'Design';
const galleryHeader = document.createElement('vscode-tab-header');
galleryHeader.setAttribute('slot', 'header');
galleryHeader.dataset.tab = 'gallery';
galleryHeader.textContent = 'Gallery';
const designPanel = document.createElement('vscode-tab-panel');
const galleryPanel = document.createElement('vscode-tab-panel');
tabs.append(designHeader, designPanel, galleryHeader, galleryPanel);

export const bannerEl = createBanner();

/** Polite announcements for screen readers (a variant arrived, a run finished). */
export const announcer = createAnnouncer();

export const design = part('div', 'design');
export const formColumn = part('section', 'form-column', 'What to make');
export const resultsColumn = part('section', 'results-column', 'Results');
design.append(formColumn, resultsColumn);
designPanel.append(design);

export const galleryRoot = part('div', 'gallery');
galleryPanel.append(galleryRoot);

app.append(bannerEl, tabs, announcer);

export function announce(text: string): void {
  announcer.textContent = text;
}
