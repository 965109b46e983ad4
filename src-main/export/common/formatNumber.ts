/**
 * Number-to-text for the text exports (CSV, JSON), written straight into a reusable byte buffer: no
 * strings, no toPrecision/toFixed, no allocation per value. This is what lets CSV run at disk speed rather
 * than at the pace of Number.prototype.toPrecision and Array.join (see test/bench/export.bench.ts).
 *
 * Samples: 9 significant digits, which is what it takes for every float32 to read back as the very same
 * float32 (IEEE 754: 9 digits round-trip binary32), in the shortest %g form — trailing zeros dropped, plain
 * notation for decimal exponents −4..8, scientific otherwise ("1.5", "-0.000123456789", "3.40282347e38").
 * Time: fixed-point decimals from an integer count of 10^-decimals s (see timeAxis.ts).
 *
 * How: the decimal exponent comes from the float's binary exponent (one multiply and one comparison), the
 * 9 digits from one multiply-and-round, and they are laid down four at a time from a 10,000-entry table.
 * Divisions by powers of ten are multiplications by the double just above 10^-k, then truncation; that is
 * exact for every integer below 2^31 (the excess is far smaller than the distance to the next integer).
 */

/** Longest text putFloat32 writes ("-0.000123456789", "-1.23456789e-38"). */
export const MAX_FLOAT32_CHARS = 15;
/** Longest text putFixed writes for any tick count below 2^53 (16 digits, sign, point). */
export const MAX_FIXED_CHARS = 18;
/** Bytes past its end that putFixed may scribble on (later writes overwrite them); buffers need this slack. */
export const SCRIBBLE_BYTES = 3;

const ZERO = 48;
const DOT = 46;
const MINUS = 45;
const LOWER_E = 101;

/** "0000" … "9999" as four ASCII bytes in a little-endian u32, for DataView.setUint32(p, x, true). */
const DIGITS4 = new Uint32Array(10_000);
for (let i = 0; i < 10_000; i++) {
  const d = [Math.floor(i / 1000), Math.floor(i / 100) % 10, Math.floor(i / 10) % 10, i % 10];
  DIGITS4[i] = (ZERO + d[0]!) | ((ZERO + d[1]!) << 8) | ((ZERO + d[2]!) << 16) | ((ZERO + d[3]!) << 24);
}

/** 10^k for k = -POW10_OFFSET..POW10_OFFSET, each the double nearest the exact power. */
const POW10_OFFSET = 80;
const POW10 = new Float64Array(2 * POW10_OFFSET + 1);
for (let k = -POW10_OFFSET; k <= POW10_OFFSET; k++) POW10[k + POW10_OFFSET] = Number(`1e${k}`);

/** Exact integer powers of ten up to 10^15, and the doubles just above their reciprocals. */
const INT_POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);
const INV_POW10 = INT_POW10.map((p) => 1 / p);

/** floor(e2 · log10 2) for every biased binary exponent of a normal float32: the decimal exponent or one less. */
const E10_OF_BIASED = new Int8Array(256);
for (let b = 1; b < 255; b++) E10_OF_BIASED[b] = Math.floor((b - 127) * 0.3010299956639812);
const INF = [105, 110, 102]; // "inf"

/** Number of decimal digits of a non-negative integer below 10^16 (1 for 0). */
function digitCount(value: number): number {
  let n = 1;
  while (n < 16 && value >= INT_POW10[n]!) n++;
  return n;
}

/** Exactly 9 digits of m (10^8 ≤ m < 10^9) at p. */
function putNineDigits(bytes: Uint8Array, view: DataView, p: number, m: number): void {
  const lead = (m * 1e-8) | 0;
  const rest = m - lead * 100_000_000;
  const high = (rest * 1e-4) | 0;
  bytes[p] = ZERO + lead;
  view.setUint32(p + 1, DIGITS4[high]!, true);
  view.setUint32(p + 5, DIGITS4[rest - high * 10_000]!, true);
}

/**
 * End of the number in bytes[..end) after dropping trailing zeros of its fraction, and the point itself
 * when nothing is left after it. `point` is the index of the decimal point.
 */
