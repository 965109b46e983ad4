/**
 * A fleet bench's display-decimated waveform as one binary frame (kind 5, docs/PROTOCOL.md "Binary
 * frames"): the same bytes on the bench's NATS `waveform.<equipment>.<channel>` subject and, forwarded
 * unchanged by the dashboard's backend, on its WebSocket. The generic frame header carries the channel
 * (`channel_mask`, one bit), the timestamp (`t0_ms`), `x0` and the columns (`samples_per_channel` = 2 ×
 * columns, float32 min/max pairs); a small JSON header names the bench and instrument and gives the sample
 * rate and the record's sample count. Reading checks every field and that they agree with each other and
 * with the length: a cut or inconsistent frame is refused with a sentence that says which, never drawn.
 */
import { z } from 'zod';
import {
  checkFramePreamble,
  channelsInMask,
  FRAME_HEADER_BYTES,
  FRAME_MAGIC,
  FRAME_VERSION,
  FrameDecodeError,
  FrameFlags,
  FrameKind,
} from './frame.js';

/** A fleet waveform frame that cannot be read. */
export class FleetWaveformFrameError extends FrameDecodeError {
  override name = 'FleetWaveformFrameError';
}

/** Bench and equipment ids are NATS subject tokens (src-main/fleet/subjects.ts). */
const subjectToken = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a subject token');

const metaSchema = z.strictObject({
  bench: subjectToken,
  equipment_id: subjectToken,
  /** The record's sample rate before decimation, Hz. */
  sample_rate_hz: z.number().positive().finite(),
  /** Samples the record had before decimation (at least one per column). */
  samples: z.number().int().positive(),
});

type FleetWaveformMeta = z.infer<typeof metaSchema>;
const SUBJECT_TOKEN = /^[A-Za-z0-9_-]{1,64}$/;
const META_KEYS = new Set(['bench', 'equipment_id', 'sample_rate_hz', 'samples']);

/**
 * True when `metaSchema` certainly accepts `value`, checked by hand with its rules and no looser: a
 * dashboard reads 800 of these headers a second from 20 benches, and zod's walk of each (without its
 * compiled path under the page's CSP) was most of the page's validation time. False says only "ask the
 * schema", which names the field at fault.
 */
function isWellFormedMeta(value: unknown): value is FleetWaveformMeta {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  for (const key in value) if (!META_KEYS.has(key)) return false;
  const m = value as Record<string, unknown>;
  return (
    typeof m.bench === 'string' &&
    SUBJECT_TOKEN.test(m.bench) &&
    typeof m.equipment_id === 'string' &&
    SUBJECT_TOKEN.test(m.equipment_id) &&
    Number.isFinite(m.sample_rate_hz) &&
    (m.sample_rate_hz as number) > 0 &&
    Number.isSafeInteger(m.samples) &&
    (m.samples as number) > 0
  );
}

/** The JSON header's text; one decoder for every frame. */
const utf8 = new TextDecoder();

/** What a fleet waveform frame says besides its values (names as in the JSON `FleetWaveform`). */
export interface FleetWaveformHeader {
  bench: string;
  equipment_id: string;
  /** 1-based scope channel. */
  channel: number;
  /** The record's first sample, ms since epoch (bench clock). */
  timestamp: number;
  sample_rate_hz: number;
  /** Time of the first sample relative to the trigger, s. */
  x0_s: number;
  samples: number;
  /** min/max pairs. */
  columns: number;
}

export interface FleetWaveformFrame extends FleetWaveformHeader {
  /** Interleaved (min, max) per column, V: a view over the frame's bytes (copied once if unaligned). */
  min_max: Float32Array;
}

/** Bytes the JSON header takes: its length rounded up to a multiple of 8 (the blocks stay aligned). */
const pad8 = (n: number): number => Math.ceil(n / 8) * 8;

/** Seconds between min/max pairs: each pair covers samples / columns of the record's samples. */
function pairSpacingS(samples: number, columns: number, sampleRateHz: number): number {
  return samples / columns / sampleRateHz;
}

