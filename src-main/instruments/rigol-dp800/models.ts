/**
 * The Rigol DP800 family as `*IDN?` names it, with each output's programmable ranges (DP800 programming
 * guide, "Appendix: Default Settings" and the :APPLy ranges; slightly above the rating: a DP832's 30 V
 * output takes up to 32 V) and protection ranges. "A" models differ only in resolution.
 */

export interface Dp800Output {
  /** Rating, for people: "30V/3A". */
  rating: string;
  /** Programmable setpoint range, V (DP831 CH3 is the negative output: −32..0 V). */
  minVoltageV: number;
  maxVoltageV: number;
  maxCurrentA: number;
  /** OVP / OCP threshold ranges. */
  ovpMaxV: number;
  ocpMaxA: number;
  /** Setpoint resolution, V and A. */
  voltageStepV: number;
  currentStepA: number;
}

export interface Dp800Model {
  /** `*IDN?` model field without the "A" suffix. */
  name: string;
  outputs: Dp800Output[];
  /**
   * The two outputs that track (:OUTP:TRAC; programming guide: CH1/CH2 of the DP832, CH2/CH3 of the DP831),
   * or undefined where the model has no tracking.
   */
  tracking: readonly [number, number] | undefined;
}

/** One output: rating, setpoint range (V, A), protection maxima (V, A), 1 mV / 1 mA resolution. */
const output = (
  rating: string,
  [minVoltageV, maxVoltageV, maxCurrentA]: [number, number, number],
  [ovpMaxV, ocpMaxA]: [number, number],
): Dp800Output => ({
  rating,
  minVoltageV,
  maxVoltageV,
  maxCurrentA,
  ovpMaxV,
  ocpMaxA,
  voltageStepV: 0.001,
  currentStepA: 0.001,
});

export const DP800_MODELS: readonly Dp800Model[] = [
  {
    name: 'DP832',
    outputs: [
      output('30V/3A', [0, 32, 3.2], [33, 3.3]),
      output('30V/3A', [0, 32, 3.2], [33, 3.3]),
      output('5V/3A', [0, 5.3, 3.2], [5.5, 3.3]),
    ],
    tracking: [1, 2],
  },
  {
    name: 'DP831',
    outputs: [
      output('8V/5A', [0, 8.4, 5.3], [8.8, 5.5]),
      output('30V/2A', [0, 32, 2.1], [33, 2.2]),
      output('-30V/2A', [-32, 0, 2.1], [33, 2.2]),
    ],
    tracking: [2, 3],
  },
  {
    name: 'DP821',
    outputs: [output('60V/1A', [0, 63, 1.05], [66, 1.1]), output('8V/10A', [0, 8.4, 10.5], [8.8, 11])],
    tracking: undefined,
  },
  // DP811 in its low range (20 V/10 A), the one it powers up in; the 40 V range is not switched by Benchtop.
  { name: 'DP811', outputs: [output('20V/10A', [0, 21, 10.5], [22, 11])], tracking: undefined },
];

export const SUPPORTED_MODELS = DP800_MODELS.map((m) => m.name).join(', ');

/** The model for a `*IDN?` model field ("DP832", "DP832A"), or undefined when it is not a DP800. */
export function findDp800Model(idnModel: string): Dp800Model | undefined {
  const base = idnModel.trim().toUpperCase().replace(/A$/, '');
  return DP800_MODELS.find((m) => m.name === base);
}
