import * as z from 'zod/mini';

/**
 * Google Search grounding of one answer, as Pictor keeps and shows it: the web sources the answer drew
 * on, the search queries, and the search entry point. Shapes per `GroundingMetadata` in @google/genai 3.3.0
 * (`groundingChunks[].web.{uri,title}`, `webSearchQueries`, `searchEntryPoint.renderedContent`); what must be
 * shown: ai.google.dev/gemini-api/docs/grounding/search-suggestions (read 2026-11-30).
 */
export const groundingSchema = z.strictObject({
  /** HTML + CSS the terms require showing; rendered inert, never as live HTML. */
  searchEntryPoint: z.nullable(z.string()),
  sources: z.array(z.strictObject({ uri: z.string(), title: z.string() })),
  queries: z.array(z.string()),
});
export type Grounding = z.infer<typeof groundingSchema>;

interface WireGrounding {
  searchEntryPoint?: { renderedContent?: unknown };
  groundingChunks?: Array<{ web?: { uri?: unknown; title?: unknown } }>;
  webSearchQueries?: unknown[];
}

const MAX_ENTRY_POINT_CHARS = 100_000;

/**
 * The search grounding of a GenerateContentResponse's first candidate, read defensively (the service is
 * untrusted input): only http(s) sources, at most 50 sources and 20 queries, titles cut at 300 characters.
 * @returns null when the answer was not grounded
 */
export function groundingOf(raw: unknown): Grounding | null {
  const candidate = (raw as { candidates?: Array<{ groundingMetadata?: WireGrounding }> } | null)?.candidates?.[0];
  const meta = candidate?.groundingMetadata;
  if (!meta || typeof meta !== 'object') return null;
  const rendered = meta.searchEntryPoint?.renderedContent;
  const sources: Grounding['sources'] = [];
  for (const chunk of Array.isArray(meta.groundingChunks) ? meta.groundingChunks : []) {
    const uri = chunk?.web?.uri;
    if (typeof uri !== 'string' || !/^https?:\/\//i.test(uri)) continue;
    const title = typeof chunk.web?.title === 'string' && chunk.web.title.trim() ? chunk.web.title.trim() : uri;
    sources.push({ uri, title: title.slice(0, 300) });
  }
  const queries = (Array.isArray(meta.webSearchQueries) ? meta.webSearchQueries : []).filter((q): q is string => typeof q === 'string').slice(0, 20);
  const searchEntryPoint = typeof rendered === 'string' && rendered.length <= MAX_ENTRY_POINT_CHARS ? rendered : null;
  if (!searchEntryPoint && sources.length === 0 && queries.length === 0) return null;
  return { searchEntryPoint, sources: sources.slice(0, 50), queries };
}
