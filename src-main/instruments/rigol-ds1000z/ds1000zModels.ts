/**
 * The Rigol DS1000Z family as `*IDN?` names it (`RIGOL TECHNOLOGIES,DS1054Z,DS1ZA…,00.04.04.SP4`): analog
 * channels and bandwidth per model, and the figures the whole family shares (DS1000Z programming guide;
 * the model list is libsigrok's rigol-ds table).
 */

export interface Ds1000zModel {
  name: string;
  channels: number;
  bandwidthHz: number;
}

export const DS1000Z_MODELS: readonly Ds1000zModel[] = [
  { name: 'DS1054Z', channels: 4, bandwidthHz: 50e6 },
  { name: 'DS1074Z', channels: 4, bandwidthHz: 70e6 },
  { name: 'DS1104Z', channels: 4, bandwidthHz: 100e6 },
  { name: 'DS1074Z-S', channels: 4, bandwidthHz: 70e6 },
  { name: 'DS1104Z-S', channels: 4, bandwidthHz: 100e6 },
  { name: 'DS1074Z Plus', channels: 4, bandwidthHz: 70e6 },
  { name: 'DS1104Z Plus', channels: 4, bandwidthHz: 100e6 },
  { name: 'DS1202Z-E', channels: 2, bandwidthHz: 200e6 },
  { name: 'MSO1074Z', channels: 4, bandwidthHz: 70e6 },
  { name: 'MSO1104Z', channels: 4, bandwidthHz: 100e6 },
];

/** The model `*IDN?` names, or undefined for one this driver does not know. */
export function findDs1000zModel(name: string): Ds1000zModel | undefined {
  return DS1000Z_MODELS.find((m) => m.name.toUpperCase() === name.trim().toUpperCase());
}

/** Horizontal divisions on screen: a screen record spans 12 · timebase. */
export const DS1000Z_HORIZONTAL_DIVISIONS = 12;
/** Points of a screen (NORMal mode) record. */
export const DS1000Z_SCREEN_POINTS = 1200;
/** Largest `:WAV:STAR`…`:WAV:STOP` window in BYTE format, points (the guide's limit for one read). */
export const DS1000Z_MAX_BYTE_WINDOW = 250_000;
/** Byte codes per vertical division: the 8-bit ADC spans 10 divisions (sigrok decodes with vdiv / 25.6). */
export const DS1000Z_CODES_PER_DIV = 25.6;
/** The vertical reference code (`:WAV:YREF?`): the screen centre. */
export const DS1000Z_Y_REFERENCE = 127;
/** Timebases offered, s/div: 5 ns to 50 s in 1-2-5 steps. */
export const DS1000Z_TIMEBASES_S: readonly number[] = steps125(5e-9, 50);
/** Vertical scales offered with a 1× probe, V/div: 1 mV to 10 V in 1-2-5 steps. */
export const DS1000Z_VOLTS_PER_DIV: readonly number[] = steps125(1e-3, 10);

/**
 * Memory depths offered, points, by the number of channels on (`:ACQ:MDEP`): 24 M with one channel, half
 * with two, a quarter with three or four.
 */
export function ds1000zMemoryDepths(enabledChannels: number): number[] {
  const divisor = enabledChannels <= 1 ? 1 : enabledChannels === 2 ? 2 : 4;
  return [12_000, 120_000, 1_200_000, 12_000_000, 24_000_000].map((d) => d / divisor);
}

/** Every 1-2-5 value from `min` to `max` inclusive, each the double nearest its decimal form. */
export function steps125(min: number, max: number): number[] {
  const values: number[] = [];
  for (let exponent = Math.floor(Math.log10(min)); exponent <= Math.ceil(Math.log10(max)); exponent++) {
    for (const mantissa of [1, 2, 5]) {
      const value = Number(`${mantissa}e${exponent}`);
      if (value >= min * (1 - 1e-9) && value <= max * (1 + 1e-9)) values.push(value);
    }
  }
  return values;
}

/** The offered value nearest `value` in log terms (how the instrument rounds a scale it is sent). */
export function nearestStep(values: readonly number[], value: number): number {
  let best = values[0]!;
  for (const v of values) {
    if (Math.abs(Math.log(value / v)) < Math.abs(Math.log(value / best))) best = v;
  }
  return best;
}
