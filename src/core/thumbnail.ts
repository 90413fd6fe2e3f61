import { sniffImageMime } from './image-info';
import { loadCodecs } from './codecs';

/**
 * A PNG at most `maxSide` pixels on its longer side, averaged down by a whole factor (box filter), or
 * null when the image is not a PNG or already small enough (show the original then).
 * @param bytes the image file's bytes
 */
export async function pngThumbnail(bytes: Uint8Array, maxSide: number): Promise<Uint8Array | null> {
  if (sniffImageMime(bytes) !== 'image/png') return null;
  const { PNG } = await loadCodecs();
  const source = await new Promise<{ width: number; height: number; data: Buffer }>((resolve, reject) =>
    new PNG().parse(Buffer.from(bytes), (error, png) => (error ? reject(error) : resolve(png))),
  );
  const factor = Math.ceil(Math.max(source.width, source.height) / maxSide);
  if (factor <= 1) return null;
  const width = Math.max(1, Math.floor(source.width / factor));
  const height = Math.max(1, Math.floor(source.height / factor));
  const out = new PNG({ width, height });
  const area = factor * factor;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sum = [0, 0, 0, 0];
      for (let dy = 0; dy < factor; dy++) {
        const row = ((y * factor + dy) * source.width + x * factor) * 4;
        for (let dx = 0; dx < factor * 4; dx += 4) {
          for (let c = 0; c < 4; c++) sum[c]! += source.data[row + dx + c]!;
        }
      }
      const at = (y * width + x) * 4;
      for (let c = 0; c < 4; c++) out.data[at + c] = Math.round(sum[c]! / area);
    }
  }
  return new Uint8Array(PNG.sync.write(out));
}
