/** Links to generated images, written where the cursor is. */

export type LinkStyle = 'markdown' | 'html';

const MARKDOWN_LANGUAGES = new Set(['markdown', 'mdx']);

export function linkStyleFor(languageId: string): LinkStyle {
  return MARKDOWN_LANGUAGES.has(languageId) ? 'markdown' : 'html';
}

/** Alt text: the first sentence of the prompt, one line, at most 120 characters. */
export function altTextFrom(prompt: string): string {
  const oneLine = prompt
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const sentence = /^(.+?[.!?])(\s|$)/.exec(oneLine)?.[1] ?? oneLine;
  const text = sentence.length > 120 ? `${sentence.slice(0, 119).trimEnd()}…` : sentence;
  return text || 'Generated image';
}

/** Relative path from the document's folder to the image, both workspace paths with `/`. */
export function relativeLinkPath(fromDir: string, to: string): string {
  const from = fromDir.split('/').filter(Boolean);
  const target = to.split('/').filter(Boolean);
  let common = 0;
  while (common < from.length && common < target.length - 1 && from[common] === target[common]) common++;
  const up = from.slice(common).map(() => '..');
  const rel = [...up, ...target.slice(common)].join('/');
  return up.length ? rel : `./${rel}`;
}

export function formatImageLink(style: LinkStyle, path: string, alt: string): string {
  if (style === 'markdown') {
    const safeAlt = alt.replace(/([[\]\\])/g, '\\$1');
    // `%`, `#` and `?` would be read as an escape, a fragment or a query; spaces and brackets need `<…>`.
    const encoded = path.replace(/[%#?]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    const safePath = /[\s()<>]/.test(encoded) ? `<${encoded.replace(/>/g, '%3E')}>` : encoded;
    return `![${safeAlt}](${safePath})`;
  }
  // `{`/`}` as entities: Svelte and Vue read braces in attributes as expressions; HTML and JSX decode them.
  const attr = (value: string) =>
    value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/{/g, '&#123;').replace(/}/g, '&#125;');
  const src = encodeURI(path).replace(/[#?]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `<img src="${attr(src)}" alt="${attr(alt)}" />`;
}

/** A selected Mermaid or PlantUML block becomes a request to render it as a polished diagram. */
export function promptFromSelection(selection: string): { prompt: string; diagram: boolean } {
  const text = selection.trim();
  const fenced = /^```\s*(mermaid|plantuml|puml)\b[^\n]*\n([\s\S]*?)```$/i.exec(text);
  const body = fenced?.[2] ?? text;
  const isMermaid = !!fenced?.[1]?.toLowerCase().startsWith('mermaid') || /^(graph|flowchart|sequenceDiagram|classDiagram|stateDiagram|erDiagram|gantt|pie|journey|mindmap)\b/m.test(body);
  const isPlantUml = /@startuml[\s\S]*@enduml/.test(body) || /^(plantuml|puml)$/i.test(fenced?.[1] ?? '');
  if (isMermaid || isPlantUml) {
    const kind = isMermaid ? 'Mermaid' : 'PlantUML';
    return {
      prompt: `Render this ${kind} diagram as a polished, professional diagram image, keeping every node, label and connection exactly as written:\n\n${body.trim()}`,
      diagram: true,
    };
  }
  return { prompt: text, diagram: false };
}
