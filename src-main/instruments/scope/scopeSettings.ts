/**
 * The simulated scope's settings: their limits, the demo defaults, how one `set_parameter` changes them
 * and what the acquisition needs from them. Pure; the driver validates against the catalog
 * (scopeCatalog.ts, via instruments/parameters.ts) before calling `applySetting`, so `get_info` and the
 * driver always agree.
 */
import type { ParameterValue } from '../InstrumentDriver.js';
import type { AcquisitionSetup, TriggerMode } from './acquire.js';
import type { Coupling, SignalShape } from './synthesize.js';
import { nearestInLog, oneTwoFiveSteps } from './steps125.js';
import type { TriggerSlope } from './trigger.js';

export const SCOPE_CHANNEL_COUNT = 4;
/** Record lengths offered, points. */
export const RECORD_LENGTHS = [1_000, 10_000, 100_000, 1_000_000] as const;
export const MIN_TIMEBASE_S_PER_DIV = 1e-8;
export const MAX_TIMEBASE_S_PER_DIV = 10;
/** Timebases offered: the 1-2-5 steps of the range, s/div. */
export const TIMEBASES_S_PER_DIV: readonly number[] = oneTwoFiveSteps(
  MIN_TIMEBASE_S_PER_DIV,
  MAX_TIMEBASE_S_PER_DIV,
);
export const MIN_VOLTS_PER_DIV = 0.001;
export const MAX_VOLTS_PER_DIV = 10;
/** Vertical scales offered: the 1-2-5 steps from 1 mV/div to 10 V/div. */
export const VOLTS_PER_DIV: readonly number[] = oneTwoFiveSteps(MIN_VOLTS_PER_DIV, MAX_VOLTS_PER_DIV);
/** Vertical divisions either side of the screen centre (−offset) that the ADC covers: samples beyond clip. */
export const VERTICAL_HALF_DIVISIONS = 5;
/** Trigger hysteresis, in divisions of the source channel. */
export const TRIGGER_HYSTERESIS_DIV = 0.1;
/** Longest trigger holdoff, s (as the DS1000Z and InfiniiVision offer). */
export const MAX_TRIGGER_HOLDOFF_S = 10;
export const RUN_STATES = ['run', 'stop'] as const;
export type RunState = (typeof RUN_STATES)[number];

export interface ScopeChannelSettings {
  enabled: boolean;
  signal: SignalShape;
  frequencyHz: number;
  amplitudeVpp: number;
  /** The simulated signal's DC level, V. */
  dcLevelV: number;
  /** Vertical offset, V: added to the input before the ADC, so the screen centre is at −offsetV. */
  offsetV: number;
  noiseVrms: number;
  dutyPercent: number;
  voltsPerDiv: number;
  coupling: Coupling;
}

export interface ScopeSettings {
  channels: ScopeChannelSettings[];
  timebaseSPerDiv: number;
  recordLength: number;
  /** 1-based channel number. */
  triggerSource: number;
  triggerLevelV: number;
  triggerSlope: TriggerSlope;
  triggerMode: TriggerMode;
  /** Trigger point as a fraction of the record (0.5: centre of the screen). */
  triggerPosition: number;
  /** Time after a trigger before the trigger may arm again, s (0: re-arm at once). */
  triggerHoldoffS: number;
  runState: RunState;
}

const channelDefaults: ScopeChannelSettings = {
  enabled: false,
  signal: 'sine',
  frequencyHz: 1_000,
  amplitudeVpp: 1,
  dcLevelV: 0,
  offsetV: 0,
  noiseVrms: 0.002,
  dutyPercent: 25,
  voltsPerDiv: 0.5,
  coupling: 'dc',
};

/** The demo bench: CH1 1 kHz sine 2 Vpp and CH2 1 kHz square 1 Vpp on, CH3 and CH4 off; 5 periods on screen. */
export function defaultScopeSettings(): ScopeSettings {
  return {
    channels: [
      { ...channelDefaults, enabled: true, signal: 'sine', amplitudeVpp: 2 },
      { ...channelDefaults, enabled: true, signal: 'square', amplitudeVpp: 1, voltsPerDiv: 0.2 },
      { ...channelDefaults, signal: 'triangle', frequencyHz: 500 },
      { ...channelDefaults, signal: 'pulse', frequencyHz: 2_000 },
    ],
    timebaseSPerDiv: 5e-4,
    recordLength: 10_000,
    triggerSource: 1,
    triggerLevelV: 0,
    triggerSlope: 'rising',
    triggerMode: 'auto',
    triggerPosition: 0.5,
    triggerHoldoffS: 0,
    runState: 'run',
  };
}

/** Rounds a timebase to the nearest 1-2-5 step (in log terms), within the published range. */
export function snapTimebaseSPerDiv(value: number): number {
  return nearestInLog(TIMEBASES_S_PER_DIV, value);
}

