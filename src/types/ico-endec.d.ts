/** The parts of ico-endec 0.1.6 (MPL-2.0) that Pictor uses; the package ships no types. */
declare module 'ico-endec' {
  export interface IconEntry {
    width: number;
    height: number;
    bitsPerPixel: number;
    imageType: 'png' | 'bmp';
    imageData: Buffer;
  }
  export function encode(images: Array<Buffer | ArrayBuffer>): Buffer;
  export function decode(ico: Buffer | ArrayBuffer): IconEntry[];
}
