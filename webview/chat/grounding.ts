/** The sources and Google Search suggestions shown under a grounded answer. */
import type { TurnView } from '../../src/views/chat/protocol';
import { openLink } from './banner';
import { codicon, el } from '../shared/dom';
import { link } from './markdown';

export function renderGrounding(grounding: NonNullable<TurnView['grounding']>): HTMLElement {
  const section = el('div');
  section.className = 'grounding';
  if (grounding.sources.length) {
    const heading = el('div', 'Sources');
    heading.className = 'grounding-heading';
    const list = el('ol');
    for (const source of grounding.sources) {
      const li = el('li');
      li.appendChild(link(source.title, source.uri, openLink));
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
      const chip = link(label, url, openLink);
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
function searchSuggestions(html: string | null, queries: string[]): Array<{ label: string; url: string }> {
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
