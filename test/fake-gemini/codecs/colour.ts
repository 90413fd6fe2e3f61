/** Colours derived from a seed, so that different prompts give visibly different pictures. */

export interface Rgb {
  r: number;
  g: number;
  b: number;
}

/** FNV-1a: tiny, stable across runs and platforms. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function hslToRgb(h: number, s: number, l: number): Rgb {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return { r: f(0), g: f(8), b: f(4) };
}

export interface Palette {
  from: Rgb;
  to: Rgb;
  accent: Rgb;
}

export function paletteFor(seed: number): Palette {
  const hue = seed % 360;
  return {
    from: hslToRgb(hue, 0.65, 0.35),
    to: hslToRgb((hue + 60) % 360, 0.7, 0.7),
    accent: hslToRgb((hue + 180) % 360, 0.8, 0.55),
  };
}
