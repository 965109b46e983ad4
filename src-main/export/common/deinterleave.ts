/**
 * Columns out of interleaved frames, copied as bit patterns (Int32): a float32 value never goes through a
 * double, so NaN payloads survive and nothing is converted.
 */

/**
 * Copies `rows` frames' worth of the columns `columns` (indexes into a frame of `width` values) out of
 * `frames` into `into` (one array per column, at least `rows` long). Four columns share one pass over the
 * frames: each frame is read once instead of once per column, which about halves the time for a 4-channel
 * capture (the frames of a block do not fit in the CPU's cache).
 */
export function deinterleave(
  frames: Int32Array,
  width: number,
  rows: number,
  columns: readonly number[],
  into: readonly Int32Array[],
): void {
  let k = 0;
  for (; k + 4 <= columns.length; k += 4) {
    const [a, b, c, d] = [into[k]!, into[k + 1]!, into[k + 2]!, into[k + 3]!];
    const [ca, cb, cc, cd] = [columns[k]!, columns[k + 1]!, columns[k + 2]!, columns[k + 3]!];
    for (let i = 0, at = 0; i < rows; i++, at += width) {
      a[i] = frames[at + ca]!;
      b[i] = frames[at + cb]!;
      c[i] = frames[at + cc]!;
      d[i] = frames[at + cd]!;
    }
  }
  for (; k < columns.length; k++) {
    const out = into[k]!;
    for (let i = 0, at = columns[k]!; i < rows; i++, at += width) out[i] = frames[at]!;
  }
}
