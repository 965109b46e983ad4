/**
 * The scope screen's grid, shared by the display, its cursors and what describes it (snapshot legends).
 * The screen is a grid of divisions, as on an instrument: every channel is drawn against its own V/div and
 * offset, so a trace is placed — and a cursor read — in that channel's volts, never in another's.
 *
 * Offsets follow the oscilloscope profile: added to the input before the ADC, so the screen centre of a
 * channel is at −offset and a voltage V sits (V + offset) / (V/div) divisions above the centre.
 */

/** Vertical half-span of the screen in divisions (8 divisions in all). */
export const HALF_DIVISIONS = 4;

/** One channel's vertical setting. */
export interface ChannelScale {
  /** Vertical scale, V/div (> 0). */
  voltsPerDiv: number;
  /** Vertical offset, V (profile sign: added to the input). */
  offsetV: number;
}

/** Divisions above the screen centre at which `voltageV` is drawn on `scale`. */
export function voltsToDivisions(voltageV: number, scale: ChannelScale): number {
  return (voltageV + scale.offsetV) / scale.voltsPerDiv;
}

/** The voltage, on `scale`, at `divisions` above the screen centre, V. */
export function divisionsToVolts(divisions: number, scale: ChannelScale): number {
  return divisions * scale.voltsPerDiv - scale.offsetV;
}

/** The voltages at the bottom and top of the screen for `scale`, V (a uPlot scale range). */
export function screenRangeV(scale: ChannelScale): [number, number] {
  return [divisionsToVolts(-HALF_DIVISIONS, scale), divisionsToVolts(HALF_DIVISIONS, scale)];
}

/** Keeps a position on the screen: within ±HALF_DIVISIONS. */
export function clampDivisions(divisions: number): number {
  return Math.min(HALF_DIVISIONS, Math.max(-HALF_DIVISIONS, divisions));
}

export interface TimeCursorReading {
  /** B − A, s; undefined unless both are placed. */
  deltaS: number | undefined;
  /** 1 / |B − A|, Hz; undefined unless both are placed and apart. */
  inverseHz: number | undefined;
}

/** What the vertical (time) cursors read: Δt and 1/Δt. */
export function readTimeCursors(aS: number | undefined, bS: number | undefined): TimeCursorReading {
  if (aS === undefined || bS === undefined) return { deltaS: undefined, inverseHz: undefined };
  const deltaS = bS - aS;
  return { deltaS, inverseHz: deltaS === 0 ? undefined : 1 / Math.abs(deltaS) };
}

export interface LevelCursorReading {
  /** Y1 and Y2 in the chosen channel's volts, V. */
  y1V: number | undefined;
  y2V: number | undefined;
  /** Y2 − Y1 in the chosen channel's volts: the division difference times its V/div, V. */
  deltaV: number | undefined;
}

/**
 * What the horizontal (voltage) cursors read on one channel. The cursors are screen positions (divisions),
 * as on an instrument, so the same two lines read 5× more volts on a 1 V/div channel than on 200 mV/div.
 */
export function readLevelCursors(
  y1Div: number | undefined,
  y2Div: number | undefined,
  scale: ChannelScale,
): LevelCursorReading {
  const y1V = y1Div === undefined ? undefined : divisionsToVolts(y1Div, scale);
  const y2V = y2Div === undefined ? undefined : divisionsToVolts(y2Div, scale);
  const deltaV = y1Div === undefined || y2Div === undefined ? undefined : (y2Div - y1Div) * scale.voltsPerDiv;
  return { y1V, y2V, deltaV };
}
