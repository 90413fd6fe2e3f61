/**
 * The sources and Google Search suggestions shown with a grounded answer (chat turns, Studio variants).
 *
 * The search entry point arrives as HTML + CSS (`searchEntryPoint.renderedContent`) that Google's terms ask
 * to show, with chips taking the user straight to the Google Search results page
 * (ai.google.dev/gemini-api/docs/grounding/search-suggestions, read 2026-11-30). Pictor never puts that
 * HTML into a webview's DOM: the strict CSP (no inline styles) would strip its styling anyway, and a frame
 * with it could navigate or open windows around the host's link check. Its links are read from an inert
 * document and shown as our own chips, each opening the results page through the host like every link.
 */
import type { Grounding } from '../../src/core/grounding';
import { codicon, el, link, type LinkHandler } from './dom';

/** The grounding section: numbered source links, then the search suggestions as chips. */
export function renderGrounding(grounding: Grounding, onLink: LinkHandler): HTMLElement {
  const section = el('div');
  section.className = 'grounding';
  section.setAttribute('role', 'group');
  section.setAttribute('aria-label', 'Google Search grounding');
  if (grounding.sources.length) {
    const heading = el('div', 'Sources');
    heading.className = 'grounding-heading';
    const list = el('ol');
    list.className = 'grounding-sources';
    for (const source of grounding.sources) {
      const li = el('li');
      li.appendChild(link(source.title, source.uri, onLink));
      list.appendChild(li);
    }
    section.append(heading, list);
  }
  const suggestions = searchSuggestions(grounding.searchEntryPoint, grounding.queries);
  if (suggestions.length) {
    const heading = el('div');
    heading.className = 'grounding-heading';
    heading.append(codicon('search'), document.createTextNode(' Google Search suggestions'));
    const chips = el('div');
    chips.className = 'chips';
    for (const { label, url } of suggestions) {
      const chip = link(label, url, onLink);
      chip.classList.add('chip');
      chips.appendChild(chip);
    }
    section.append(heading, chips);
  }
  return section;
}

/**
 * The links of the search entry point, read from an inert document (DOMParser runs no scripts and
 * loads nothing); shown as our own chips. Falls back to the search queries.
 */
function searchSuggestions(html: string | null, queries: readonly string[]): Array<{ label: string; url: string }> {
  const found: Array<{ label: string; url: string }> = [];
  if (html) {
    const doc = new DOMParser().parseFromString(html, 'text/html');
    for (const a of Array.from(doc.querySelectorAll('a[href]'))) {
      const url = a.getAttribute('href') ?? '';
      const label = (a.textContent ?? '').replace(/\s+/g, ' ').trim();
      if (/^https:\/\//i.test(url) && label) found.push({ label, url });
    }
  }
  if (!found.length) {
    for (const query of queries) found.push({ label: query, url: `https://www.google.com/search?q=${encodeURIComponent(query)}` });
  }
  return found.slice(0, 20);
}