function trimZeros(bytes: Uint8Array, point: number, end: number): number {
  let e = end;
  while (e > point + 1 && bytes[e - 1] === ZERO) e--;
  return e === point + 1 ? point : e;
}

/**
 * Writes `values[index]` (a float32) at `p` and returns the position after it. `bits` is the same memory as
 * an Int32Array, so the binary exponent comes for free; passing arrays and an index rather than the value
 * keeps numbers unboxed across the call (a double or a uint32 argument would allocate a heap number per
 * value when the call is not inlined). `view` is a DataView on `bytes` (same offset). NaN writes nothing
 * (an empty CSV field); ±Infinity writes "inf" / "-inf" (what Python, numpy and pandas read); -0 writes
 * "-0" so that the sign bit survives the round trip. Touches at most MAX_FLOAT32_CHARS bytes.
 */
export function putFloat32(
  bytes: Uint8Array,
  view: DataView,
  p: number,
  values: Float32Array,
  intBits: Int32Array,
  index: number,
): number {
  const bits = intBits[index]!;
  const biased = (bits >>> 23) & 0xff;
  let x = values[index]!;
  let q = p;
  if (biased === 0xff) {
    if ((bits & 0x7fffff) !== 0) return q; // NaN, either sign
    if (bits >>> 31 !== 0) bytes[q++] = MINUS;
    bytes[q] = INF[0]!;
    bytes[q + 1] = INF[1]!;
    bytes[q + 2] = INF[2]!;
    return q + 3;
  }
  if (bits >>> 31 !== 0) {
    bytes[q++] = MINUS;
    x = -x;
  }
  if (x === 0) {
    bytes[q] = ZERO;
    return q + 1;
  }
  // floor(log10 x) is floor(e2 · log10 2) or one more; subnormals (biased 0) take the slow road.
  let e10 = biased === 0 ? Math.floor(Math.log10(x)) : E10_OF_BIASED[biased]!;
  if (x >= POW10[e10 + 1 + POW10_OFFSET]!) e10++;
  let m = (x * POW10[8 - e10 + POW10_OFFSET]! + 0.5) | 0;
  if (m >= 1e9) {
    m = 100_000_000;
    e10++;
  } else if (m < 1e8) {
    m = (x * POW10[9 - e10 + POW10_OFFSET]! + 0.5) | 0;
    e10--;
  }
  if (e10 === 0) {
    // The commonest case (1 ≤ |x| < 10) laid out in place: d.dddddddd
    const rest = m - ((m * 1e-8) | 0) * 100_000_000;
    const high = (rest * 1e-4) | 0;
    bytes[q] = ZERO + ((m * 1e-8) | 0);
    bytes[q + 1] = DOT;
    view.setUint32(q + 2, DIGITS4[high]!, true);
    view.setUint32(q + 6, DIGITS4[rest - high * 10_000]!, true);
    return trimZeros(bytes, q + 1, q + 10);
  }
  if (e10 > 0 && e10 < 9) {
    // Digits at q+1.., then the integer digits move one left to open the gap for the point.
    putNineDigits(bytes, view, q + 1, m);
    for (let i = 0; i <= e10; i++) bytes[q + i] = bytes[q + 1 + i]!;
    bytes[q + e10 + 1] = DOT;
    return trimZeros(bytes, q + e10 + 1, q + 10);
  }
  if (e10 < 0 && e10 >= -4) {
    bytes[q++] = ZERO;
    bytes[q++] = DOT;
    for (let z = -1; z > e10; z--) bytes[q++] = ZERO;
    putNineDigits(bytes, view, q, m);
    return trimZeros(bytes, q - 1, q + 9);
  }
  putNineDigits(bytes, view, q + 1, m);
  bytes[q] = bytes[q + 1]!;
  bytes[q + 1] = DOT;
  q = trimZeros(bytes, q + 1, q + 10);
  bytes[q++] = LOWER_E;
  let exponent = e10;
  if (exponent < 0) {
    bytes[q++] = MINUS;
    exponent = -exponent;
  }
  if (exponent >= 10) {
    const tens = (exponent * 0.1) | 0;
    bytes[q++] = ZERO + tens;
    exponent -= tens * 10;
  }
  bytes[q++] = ZERO + exponent;
  return q;
}

