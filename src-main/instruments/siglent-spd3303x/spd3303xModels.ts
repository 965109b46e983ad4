/**
 * The Siglent SPD3303X and SPD3303X-E as their programming guide and data sheet describe them: two
 * programmable outputs of 0–32 V and 0–3.2 A (30 V / 3 A rated), and a third with a front-panel voltage
 * (2.5, 3.3 or 5 V) that SCPI can only switch (`OUTP CH3,ON`) and not read, so it is left out here. The
 * -E differs only in resolution: 10 mV / 10 mA instead of 1 mV / 1 mA. There is no programmable OVP or
 * OCP over SCPI.
 */

export const SPD3303X_TRACKING_MODES = ['independent', 'series', 'parallel'] as const;
export type Spd3303xTrackingMode = (typeof SPD3303X_TRACKING_MODES)[number];

export interface Spd3303xModel {
  model: 'SPD3303X' | 'SPD3303X-E';
  /** Programmable outputs (CH1, CH2). */
  outputs: number;
  maxVoltageV: number;
  maxCurrentA: number;
  /** Setpoint resolution, V and A. */
  step: number;
}

export const SPD3303X_MODELS: readonly Spd3303xModel[] = [
  { model: 'SPD3303X', outputs: 2, maxVoltageV: 32, maxCurrentA: 3.2, step: 0.001 },
  { model: 'SPD3303X-E', outputs: 2, maxVoltageV: 32, maxCurrentA: 3.2, step: 0.01 },
];

export const SPD3303X_MODEL_NAMES = SPD3303X_MODELS.map((m) => m.model);

export function findSpd3303xModel(name: string): Spd3303xModel | undefined {
  return SPD3303X_MODELS.find((m) => m.model === name.trim().toUpperCase());
}

/**
 * Timing the SPD3303X needs (reported by its users, and modelled by the emulator): at least 10–20 ms
 * between commands or it drops them; it never answers `*OPC?`, so nothing may wait on it.
 */
export const SPD3303X_COMMAND_GAP_MS = 20;

/** The link pacing its port is opened with (the transport's defaults for the rest). */
export const SPD3303X_PACING = { minCommandGapMs: SPD3303X_COMMAND_GAP_MS, opcQuery: false } as const;
