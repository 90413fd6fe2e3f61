/**
 * Model text as a small tree of known elements, from marked's lexer. Pure (no DOM), so it is
 * tested in plain Node; markdown.ts turns the tree into nodes. Nothing here is ever HTML: raw HTML
 * in the text stays text, tags come from the fixed list below, and only web links become links.
 */
import { Lexer, type Token, type Tokens } from 'marked';

export type MdTag =
  | 'p' | 'strong' | 'em' | 'del' | 'code' | 'pre' | 'ul' | 'ol' | 'li' | 'blockquote'
  | 'a' | 'hr' | 'br' | 'span' | 'table' | 'thead' | 'tbody' | 'tr' | 'th' | 'td';

/** The only attributes the tree sets; `href` only on `a`, and only to a web URL. */
export type MdAttrs = Partial<Record<'class' | 'role' | 'aria-level' | 'start' | 'href', string>>;

export interface MdElement {
  tag: MdTag;
  attrs?: MdAttrs;
  children: MdNode[];
}

/** A string is a text node. */
export type MdNode = string | MdElement;

export function isWebUrl(url: string): boolean {
  return /^https?:\/\//i.test(url);
}

export function markdownTree(text: string): MdNode[] {
  try {
    // `breaks`: models mean a single newline as a line break.
    return blocks(Lexer.lex(text, { gfm: true, breaks: true }));
  } catch {
    // The lexer gave up (it throws rather than loop, and deep nesting can exhaust the stack): plain text.
    return [{ tag: 'p', children: withBreaks(text) }];
  }
}

const node = (tag: MdTag, children: MdNode[] = [], attrs?: MdAttrs): MdElement => (attrs ? { tag, attrs, children } : { tag, children });

function blocks(tokens: readonly Token[]): MdNode[] {
  return tokens.flatMap(block);
}

function block(token: Token): MdNode[] {
  switch (token.type) {
    case 'space':
    case 'def':
      return [];
    case 'paragraph':
      return [node('p', inline(token.tokens ?? []))];
    case 'heading': {
      const { depth, tokens } = token as Tokens.Heading;
      // Headings are styled paragraphs: the view's own headings keep the outline.
      return [node('p', inline(tokens), { class: `md-heading md-h${depth}`, role: 'heading', 'aria-level': String(Math.min(6, depth + 2)) })];
    }
    case 'code':
      return [node('pre', [node('code', [(token as Tokens.Code).text])])];
    case 'blockquote':
      return [node('blockquote', blocks(token.tokens ?? []))];
    case 'list': {
      const list = token as Tokens.List;
      const start = list.ordered && typeof list.start === 'number' && list.start !== 1 ? { start: String(list.start) } : undefined;
      return [node(list.ordered ? 'ol' : 'ul', list.items.map((item) => node('li', blocks(item.tokens))), start)];
    }
    case 'hr':
      return [node('hr')];
    case 'table':
      return [table(token as Tokens.Table)];
    case 'html':
      return [node('p', withBreaks((token as Tokens.HTML).text.replace(/\s+$/, '')))];
    case 'text':
      // A tight list item's text: inline content without a paragraph.
      return token.tokens ? inline(token.tokens) : [decodeEntities(token.text)];
    default:
      return inline([token]);
  }
}

function table(token: Tokens.Table): MdElement {
  const cell = (tag: 'th' | 'td', c: Tokens.TableCell) => node(tag, inline(c.tokens), c.align ? { class: `md-align-${c.align}` } : undefined);
  return node('table', [
    node('thead', [node('tr', token.header.map((c) => cell('th', c)))]),
    node('tbody', token.rows.map((row) => node('tr', row.map((c) => cell('td', c))))),
  ]);
}

function inline(tokens: readonly Token[]): MdNode[] {
  return tokens.flatMap((token): MdNode[] => {
    switch (token.type) {
      case 'text':
        return token.tokens ? inline(token.tokens) : [decodeEntities(token.text)];
      case 'escape':
        return [token.text];
      case 'html':
        // Inline tags stay visible text.
        return [token.text];
      case 'strong':
      case 'em':
      case 'del':
        return [node(token.type, inline(token.tokens ?? []))];
      case 'codespan':
        return [node('code', [(token as Tokens.Codespan).text])];
      case 'br':
        return [node('br')];
      case 'checkbox':
        return [(token as Tokens.Checkbox).checked ? '☑ ' : '☐ '];
      case 'link': {
        const { href, tokens } = token as Tokens.Link;
        const label = inline(tokens);
        return isWebUrl(href) ? [node('a', label, { href })] : label;
      }
      case 'image': {
        // Never loaded (the CSP forbids it anyway): its description, linked to it when it is on the web.
        const { href, text } = token as Tokens.Image;
        const label = [decodeEntities(text || href)];
        return isWebUrl(href) ? [node('a', label, { href })] : label;
      }
      default:
        return 'tokens' in token && token.tokens ? inline(token.tokens) : 'text' in token && typeof token.text === 'string' ? [token.text] : [];
    }
  });
}

function withBreaks(text: string): MdNode[] {
  return text.split(/\r\n?|\n/).flatMap((line, i) => (i ? [node('br'), line] : [line])).filter((part) => part !== '');
}

const NAMED = new Map([['amp', '&'], ['lt', '<'], ['gt', '>'], ['quot', '"'], ['apos', "'"], ['nbsp', '\u00a0']]);

/**
 * marked leaves character references in text for an HTML renderer to resolve; text nodes need
 * them resolved. Numeric ones and the common names are; any other name stays as written.
 */
function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED.get(ref) ?? whole;
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : '\ufffd';
  });
}
