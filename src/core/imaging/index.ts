/**
 * The image-processing bundle (dist/imaging.js): codecs, matting, keying, resampling, ICO and embedded
 * provenance. Loaded on first use through `loadImaging()`, never at activation.
 */
export { decodeImage, encodePng, gifFrameCount, sniffImageMime } from './codecs';
export { colorKey, dominantBorderColor, DEFAULT_TOLERANCE } from './color-key';
export { encodeIco, FAVICON_SIZES } from './ico';
export { differenceMatte, MIN_ALIGNMENT } from './matte';
export { embedProvenance, embedProvenancePieces, readProvenance, PICTOR_PNG_KEYWORD } from './provenance';
export { readPngTexts } from './png-text';
export { resizeRaster, squareCanvas } from './resize';
export { parseXmp, TRAINED_ALGORITHMIC_MEDIA, XMP_PNG_KEYWORD } from './xmp';
export { GifReader } from 'omggif';
export { PNG } from 'pngjs';
