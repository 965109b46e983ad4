/**
 * What an instrument offers to acquisitions — unlike a stream's reads, which are snapshots at display rate:
 * either a continuous, gap-free stream of samples per channel at a chosen rate (pumped in real time), or
 * records (a scope's), each a contiguous run of samples at the instrument's own rate, read one after
 * another. See docs/ARCHITECTURE.md, "Acquisition sources".
 */
import type { InstrumentHost } from '../../../instruments/index.js';
import type { DeepCapturePhase } from '../../../../shared/protocol/index.js';
import type { Clock, Timers } from '../../../util/index.js';
import type { AcquisitionChannel, AcquisitionMode } from '../../config.js';

/**
 * The instrument as a capture source reaches it: its host, so every call — driver-specific ones through
 * `run` — waits its turn in the instrument's one queue, with the host's timeout and link judgement.
 */
export type CaptureHost = Pick<InstrumentHost, 'id' | 'capabilities' | 'getParameters' | 'read' | 'run'>;

/** What a capture source is built with besides its host. */
export interface CaptureContext {
  /** Time of reads and of rate measurements; the system clock in the app, a manual one in tests. */
  clock: Clock;
  /** Waits between polls (a deep capture's trigger wait); default Node's timers. */
  timers?: Timers;
}

/** A capture the source cannot make, for the refusal: the request's field, why, and the figure allowed. */
export interface CaptureRefusal {
  field: 'sample_rate_hz' | 'mode';
  message: string;
  /** For a rate: the highest the source allows now, Hz. */
  maxSampleRateHz?: number;
}

/** Produces the samples of one capture, block after block, with no gap and no overlap. */
export interface SampleGenerator {
  /**
   * Writes the next `count` samples of every chosen channel into `out[c][0, count)`, continuing exactly
   * where the previous call ended. `firstTimeMs` is the wall time (epoch ms) of the first of them; after a
   * pause it is later than the previous block's end, and the signal moves on accordingly. Calls never
   * overlap. Rejects when the instrument fails; the capture then stops with that reason.
   */
  generate(count: number, firstTimeMs: number, out: readonly Float32Array[]): Promise<void>;
  /** What it achieved so far, for the acquisition's live figures (a polled supply's read rate). */
  stats?(): Record<string, number>;
}

/** One record of the chosen channels (in the order asked for), each sample at t0Ms + n / sampleRateHz. */
export interface CapturedRecord {
  kind: 'record';
  /** Epoch ms of the first sample. */
  t0Ms: number;
  sampleRateHz: number;
  channels: Float32Array[];
}

/**
 * A read that brought no record: `missed` when one was due and did not arrive (lost on the way: a gap in
 * the capture, counted), `waiting` when the instrument has none to give yet (no trigger, stopped), `end`
 * when the reader has no more to give (a single deep record delivered, or its download cancelled): the
 * capture completes.
 */
export interface NoRecord {
  kind: 'missed' | 'waiting' | 'end';
  reason: string;
}

/** Reads the records of one capture, one at a time (calls never overlap). */
export interface RecordReader {
  /** The next record; rejects when the instrument fails (the capture waits out a lost link, or stops). */
  next(): Promise<CapturedRecord | NoRecord>;
  /**
   * Cancels a record being read, where that can be done (a deep download, through its AbortSignal): the
   * pending `next` then resolves `end` promptly. Readers without it finish the record they are reading.
   */
  cancel?(): void;
}

/** A single deep record's progress, as the source reports it (the wire's `acquisition_progress`). */
export interface DeepCaptureProgress {
  phase: DeepCapturePhase;
  /** Points read so far over every channel, of `totalPoints` (0 until the preamble is read). */
  receivedPoints: number;
  totalPoints: number;
  /** Sample bytes read so far (one per point in BYTE format). */
  receivedBytes: number;
  /** Mean rate since the download's first byte, bytes/s; 0 before any. */
  rateBytesPerS: number;
  /** Seconds left at that rate; undefined until a rate is known. */
  etaS: number | undefined;
}

/** What a record capture tells its reader besides the channels. */
export interface RecordReaderOptions {
  /** single_deep: how long to wait for the scope's trigger, s. */
  triggerTimeoutS?: number;
  /** Progress of a record that takes long to read (a deep download). */
  onProgress?(progress: DeepCaptureProgress): void;
}

/** What every capture source says about itself. */
interface CaptureSourceBase {
  readonly equipmentId: string;
  /** Every channel that may be captured, with its unit, in the instrument's order. */
  readonly channels: readonly AcquisitionChannel[];
  /** Highest sample rate per channel, Hz. */
  readonly maxSampleRateHz: number;
  /**
   * Checks a capture against what the instrument allows now (a polled supply's measured read rate, a
   * scope's record rate), beyond the fixed `maxSampleRateHz`; undefined when it can be made.
   */
  admit?(plan: { mode: AcquisitionMode; sampleRateHz: number }): Promise<CaptureRefusal | undefined>;
  /** The instrument's settings now, kept with the acquisition (meta.json `instrument_settings`). */
  settings(): Promise<Record<string, unknown>>;
}

/** A source sampled in real time at the capture's rate (SamplePump). */
export interface StreamCaptureSource extends CaptureSourceBase {
  readonly pacing: 'stream';
  /**
   * The pump period this source needs, ms, where the capture's default would cost it samples: a polled
   * source reads once a tick, so the period adds to every read's latency.
   */
  readonly blockIntervalMs?: number;
  /** A generator of the named channels (in that order) at `sampleRateHz`, starting at phase 0. */
  open(channels: readonly string[], sampleRateHz: number): SampleGenerator;
}

/** A source read record by record (RecordPump): each record is its own time segment unless contiguous. */
export interface RecordCaptureSource extends CaptureSourceBase {
  readonly pacing: 'records';
  /** Least time from one record read to the next, ms (the instrument's own acquisition pace). */
  readonly minReadIntervalMs: number;
  /**
   * True when a lost link ends the capture (`source_failed`) instead of being ridden out in a new segment:
   * a single deep record cannot be continued after its download broke off.
   */
  readonly endsOnOutage?: boolean;
  /** A reader of the named channels' records (in that order); every record must be at `sampleRateHz`. */
  openRecords(channels: readonly string[], sampleRateHz: number, options?: RecordReaderOptions): RecordReader;
}

/** One instrument's acquisition capability. */
export type CaptureSource = StreamCaptureSource | RecordCaptureSource;
