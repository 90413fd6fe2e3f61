/**
 * Model text as DOM nodes: markdown-tree.ts parses it (with marked) into known elements, and this
 * builds them with createElement and textContent only, so model text can never become live HTML.
 * Links open through the host, which asks VS Code's own confirmation.
 */
import { el, link, type LinkHandler } from '../shared/dom';
import { markdownTree, type MdNode } from './markdown-tree';

export function renderMarkdown(text: string, onLink: LinkHandler): DocumentFragment {
  const fragment = document.createDocumentFragment();
  try {
    fragment.append(...markdownTree(text).map((node) => build(node, onLink)));
  } catch {
    // Nesting deep enough to exhaust the stack here: the text itself is still worth showing.
    fragment.replaceChildren(document.createTextNode(text));
  }
  return fragment;
}

function build(node: MdNode, onLink: LinkHandler): Node {
  if (typeof node === 'string') return document.createTextNode(node);
  const children = node.children.map((child) => build(child, onLink));
  if (node.tag === 'a') return link(children, node.attrs?.href ?? '', onLink);
  const element = el(node.tag);
  for (const [name, value] of Object.entries(node.attrs ?? {})) element.setAttribute(name, value);
  element.append(...children);
  return element;
}
