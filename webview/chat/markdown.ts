/**
 * A small Markdown subset rendered by building DOM nodes with `textContent` only: model text can
 * never become live HTML, whatever it contains. Covers what image models write: paragraphs,
 * headings, lists, fenced and inline code, bold, italics and links (which open through the host).
 */

export type LinkHandler = (url: string) => void;

export function renderMarkdown(text: string, onLink: LinkHandler): DocumentFragment {
  const fragment = document.createDocumentFragment();
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (!line.trim()) {
      i++;
      continue;
    }
    const fence = /^\s*(```|~~~)/.exec(line);
    if (fence) {
      const code: string[] = [];
      i++;
      while (i < lines.length && !lines[i].trimStart().startsWith(fence[1])) code.push(lines[i++]);
      i++;
      const pre = el('pre');
      pre.appendChild(el('code', code.join('\n')));
      fragment.appendChild(pre);
      continue;
    }
    const heading = /^\s{0,3}(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      const h = el('p');
      h.className = `md-heading md-h${heading[1].length}`;
      h.setAttribute('role', 'heading');
      h.setAttribute('aria-level', String(Math.min(6, heading[1].length + 2)));
      appendInline(h, heading[2].replace(/\s#+\s*$/, ''), onLink);
      fragment.appendChild(h);
      i++;
      continue;
    }
    const item = /^\s*([-*+]|\d{1,3}[.)])\s+/;
    if (item.test(line)) {
      const ordered = /^\s*\d/.test(line);
      const list = el(ordered ? 'ol' : 'ul');
      while (i < lines.length && item.test(lines[i])) {
        const li = el('li');
        let content = lines[i].replace(item, '');
        i++;
        // Continuation lines (indented, not a new item) belong to the item.
        while (i < lines.length && lines[i].trim() && !item.test(lines[i]) && /^\s+/.test(lines[i])) content += ` ${lines[i++].trim()}`;
        appendInline(li, content, onLink);
        list.appendChild(li);
      }
      fragment.appendChild(list);
      continue;
    }
    const paragraph: string[] = [];
    while (i < lines.length && lines[i].trim() && !item.test(lines[i]) && !/^\s*(```|~~~|#{1,6}\s)/.test(lines[i])) paragraph.push(lines[i++].trim());
    const p = el('p');
    appendInline(p, paragraph.join('\n'), onLink);
    fragment.appendChild(p);
  }
  return fragment;
}

const INLINE = /(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)|\*\*([^*]+?)\*\*|__([^_]+?)__|\*([^*\s][^*]*?)\*|_([^_\s][^_]*?)_|\[([^\]]+)\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g;

function appendInline(parent: HTMLElement, text: string, onLink: LinkHandler): void {
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    const index = match.index ?? 0;
    if (index > last) appendText(parent, text.slice(last, index));
    if (match[2] !== undefined) parent.appendChild(el('code', match[2]));
    else if (match[3] !== undefined || match[4] !== undefined) {
      const strong = el('strong');
      appendInline(strong, match[3] ?? match[4], onLink);
      parent.appendChild(strong);
    } else if (match[5] !== undefined || match[6] !== undefined) {
      const em = el('em');
      appendInline(em, match[5] ?? match[6], onLink);
      parent.appendChild(em);
    } else if (match[7] !== undefined) {
      parent.appendChild(link(match[7], match[8], onLink));
    }
    last = index + match[0].length;
  }
  if (last < text.length) appendText(parent, text.slice(last));
}

/** Text with its line breaks kept. */
function appendText(parent: HTMLElement, text: string): void {
  text.split('\n').forEach((part, i) => {
    if (i > 0) parent.appendChild(document.createElement('br'));
    if (part) parent.appendChild(document.createTextNode(part));
  });
}

/** Only http(s) links become clickable; the host opens them (with VS Code's own confirmation). */
export function link(label: string, url: string, onLink: LinkHandler): HTMLElement {
  if (!/^https?:\/\//i.test(url)) return el('span', label);
  const a = el('a', label);
  a.setAttribute('href', '#');
  a.title = url;
  a.addEventListener('click', (event) => {
    event.preventDefault();
    onLink(url);
  });
  return a;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  return node;
}
