// Makes the README's before/after pictures of local processing (run by hand, results committed):
//   media/readme/logo-on-white.png, logo-on-black.png   the two generations a transparent logo starts from
//   media/readme/logo-transparent.png                   the difference matte (real alpha: soft edge, 50 % shadow)
//   media/readme/logo-transparent-on-checker.png        the same over a checkerboard, so the alpha shows anywhere
//   media/readme/icon-set.png                           16…256 px icons from the transparent logo, side by side
// Usage: node scripts/build.mjs && npx tsc -p test/tsconfig.json && node scripts/readme-media.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const imaging = require(path.join(root, 'out/src/core/imaging/index.js'));
const { defaultScene, renderScene } = require(path.join(root, 'out/test/support/scenes.js'));
const target = path.join(root, 'media', 'readme');
mkdirSync(target, { recursive: true });
const save = (name, raster) => writeFileSync(path.join(target, name), imaging.encodePng(raster));

const SIZE = 256;
const scene = defaultScene(SIZE);
const white = renderScene(scene, [255, 255, 255]);
const black = renderScene(scene, [0, 0, 0]);
const { raster: logo, aligned } = imaging.differenceMatte(white, black);
if (!aligned) throw new Error('the pair should line up');
save('logo-on-white.png', white);
save('logo-on-black.png', black);
save('logo-transparent.png', logo);
save('logo-transparent-on-checker.png', overChecker(logo));

const sizes = [16, 32, 48, 64, 128, 256];
const gap = 16;
const width = sizes.reduce((sum, s) => sum + s + gap, gap);
const height = 256 + 2 * gap;
const sheet = { width, height, data: new Uint8Array(width * height * 4) };
let x = gap;
for (const size of sizes) {
  const icon = imaging.resizeRaster(logo, size, size, 'contain');
  blit(sheet, icon, x, height - gap - size);
  x += size + gap;
}
save('icon-set.png', overChecker(sheet));
console.log(`written to ${path.relative(root, target)}`);

/** A copy composited over an 8-px grey checkerboard, the usual sign of transparency. */
function overChecker(raster) {
  const data = new Uint8Array(raster.data.length);
  for (let y = 0; y < raster.height; y++) {
    for (let x = 0; x < raster.width; x++) {
      const i = (y * raster.width + x) * 4;
      const back = ((x >> 3) + (y >> 3)) % 2 ? 204 : 255;
      const a = raster.data[i + 3] / 255;
      for (let c = 0; c < 3; c++) data[i + c] = Math.round(raster.data[i + c] * a + back * (1 - a));
      data[i + 3] = 255;
    }
  }
  return { width: raster.width, height: raster.height, data };
}

function blit(into, from, left, top) {
  for (let y = 0; y < from.height; y++) {
    into.data.set(from.data.subarray(y * from.width * 4, (y + 1) * from.width * 4), ((top + y) * into.width + left) * 4);
  }
}
