/**
 * A display record of (min, max) pairs (one per column, interleaved `[min0, max0, min1, max1, ...]`, as the
 * backend and the fleet agents decimate a trace) reduced to fewer columns, for a plot narrower than the
 * record: each output column holds the least min and the greatest max of the input columns it covers, so
 * the plot draws the same envelope from far fewer points (a 600-column trace in a 135 px chart: 270
 * points a channel instead of 1,200). Pure; writes into arrays the caller keeps.
 */

/**
 * Reduces the `pairs.length / 2` input columns to `columns` output columns, written into `out` (length
 * `2 * columns`), with their x positions in input-point indices into `xOut` (the min at the first input
 * point the column covers, the max at its last), so the plot's x range is the input's, `[0, pairs.length −
 * 1]`. Output column c covers input columns `floor(c·P/C)` to `floor((c+1)·P/C)` (P input, C output
 * columns), every input column exactly once. NaN (no trace) stays NaN.
 *
 * @param columns between 1 and `pairs.length / 2`.
 * @throws RangeError when the record is not whole pairs, or the column count or outputs do not fit.
 */
export function reduceMinMaxPairs(
  pairs: ArrayLike<number>,
  columns: number,
  out: Float32Array,
  xOut: Float64Array,
): void {
  const inputColumns = pairs.length / 2;
  if (!Number.isInteger(inputColumns) || inputColumns < 1) {
    throw new RangeError(`a min/max record has whole pairs; got ${pairs.length} values`);
  }
  if (!Number.isInteger(columns) || columns < 1 || columns > inputColumns) {
    throw new RangeError(`column count must be an integer in 1..${inputColumns}; got ${columns}`);
  }
  if (out.length < 2 * columns || xOut.length < 2 * columns) {
    throw new RangeError(`outputs hold ${Math.min(out.length, xOut.length)} values; ${2 * columns} needed`);
  }
  let start = 0;
  for (let c = 0; c < columns; c++) {
    const end = Math.floor(((c + 1) * inputColumns) / columns);
    let min = pairs[2 * start]!;
    let max = pairs[2 * start + 1]!;
    for (let i = start + 1; i < end; i++) {
      const lo = pairs[2 * i]!;
      const hi = pairs[2 * i + 1]!;
      // A comparison with NaN is false: a NaN column neither lowers nor raises its neighbours'.
      if (lo < min || min !== min) min = lo;
      if (hi > max || max !== max) max = hi;
    }
    out[2 * c] = min;
    out[2 * c + 1] = max;
    xOut[2 * c] = 2 * start;
    xOut[2 * c + 1] = 2 * end - 1;
    start = end;
  }
}
