/** The image extensions Pictor writes sidecars for (`name.png` → `name.png.json`). */
const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'webp', 'gif'] as const;

/**
 * `explorer.fileNesting.patterns` with each image's sidecar nested under it: `*.png` →
 * `${capture}.png.json`, and so on. Entries already there are kept; the sidecar pattern is appended to
 * them (comma-separated, VS Code's format) unless present. Returns the entries to write and whether any
 * changed.
 */
export function nestingPatternsWithSidecars(existing: Readonly<Record<string, string>>): { patterns: Record<string, string>; changed: boolean } {
  const patterns: Record<string, string> = {};
  let changed = false;
  for (const extension of IMAGE_EXTENSIONS) {
    const key = `*.${extension}`;
    const child = `\${capture}.${extension}.json`;
    const current = existing[key]?.trim() ?? '';
    const children = current ? current.split(',').map((c) => c.trim()) : [];
    if (children.includes(child)) continue;
    patterns[key] = [...children, child].join(', ');
    changed = true;
  }
  return { patterns, changed };
}
