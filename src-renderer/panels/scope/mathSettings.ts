/**
 * The scope's math channels as its settings describe them (`math1_function`, `math1_source_a`, … from
 * `get_parameters`): what the display, the scale labels, the measurements table and the FFT's channel
 * list need. Pure, so it is tested without a DOM.
 */
import {
  MATH_CHANNEL_COUNT,
  MATH_FUNCTIONS,
  type MathFunction,
  mathLabel,
  mathUnit,
  scopeChannelNumber,
} from '../../../shared/analysis/mathChannels';
import type { MathTrace } from './ScopeChart';

type Global = Record<string, string | number | boolean | undefined>;

function functionOf(value: unknown): MathFunction {
  return MATH_FUNCTIONS.includes(value as MathFunction) ? (value as MathFunction) : 'off';
}

/** Every math channel M1..M{MATH_CHANNEL_COUNT}, on or off, in order. */
export function mathTraces(global: Global): MathTrace[] {
  return Array.from({ length: MATH_CHANNEL_COUNT }, (_, i) => {
    const m = `math${i + 1}`;
    const fn = functionOf(global[`${m}_function`]);
    const sourceA = scopeChannelNumber(String(global[`${m}_source_a`] ?? 'CH1')) ?? 1;
    const sourceB = scopeChannelNumber(String(global[`${m}_source_b`] ?? 'CH2')) ?? 2;
    const scale = global[`${m}_scale`];
    const offset = global[`${m}_offset`];
    return {
      on: fn !== 'off',
      label: mathLabel(i + 1, { function: fn, sourceA, sourceB }),
      unit: mathUnit(fn),
      scale: {
        voltsPerDiv: typeof scale === 'number' && scale > 0 ? scale : 1,
        offsetV: typeof offset === 'number' ? offset : 0,
      },
    };
  });
}

/** The unit of each math channel that is on, by name ("M1" → "V²"), for tables that show units. */
export function mathUnits(traces: readonly MathTrace[]): Record<string, string> {
  return Object.fromEntries(traces.flatMap((t, i) => (t.on ? [[`M${i + 1}`, t.unit]] : [])));
}

/** The scale's unit per division, as a label shows it: "V/div", "V²/div", "/div" for a ratio. */
export function perDivision(unit: string): string {
  return `${unit}/div`;
}
