/**
 * The bytes of a file, whole or as pieces in order. A 30 MB image whose metadata changed is written
 * as views of the original bytes around the new chunks, never joined into a second 30 MB buffer.
 */
export type FileBytes = Uint8Array | readonly Uint8Array[];

/** The file's size in bytes. */
export function byteLengthOf(bytes: FileBytes): number {
  return bytes instanceof Uint8Array ? bytes.byteLength : bytes.reduce((sum, piece) => sum + piece.byteLength, 0);
}

/** One buffer (a copy only when there are several pieces). */
export function joinBytes(bytes: FileBytes): Uint8Array {
  if (bytes instanceof Uint8Array) return bytes;
  return bytes.length === 1 ? bytes[0]! : Buffer.concat(bytes);
}
