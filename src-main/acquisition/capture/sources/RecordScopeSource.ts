/**
 * The generic capture of an oscilloscope (one whose driver has no source of its own): its records, read
 * one after another through the host (`read('waveform')`), each a contiguous run of samples at the
 * scope's own rate — set by its timebase and record length, so a capture must ask for exactly that rate.
 * Each record becomes its own time segment unless it continues the previous one (RecordPump); a record
 * lost on the way is a missed record, counted as a gap. A scope triggers each record itself, so the
 * software trigger of a triggered capture (which would cut across records) is refused.
 */
import type { StreamSample } from '../../../instruments/index.js';
import { MAX_SAMPLE_RATE_HZ, type AcquisitionChannel } from '../../config.js';
import { settingsSnapshot } from './settingsSnapshot.js';
import type {
  CaptureHost,
  CaptureRefusal,
  CapturedRecord,
  NoRecord,
  RecordCaptureSource,
  RecordReader,
} from './types.js';

/** A scope whose records make the capture (see the file comment). */
export class RecordScopeSource implements RecordCaptureSource {
  readonly pacing = 'records';
  readonly equipmentId: string;
  readonly channels: readonly AcquisitionChannel[];
  readonly maxSampleRateHz = MAX_SAMPLE_RATE_HZ;
  readonly minReadIntervalMs: number;
  readonly #host: CaptureHost;
  #readers = 0;
  #recordRateHz: number | undefined;

  constructor(host: CaptureHost) {
    this.#host = host;
    this.equipmentId = host.id;
    const info = host.capabilities();
    this.channels = info.channels.map((c) => ({ name: c.name, unit: c.unit }));
    // The waveform stream's shortest interval is the scope's own word on how often it makes a record.
    this.minReadIntervalMs = info.streams.find((s) => s.stream_type === 'waveform')?.min_interval_ms ?? 0;
  }

  async admit(plan: { mode: string; sampleRateHz: number }): Promise<CaptureRefusal | undefined> {
    const who = this.#who();
    if (plan.mode === 'triggered') {
      return {
        field: 'mode',
        message: `${who} is captured record by record, each on its own trigger: use continuous or single (a software trigger would cut across records)`,
      };
    }
    const sample = await this.#host.read('waveform');
    if (sample.kind !== 'record') {
      const why = sample.kind === 'none' ? sample.reason.replaceAll('_', ' ') : sample.kind;
      return {
        field: 'sample_rate_hz',
        message: `${who} gave no record to take its sample rate from (${why}); try again once it is acquiring`,
      };
    }
    const rateHz = sample.record.sampleRateHz;
    this.#recordRateHz = rateHz;
    if (sameRate(rateHz, plan.sampleRateHz)) return undefined;
    return {
      field: 'sample_rate_hz',
      message: `${who} records at ${rateHz} Sa/s (its timebase and record length); ${plan.sampleRateHz} Hz asked: a record capture runs at the scope's own rate`,
      maxSampleRateHz: rateHz,
    };
  }

  async settings(): Promise<Record<string, unknown>> {
    const snapshot = await settingsSnapshot(this.#host);
    const rateHz = this.#recordRateHz;
    return {
      ...snapshot,
      capture: { method: 'records', ...(rateHz !== undefined && { record_rate_hz: rateHz }) },
    };
  }

  openRecords(channels: readonly string[]): RecordReader {
    const numbers = channels.map((name) => {
      const index = this.channels.findIndex((c) => c.name === name);
      if (index < 0) throw new RangeError(`${this.equipmentId} has no acquisition channel ${name}`);
      return index + 1;
    });
    // Its own reader id: a driver that shares acquisitions between readers never serves it one twice.
    const readerId = `capture:${this.equipmentId}:${++this.#readers}`;
    return {
      next: async () =>
        toRecord(this.equipmentId, channels, numbers, await this.#host.read('waveform', { readerId })),
    };
  }

  #who(): string {
    const { model } = this.#host.capabilities();
    return model === '' ? this.equipmentId : `${this.equipmentId} (${model})`;
  }
}

function sameRate(a: number, b: number): boolean {
  return Math.abs(a - b) <= Math.max(a, b) * 1e-9;
}

/** The chosen channels of a read's record (copied: a driver may reuse its arrays), or why there is none. */
function toRecord(
  equipmentId: string,
  names: readonly string[],
  numbers: readonly number[],
  sample: StreamSample,
): CapturedRecord | NoRecord {
  switch (sample.kind) {
    case 'record': {
      const { record } = sample;
      const channels = numbers.map((n, i) => {
        const found = record.channels.find((c) => c.channel === n);
        if (found === undefined) {
          const carried = record.channels.map((c) => `CH${c.channel}`).join(', ');
          throw new Error(`${names[i]} is not enabled on ${equipmentId}: its records carry ${carried}`);
        }
        return found.samples.slice();
      });
      return { kind: 'record', t0Ms: sample.timestampMs, sampleRateHz: record.sampleRateHz, channels };
    }
    case 'none':
      return sample.reason === 'dropped'
        ? { kind: 'missed', reason: 'the record was lost on the way' }
        : { kind: 'waiting', reason: sample.reason.replaceAll('_', ' ') };
    default:
      throw new Error(`${equipmentId} answered a waveform read with ${sample.kind}`);
  }
}
