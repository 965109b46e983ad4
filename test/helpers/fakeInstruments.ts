/**
 * Instruments with no capture source of their own, as a real supply or scope is: the generic capture
 * paths are tested against them. Time is a manual clock: a supply's read takes `readMs` of it (the read
 * moves it on), a scope's records carry the times the test scripts.
 */
import type { InstrumentDescription, PsuChannelReading, StreamType } from '../../shared/protocol/index.js';
import {
  DriverError,
  type Identity,
  type InstrumentDriver,
  type InstrumentEvent,
  type ParameterSnapshot,
  type ParameterValue,
  type StreamSample,
} from '../../src-main/instruments/InstrumentDriver.js';
import type { Clock } from '../../src-main/util/clock.js';

/** A clock the test (or a fake instrument) moves by hand. */
export interface ManualClock extends Clock {
  advance(ms: number): void;
}

export function manualClock(startMs = 1_700_000_000_000): ManualClock {
  let nowMs = startMs;
  return { nowMs: () => nowMs, advance: (ms) => void (nowMs += ms) };
}

abstract class FakeInstrument {
  abstract readonly id: string;
  abstract capabilities(): InstrumentDescription;

  async connect(): Promise<void> {}

  async identify(): Promise<Identity> {
    const { vendor, model, serial } = this.capabilities();
    return { vendor, model, serial, firmware: '1' };
  }

  async getParameters(): Promise<ParameterSnapshot> {
    return { global: {}, channels: {} };
  }

  async setParameter(parameter: string): Promise<ParameterValue> {
    throw new DriverError(`unknown parameter "${parameter}"`, 'unknown_parameter');
  }

  onEvent(_listener: (event: InstrumentEvent) => void): () => void {
    return () => undefined;
  }

  async close(): Promise<void> {}
}

/** A two-output supply whose reads take `readMs` on the clock; reading n reads n V and n/10 A on CH1. */
export class FakeSupply extends FakeInstrument implements InstrumentDriver {
  readonly id = 'psu_x';
  readonly kind = 'power_supply' as const;
  reads = 0;
  /** The next reads (this many) bring no reading, as a lost one does. */
  dropReads = 0;

  constructor(
    readonly clock: ManualClock,
    public readMs: number,
  ) {
    super();
  }

  capabilities(): InstrumentDescription {
    return {
      id: this.id,
      kind: 'power_supply',
      profile: 'power_supply',
      vendor: 'Fake',
      model: 'FAKE-PSU2',
      serial: 'F1',
      channels: [
        { name: 'CH1', unit: 'V', min: 0, max: 30 },
        { name: 'CH2', unit: 'V', min: 0, max: 30 },
      ],
      streams: [
        { stream_type: 'readings', min_interval_ms: 10, max_interval_ms: 60_000, encodings: ['json'] },
      ],
      parameters: [],
    };
  }

  async read(streamType: StreamType): Promise<StreamSample> {
    if (streamType !== 'readings') throw new DriverError(`no ${streamType} stream`, 'invalid_value');
    this.clock.advance(this.readMs);
    const n = ++this.reads;
    if (this.dropReads > 0) {
      this.dropReads--;
      return { kind: 'none', timestampMs: this.clock.nowMs(), reason: 'dropped' };
    }
    const reading = (volts: number): PsuChannelReading => ({
      channel: 1,
      voltage_set: volts,
      current_set: 1,
      voltage_actual: volts,
      current_actual: volts / 10,
      power: volts * (volts / 10),
      output_enabled: true,
      in_cv_mode: true,
      in_cc_mode: false,
      timestamp: this.clock.nowMs(),
    });
    return { kind: 'readings', timestampMs: this.clock.nowMs(), readings: [reading(n), reading(-n)] };
  }
}

/** What a fake scope's next read brings. */
export type ScriptedRead =
  | { record: { t0Ms: number; rateHz: number; values: number[] } }
  | { none: 'dropped' | 'waiting_for_trigger' }
  | { fail: DriverError };

/** A two-channel scope that answers each waveform read with the next scripted entry (then: waiting). */
export class FakeScope extends FakeInstrument implements InstrumentDriver {
  readonly id = 'scope_x';
  readonly kind = 'oscilloscope' as const;
  readonly script: ScriptedRead[] = [];
  reads = 0;

  constructor(readonly minIntervalMs = 1) {
    super();
  }

  capabilities(): InstrumentDescription {
    return {
      id: this.id,
      kind: 'oscilloscope',
      profile: 'oscilloscope',
      vendor: 'Fake',
      model: 'FAKE-SCOPE2',
      serial: 'F2',
      channels: [
        { name: 'CH1', unit: 'V', min: -10, max: 10 },
        { name: 'CH2', unit: 'V', min: -10, max: 10 },
      ],
      streams: [
        {
          stream_type: 'waveform',
          min_interval_ms: this.minIntervalMs,
          max_interval_ms: 60_000,
          encodings: ['json'],
        },
      ],
      parameters: [],
    };
  }

  async read(streamType: StreamType): Promise<StreamSample> {
    if (streamType !== 'waveform') throw new DriverError(`no ${streamType} stream`, 'invalid_value');
    this.reads++;
    const next = this.script.shift() ?? { none: 'waiting_for_trigger' };
    if ('fail' in next) throw next.fail;
    if ('none' in next) return { kind: 'none', timestampMs: 0, reason: next.none };
    const { t0Ms, rateHz, values } = next.record;
    // CH1 carries the values, CH2 their negatives: a capture of CH2 alone shows which channel it took.
    return {
      kind: 'record',
      timestampMs: t0Ms,
      record: {
        sampleRateHz: rateHz,
        x0S: 0,
        triggered: true,
        channels: [
          { channel: 1, samples: Float32Array.from(values) },
          { channel: 2, samples: Float32Array.from(values, (v) => -v) },
        ],
      },
    };
  }
}
