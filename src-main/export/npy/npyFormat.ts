/**
 * The .npy header (NumPy format 1.0): magic "\x93NUMPY", version 1.0, a little-endian u16 header length,
 * then a Python dict literal padded with spaces and a final newline so that the data starts at a
 * multiple of 64 bytes. Pure; see https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html.
 */

export type NpyDtype = '<f4' | '<f8';

/** Bytes per element of each dtype. */
export const NPY_ITEM_BYTES: Record<NpyDtype, number> = { '<f4': 4, '<f8': 8 };

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const PREAMBLE_BYTES = 10;
const ALIGN_BYTES = 64;

/** The header of a C-order array of `shape` (ASCII, padded to a multiple of 64 bytes). */
export function npyHeader(dtype: NpyDtype, shape: readonly number[]): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '${dtype}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const total = Math.ceil((PREAMBLE_BYTES + dict.length + 1) / ALIGN_BYTES) * ALIGN_BYTES;
  const text = dict.padEnd(total - PREAMBLE_BYTES - 1, ' ') + '\n';
  const bytes = new Uint8Array(total);
  bytes.set(MAGIC, 0);
  bytes[6] = 1;
  bytes[7] = 0;
  new DataView(bytes.buffer).setUint16(8, text.length, true);
  for (let i = 0; i < text.length; i++) bytes[PREAMBLE_BYTES + i] = text.charCodeAt(i);
  return bytes;
}

/** Size of a whole .npy file: header plus data. */
export function npyFileBytes(dtype: NpyDtype, shape: readonly number[]): number {
  return npyHeader(dtype, shape).byteLength + shape.reduce((a, b) => a * b, 1) * NPY_ITEM_BYTES[dtype];
}