/** The last meta encoded, with its bytes: a record's channels follow one another with the same meta. */
let lastMeta:
  | { bench: string; equipment_id: string; sample_rate_hz: number; samples: number; bytes: Uint8Array }
  | undefined;

/**
 * The JSON header's bytes, checked (ids as subject tokens); the last one's again when the fields are the
 * same — a bench's four channels of one record — instead of checking and encoding it four times.
 */
function metaBytes(header: Omit<FleetWaveformHeader, 'columns'>): Uint8Array {
  const last = lastMeta;
  if (
    last !== undefined &&
    last.bench === header.bench &&
    last.equipment_id === header.equipment_id &&
    last.sample_rate_hz === header.sample_rate_hz &&
    last.samples === header.samples
  )
    return last.bytes;
  const meta = metaSchema.parse({
    bench: header.bench,
    equipment_id: header.equipment_id,
    sample_rate_hz: header.sample_rate_hz,
    samples: header.samples,
  });
  const bytes = new TextEncoder().encode(JSON.stringify(meta));
  lastMeta = { ...meta, bytes };
  return bytes;
}

/**
 * Encodes one channel's min/max pairs (`minMax`, interleaved, 2 × columns values) into a new frame.
 * @throws RangeError for values a reader would refuse (ids that are not subject tokens, an odd or empty
 *   `minMax`, a channel outside 1..32, fewer samples than columns).
 */
export function encodeFleetWaveformFrame(
  header: Omit<FleetWaveformHeader, 'columns'>,
  minMax: Float32Array,
): Uint8Array {
  const columns = minMax.length / 2;
  if (!Number.isInteger(columns) || columns < 1)
    throw new RangeError(`min/max values must be pairs, at least one: got ${minMax.length}`);
  if (!Number.isInteger(header.channel) || header.channel < 1 || header.channel > 32)
    throw new RangeError(`channel ${header.channel} is not in 1..32`);
  if (header.samples < columns)
    throw new RangeError(`${columns} columns from ${header.samples} samples: fewer samples than columns`);
  const meta = metaBytes(header);
  const blocksAt = FRAME_HEADER_BYTES + pad8(meta.length);
  const bytes = new Uint8Array(blocksAt + minMax.length * 4);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, FRAME_MAGIC, true);
  view.setUint8(4, FRAME_VERSION);
  view.setUint8(5, FrameKind.fleetWaveform);
  view.setUint16(6, FrameFlags.minMax, true);
  // stream_id and seq (8–15) stay 0: the frame is named by its JSON header, and waveforms are latest-wins.
  view.setFloat64(16, header.timestamp, true);
  view.setFloat64(24, pairSpacingS(header.samples, columns, header.sample_rate_hz), true);
  view.setUint16(32, 1, true);
  view.setUint32(36, minMax.length, true);
  view.setUint32(40, (1 << (header.channel - 1)) >>> 0, true);
  view.setUint32(44, meta.length, true);
  view.setFloat64(48, header.x0_s, true);
  bytes.fill(0x20, FRAME_HEADER_BYTES, blocksAt).set(meta, FRAME_HEADER_BYTES);
  new Float32Array(bytes.buffer, blocksAt, minMax.length).set(minMax);
  return bytes;
}

function bytesOf(input: ArrayBuffer | ArrayBufferView): Uint8Array {
  return ArrayBuffer.isView(input)
    ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength)
    : new Uint8Array(input);
}

/** Whether `input` is a frame of kind 5 (by its magic and kind only; reading it checks the rest). */
export function isFleetWaveformFrame(input: ArrayBuffer | ArrayBufferView): boolean {
  const bytes = bytesOf(input);
  if (bytes.byteLength < FRAME_HEADER_BYTES) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return view.getUint32(0, true) === FRAME_MAGIC && view.getUint8(5) === FrameKind.fleetWaveform;
}

