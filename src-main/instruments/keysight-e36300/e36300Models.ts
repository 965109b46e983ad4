/**
 * The Keysight E36300 family as its programming guide and data sheet describe it: three outputs whose
 * programmable ranges run 3 % past the rating (6.18 V on a 6 V output, 25.75 V on a 25 V one — the figures
 * libsigrok's scpi-pps profile read from an E36312A with `SOUR:VOLT? MAX,(@n)`), 1 mV / 1 mA programming
 * resolution, OVP from 0.5 V to 110 % of the rating and always armed, and OCP that trips when the output
 * goes into current limit (its level is the current setting). The E36311A's third output is −25 V; the
 * E36312A and E36313A pair outputs 2 and 3 in series or parallel.
 */

export interface E36300Output {
  /** Rated voltage magnitude, V (the front panel's name for it, e.g. "25 V"). */
  ratedVoltageV: number;
  /** Programmable voltage magnitude range, V. */
  maxVoltageV: number;
  minCurrentA: number;
  maxCurrentA: number;
  ovpMinV: number;
  ovpMaxV: number;
  /** True for the E36311A's −25 V output: settings and readback are negative voltages. */
  negative: boolean;
}

export const E36300_TRACKING_MODES = ['independent', 'series', 'parallel', 'track'] as const;
export type E36300TrackingMode = (typeof E36300_TRACKING_MODES)[number];

export interface E36300Model {
  model: 'E36311A' | 'E36312A' | 'E36313A';
  description: string;
  outputs: readonly E36300Output[];
  /** Coupling modes of outputs 2 and 3 (`OUTP:PAIR` where offered, `OUTP:TRAC` on all). */
  trackingModes: readonly E36300TrackingMode[];
}

/** Setpoint resolution of every output, V and A. */
export const E36300_STEP = 0.001;

const out6V = (maxCurrentA: number): E36300Output => ({
  ratedVoltageV: 6,
  maxVoltageV: 6.18,
  minCurrentA: 0.002,
  maxCurrentA,
  ovpMinV: 0.5,
  ovpMaxV: 6.6,
  negative: false,
});

const out25V = (maxCurrentA: number, negative = false): E36300Output => ({
  ratedVoltageV: 25,
  maxVoltageV: 25.75,
  minCurrentA: 0.001,
  maxCurrentA,
  ovpMinV: 0.5,
  ovpMaxV: 27.5,
  negative,
});

export const E36300_MODELS: readonly E36300Model[] = [
  {
    model: 'E36311A',
    description: '6 V 5 A, +25 V 1 A, −25 V 1 A',
    outputs: [out6V(5.15), out25V(1.03), out25V(1.03, true)],
    trackingModes: ['independent', 'track'],
  },
  {
    model: 'E36312A',
    description: '6 V 5 A, 25 V 1 A, 25 V 1 A',
    outputs: [out6V(5.15), out25V(1.03), out25V(1.03)],
    trackingModes: E36300_TRACKING_MODES,
  },
  {
    model: 'E36313A',
    description: '6 V 10 A, 25 V 2 A, 25 V 2 A',
    outputs: [out6V(10.3), out25V(2.06), out25V(2.06)],
    trackingModes: E36300_TRACKING_MODES,
  },
];

export const E36300_MODEL_NAMES = E36300_MODELS.map((m) => m.model);

export function findE36300Model(name: string): E36300Model | undefined {
  return E36300_MODELS.find((m) => m.model === name.trim().toUpperCase());
}

/** The programmable voltage range of an output, V (negative for the −25 V one). */
export function voltageRange(output: E36300Output): { min: number; max: number } {
  return output.negative ? { min: -output.maxVoltageV, max: 0 } : { min: 0, max: output.maxVoltageV };
}
