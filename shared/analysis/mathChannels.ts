/**
 * Math channels of an oscilloscope (M1, M2): one function of one or two of its input channels, computed
 * sample by sample from records in which both sources share the time base. They travel like input
 * channels — in records, measurements, captures and exports — under channel numbers above the inputs'
 * (M1 is channel MATH_CHANNEL_BASE + 1), so the frame codec's channel mask carries them unchanged.
 *
 * A/B is NaN (a gap in the trace, not an Infinity spike) where |B| is below DIVISION_FLOOR_FRACTION of B's
 * largest magnitude in the record: such points say nothing about A/B except the noise of B near zero.
 */

export const MATH_FUNCTIONS = ['off', 'add', 'subtract', 'multiply', 'divide', 'negate'] as const;
export type MathFunction = (typeof MATH_FUNCTIONS)[number];

/** How many math channels a scope offers. */
export const MATH_CHANNEL_COUNT = 2;
/** Channel number of M1 minus one: above every input (scopes have at most 4) and within the 32-bit mask. */
export const MATH_CHANNEL_BASE = 16;
/** |B| below this fraction of max |B| over the record makes A/B a gap (NaN). */
export const DIVISION_FLOOR_FRACTION = 1e-3;

/** Operator shown between the sources ("M1 = CH1 − CH2"). */
const OPERATOR: Record<Exclude<MathFunction, 'off' | 'negate'>, string> = {
  add: '+',
  subtract: '−',
  multiply: '×',
  divide: '/',
};

/** One math channel's definition, as its scope settings hold it. */
export interface MathDefinition {
  function: MathFunction;
  /** Source channel numbers (1-based inputs). `sourceB` is unused by −A. */
  sourceA: number;
  sourceB: number;
  /** Vertical scale in the channel's own unit per division (V, V² or none). */
  scalePerDiv: number;
  /** Vertical offset in the channel's unit: the screen centre is at −offset, as for an input. */
  offset: number;
}

/** The wire/display name of a scope channel number: CH1..CH4, M1..M2. */
export function scopeChannelName(channel: number): string {
  return channel > MATH_CHANNEL_BASE ? `M${channel - MATH_CHANNEL_BASE}` : `CH${channel}`;
}

/** The channel number of "CH3" or "M1"; undefined for anything else. */
export function scopeChannelNumber(name: string): number | undefined {
  const match = /^(CH|M)([1-9]\d?)$/.exec(name);
  if (!match) return undefined;
  const n = Number(match[2]);
  return match[1] === 'M' ? MATH_CHANNEL_BASE + n : n;
}

/** True for M1, M2 … channel numbers. */
export function isMathChannel(channel: number): boolean {
  return channel > MATH_CHANNEL_BASE;
}

/** Whether the function reads source B. */
export function usesSourceB(fn: MathFunction): boolean {
  return fn !== 'off' && fn !== 'negate';
}

/** The math channel's unit: V for sums, differences and −A; V² for A×B; none (a ratio) for A/B. */
export function mathUnit(fn: MathFunction): string {
  if (fn === 'multiply') return 'V²';
  if (fn === 'divide') return '';
  return 'V';
}

/** "M1 = CH1 − CH2", "M2 = −CH3". */
export function mathLabel(
  index: number,
  def: Pick<MathDefinition, 'function' | 'sourceA' | 'sourceB'>,
): string {
  const name = `M${index}`;
  const a = scopeChannelName(def.sourceA);
  if (def.function === 'off') return name;
  if (def.function === 'negate') return `${name} = −${a}`;
  return `${name} = ${a} ${OPERATOR[def.function]} ${scopeChannelName(def.sourceB)}`;
}

/** A source channel's samples and their time base. */
export interface MathOperand {
  name: string;
  samples: Float32Array;
  sampleRateHz: number;
}

export class MathError extends Error {
  override name = 'MathError';
}

/**
 * The math channel's samples (a new array). For −A, `b` is ignored.
 * @throws MathError when a source is missing or the sources differ in sample rate or length, naming both.
 */
export function computeMath(fn: MathFunction, a: MathOperand, b?: MathOperand): Float32Array {
  if (fn === 'off') throw new MathError('math function is off: nothing to compute');
  const x = a.samples;
  const n = x.length;
  const out = new Float32Array(n);
  if (fn === 'negate') {
    for (let i = 0; i < n; i++) out[i] = -x[i]!;
    return out;
  }
  if (b === undefined) throw new MathError(`${fn} needs a second source`);
  if (b.samples.length !== n || Math.abs(a.sampleRateHz - b.sampleRateHz) > 1e-9 * a.sampleRateHz) {
    throw new MathError(
      `${a.name} and ${b.name} do not share a time base: ${a.name} has ${n} points at ${a.sampleRateHz} Sa/s, ` +
        `${b.name} ${b.samples.length} points at ${b.sampleRateHz} Sa/s`,
    );
  }
  const y = b.samples;
  switch (fn) {
    case 'add':
      for (let i = 0; i < n; i++) out[i] = x[i]! + y[i]!;
      break;
    case 'subtract':
      for (let i = 0; i < n; i++) out[i] = x[i]! - y[i]!;
      break;
    case 'multiply':
      for (let i = 0; i < n; i++) out[i] = x[i]! * y[i]!;
      break;
    case 'divide': {
      let peak = 0;
      for (let i = 0; i < n; i++) peak = Math.max(peak, Math.abs(y[i]!));
      const floor = DIVISION_FLOOR_FRACTION * peak;
      for (let i = 0; i < n; i++) {
        const d = y[i]!;
        out[i] = Math.abs(d) > floor ? x[i]! / d : Number.NaN;
      }
      break;
    }
  }
  return out;
}