/**
 * Reads and checks a frame's header (every field, and the length) without touching its values: what a
 * backend forwarding the bytes needs. @throws FleetWaveformFrameError naming what is wrong.
 */
export function readFleetWaveformHeader(input: ArrayBuffer | ArrayBufferView): FleetWaveformHeader {
  return readHeader(bytesOf(input)).header;
}

/** Reads a whole frame; the values are a view over its bytes. @throws FleetWaveformFrameError. */
export function decodeFleetWaveformFrame(input: ArrayBuffer | ArrayBufferView): FleetWaveformFrame {
  let bytes = bytesOf(input);
  const { header, blocksAt } = readHeader(bytes);
  // A Float32Array view needs 4-byte alignment; a Node Buffer slice may not have it.
  if ((bytes.byteOffset + blocksAt) % 4 !== 0) bytes = bytes.slice();
  return {
    ...header,
    min_max: new Float32Array(bytes.buffer, bytes.byteOffset + blocksAt, header.columns * 2),
  };
}

function fail(message: string): never {
  throw new FleetWaveformFrameError(`fleet waveform frame: ${message}`);
}

/** The JSON header, checked: by hand when well formed, else by the schema, which names what is wrong. */
function checkedMeta(value: unknown): FleetWaveformMeta {
  if (isWellFormedMeta(value)) return value;
  const meta = metaSchema.safeParse(value);
  if (!meta.success) {
    const issue = meta.error.issues[0];
    fail(`JSON header: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  return meta.data;
}

function readHeader(bytes: Uint8Array): { header: FleetWaveformHeader; blocksAt: number } {
  const length = bytes.byteLength;
  const view = checkFramePreamble(bytes, FrameKind.fleetWaveform, fail);
  if ((view.getUint16(6, true) & FrameFlags.minMax) === 0) fail('values are not min/max pairs (flag bit 0)');
  const mask = view.getUint32(40, true);
  const channels = channelsInMask(mask);
  if (channels.length !== 1 || view.getUint16(32, true) !== 1)
    fail(`carries ${view.getUint16(32, true)} channels (mask ${mask}); one channel per frame`);
  const values = view.getUint32(36, true);
  if (values < 2 || values % 2 !== 0) fail(`${values} values per channel; expected min/max pairs`);
  const metaBytes = view.getUint32(44, true);
  const blocksAt = FRAME_HEADER_BYTES + pad8(metaBytes);
  const expected = blocksAt + values * 4;
  if (length !== expected) fail(`${length} bytes, but its header says ${expected} (cut short or padded)`);
  let metaValue: unknown;
  try {
    metaValue = JSON.parse(utf8.decode(bytes.subarray(FRAME_HEADER_BYTES, FRAME_HEADER_BYTES + metaBytes)));
  } catch {
    fail('its JSON header is not JSON');
  }
  const meta = checkedMeta(metaValue);
  const columns = values / 2;
  const { samples, sample_rate_hz } = meta;
  if (samples < columns) fail(`${columns} columns from ${samples} samples`);
  const timestamp = view.getFloat64(16, true);
  const x0S = view.getFloat64(48, true);
  if (!Number.isFinite(timestamp) || !Number.isFinite(x0S)) fail('t0_ms and x0 must be finite');
  const spacingS = view.getFloat64(24, true);
  const expectedS = pairSpacingS(samples, columns, sample_rate_hz);
  if (!(Math.abs(spacingS - expectedS) <= expectedS * 1e-9))
    fail(`dt_s ${spacingS} disagrees with ${samples} samples at ${sample_rate_hz} Hz in ${columns} columns`);
  return {
    header: {
      bench: meta.bench,
      equipment_id: meta.equipment_id,
      channel: channels[0]!,
      timestamp,
      sample_rate_hz,
      x0_s: x0S,
      samples,
      columns,
    },
    blocksAt,
  };
}

/** A fleet waveform frame as a backend forwards it: its checked header and its bytes, unchanged. */
export interface FleetWaveformBytes {
  header: FleetWaveformHeader;
  bytes: Uint8Array;
}