/** Rounds a vertical scale to the nearest 1-2-5 step (in log terms), within the published range. */
export function snapVoltsPerDiv(value: number): number {
  return nearestInLog(VOLTS_PER_DIV, value);
}

/** Rounds a record length to the nearest offered one (in log terms). */
export function snapRecordLength(value: number): number {
  return nearestInLog(RECORD_LENGTHS, value);
}

/**
 * Applies one validated setting; returns the new settings (the old object is untouched) and the value
 * actually applied. `channel` is 1-based for per-channel settings.
 */
export function applySetting(
  settings: ScopeSettings,
  name: string,
  value: ParameterValue,
  channel: number | undefined,
): { settings: ScopeSettings; applied: ParameterValue } {
  const next: ScopeSettings = { ...settings, channels: settings.channels.map((c) => ({ ...c })) };
  if (channel !== undefined) {
    const ch = next.channels[channel - 1]!;
    switch (name) {
      case 'enabled':
        ch.enabled = value as boolean;
        break;
      case 'signal':
        ch.signal = value as SignalShape;
        break;
      case 'frequency':
        ch.frequencyHz = value as number;
        break;
      case 'amplitude':
        ch.amplitudeVpp = value as number;
        break;
      case 'offset':
        ch.offsetV = value as number;
        break;
      case 'dc_level':
        ch.dcLevelV = value as number;
        break;
      case 'noise':
        ch.noiseVrms = value as number;
        break;
      case 'duty_cycle':
        ch.dutyPercent = value as number;
        break;
      case 'volts_per_div':
        ch.voltsPerDiv = snapVoltsPerDiv(value as number);
        return { settings: next, applied: ch.voltsPerDiv };
      case 'coupling':
        ch.coupling = value as Coupling;
        break;
      default:
        throw new Error(`applySetting: unhandled channel parameter ${name}`);
    }
    return { settings: next, applied: value };
  }
  switch (name) {
    case 'timebase':
      next.timebaseSPerDiv = snapTimebaseSPerDiv(value as number);
      return { settings: next, applied: next.timebaseSPerDiv };
    case 'record_length':
      next.recordLength = snapRecordLength(value as number);
      return { settings: next, applied: next.recordLength };
    case 'trigger_source':
      next.triggerSource = Number((value as string).slice(2));
      break;
    case 'trigger_level':
      next.triggerLevelV = value as number;
      break;
    case 'trigger_slope':
      next.triggerSlope = value as TriggerSlope;
      break;
    case 'trigger_mode':
      next.triggerMode = value as TriggerMode;
      break;
    case 'trigger_position':
      next.triggerPosition = value as number;
      break;
    case 'trigger_holdoff':
      next.triggerHoldoffS = value as number;
      break;
    case 'run_state':
      next.runState = value as RunState;
      break;
    default:
      throw new Error(`applySetting: unhandled parameter ${name}`);
  }
  return { settings: next, applied: value };
}

/** The per-channel part of a `get_parameters` snapshot, with the wire names. */
export function channelSnapshot(ch: ScopeChannelSettings): Record<string, ParameterValue> {
  return {
    enabled: ch.enabled,
    signal: ch.signal,
    frequency: ch.frequencyHz,
    amplitude: ch.amplitudeVpp,
    dc_level: ch.dcLevelV,
    offset: ch.offsetV,
    noise: ch.noiseVrms,
    duty_cycle: ch.dutyPercent,
    volts_per_div: ch.voltsPerDiv,
    coupling: ch.coupling,
  };
}

/** What the acquisition needs from the settings: signals with their ADC range, and the trigger. */
export function toAcquisitionSetup(settings: ScopeSettings): AcquisitionSetup {
  const source = settings.channels[settings.triggerSource - 1]!;
  return {
    channels: settings.channels.map((ch) => ({
      enabled: ch.enabled,
      shape: ch.signal,
      frequencyHz: ch.frequencyHz,
      amplitudeVpp: ch.amplitudeVpp,
      offsetV: ch.dcLevelV,
      dutyPercent: ch.dutyPercent,
      noiseVrms: ch.noiseVrms,
      coupling: ch.coupling,
      fullScaleV: VERTICAL_HALF_DIVISIONS * ch.voltsPerDiv,
      adcCentreV: -ch.offsetV,
    })),
    timebaseSPerDiv: settings.timebaseSPerDiv,
    recordLength: settings.recordLength,
    trigger: {
      sourceIndex: settings.triggerSource - 1,
      levelV: settings.triggerLevelV,
      slope: settings.triggerSlope,
      // Hysteresis scales with the source's vertical scale, as a real trigger comparator's does.
      hysteresisV: TRIGGER_HYSTERESIS_DIV * source.voltsPerDiv,
      mode: settings.triggerMode,
      position: settings.triggerPosition,
      holdoffS: settings.triggerHoldoffS,
    },
  };
}