/**
 * Writes exactly `width` digits (leading zeros) of a non-negative integer below 2^53 and 10^width, left to
 * right in groups of four: a short first group is stored as four bytes whose tail the next group (or the
 * next field) overwrites, so up to 3 bytes past the returned position may be scribbled on.
 */
function putDigits(bytes: Uint8Array, view: DataView, p: number, value: number, width: number): number {
  if (width <= 4) {
    view.setUint32(p, DIGITS4[value]! >>> (8 * (4 - width)), true);
    return p + width;
  }
  const lowWidth = ((width - 1) & ~3) as number; // digits in whole groups of four after the first group
  const scale = INT_POW10[lowWidth]!;
  const high = value < 2147483648 ? (value * INV_POW10[lowWidth]!) | 0 : Math.floor(value / scale);
  let low = value - high * scale;
  // Truncating a multiplication by 10^-k can land one below the quotient; settle it exactly.
  const fix = low >= scale ? 1 : 0;
  low -= fix * scale;
  let q = p;
  const firstWidth = width - lowWidth;
  view.setUint32(q, DIGITS4[high + fix]! >>> (8 * (4 - firstWidth)), true);
  q += firstWidth;
  for (let k = lowWidth - 4; k >= 0; k -= 4) {
    const group = k === 0 ? low : Math.floor(low / INT_POW10[k]!);
    view.setUint32(q, DIGITS4[group]!, true);
    low -= group * INT_POW10[k]!;
    q += 4;
  }
  return q;
}

/**
 * Writes `ticks` / 10^decimals in fixed point at `p` ("12.000500" for 12000500 ticks at 6 decimals; no
 * point when decimals is 0) and returns the position after it. `ticks` must be an integer of magnitude
 * below 2^53. Like putDigits, may scribble on up to 3 bytes past the returned position.
 */
export function putFixed(
  bytes: Uint8Array,
  view: DataView,
  p: number,
  ticks: number,
  decimals: number,
): number {
  let q = p;
  let t = ticks;
  if (t < 0) {
    bytes[q++] = MINUS;
    t = -t;
  }
  if (decimals === 0) return putDigits(bytes, view, q, t, digitCount(t));
  const scale = INT_POW10[decimals]!;
  let whole = Math.floor(t * INV_POW10[decimals]!);
  if (whole * scale > t) whole--;
  else if ((whole + 1) * scale <= t) whole++;
  q = putDigits(bytes, view, q, whole, digitCount(whole));
  bytes[q++] = DOT;
  return putDigits(bytes, view, q, t - whole * scale, decimals);
}

/**
 * A byte buffer with a write position and the number writers, for code that is not a hot loop (headers,
 * JSON). What was written is `written()`; reset() starts over.
 */
export class TextBuffer {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  /** Next byte to write. */
  pos = 0;
  readonly #f32 = new Float32Array(1);
  readonly #i32 = new Int32Array(this.#f32.buffer);

  constructor(capacityBytes: number) {
    this.bytes = new Uint8Array(capacityBytes);
    this.view = new DataView(this.bytes.buffer);
  }

  /** Bytes written since the last reset (a view, valid until the next write). */
  written(): Uint8Array {
    return this.bytes.subarray(0, this.pos);
  }

  reset(): void {
    this.pos = 0;
  }

  byte(value: number): void {
    this.bytes[this.pos++] = value;
  }

  /** An ASCII string (JSON punctuation, keys). */
  ascii(text: string): void {
    const { bytes } = this;
    let p = this.pos;
    for (let i = 0; i < text.length; i++) bytes[p++] = text.charCodeAt(i);
    this.pos = p;
  }

  /** Arbitrary bytes (UTF-8 text). */
  raw(data: Uint8Array): void {
    this.bytes.set(data, this.pos);
    this.pos += data.byteLength;
  }

  /** `v` rounded to float32; see putFloat32. */
  float32(v: number): void {
    this.#f32[0] = v;
    this.pos = putFloat32(this.bytes, this.view, this.pos, this.#f32, this.#i32, 0);
  }

  /** See putFixed. */
  fixed(ticks: number, decimals: number): void {
    this.pos = putFixed(this.bytes, this.view, this.pos, ticks, decimals);
  }
}
