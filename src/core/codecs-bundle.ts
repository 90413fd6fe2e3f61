/** Entry of dist/codecs.js: image codecs, required only when an image has to be converted. */
export { GifReader } from 'omggif';
export { PNG } from 'pngjs';
