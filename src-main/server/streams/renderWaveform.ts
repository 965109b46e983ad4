/**
 * Oscilloscope records on the wire. A record can be 4 × 1M points, far more than a plot ~1000 pixels wide
 * can show, so unless the subscriber asked for full resolution it is decimated to min/max pairs (one
 * pair per display point) before it is sent: as a binary frame for clients that accept them, else as
 * `stream_data` JSON capped at the display width.
 */
import { decimateMinMax, bucketDurationS } from '../../../shared/dsp/decimate.js';
import {
  encodeFrameBody,
  encodeFrameHeader,
  FRAME_HEADER_BYTES,
  FrameFlags,
  FrameKind,
  maskOfChannels,
} from '../../../shared/codec/frame.js';
import { scopeChannelName } from '../../../shared/analysis/mathChannels.js';
import type { WaveformJsonData } from '../../../shared/protocol/index.js';
import type { ScopeRecord } from '../../instruments/index.js';
import type { FragmentedFrame } from './OutboundQueue.js';
import type { SessionStream } from './SessionStream.js';

/** How one subscriber wants its waveform: display width and whether to skip decimation. */
export class WaveformView {
  readonly widthPx: number;
  readonly fullResolution: boolean;
  /** The record sent last, held weakly: a stopped scope serves the same record again, which is not resent. */
  #last: WeakRef<ScopeRecord> | undefined;

  constructor(options: { widthPx: number; fullResolution: boolean }) {
    this.widthPx = options.widthPx;
    this.fullResolution = options.fullResolution;
  }

  /** True when `record` is the one this view rendered last (without remembering it). */
  isLast(record: ScopeRecord): boolean {
    return this.#last?.deref() === record;
  }

  /** True when `record` is the one this view rendered last; otherwise remembers it. */
  isRepeat(record: ScopeRecord): boolean {
    if (this.#last?.deref() === record) return true;
    this.#last = new WeakRef(record);
    return false;
  }
}

type Channels = ScopeRecord['channels'];

/**
 * Decimated channel blocks per record and bucket count. Every subscriber of a producer gets the same
 * record object, so subscribers with the same width share one decimation pass instead of one each; the
 * entry goes away with the record.
 */
const decimated = new WeakMap<ScopeRecord, Map<string, Float32Array>>();

function decimatedChannel(record: ScopeRecord, channel: Channels[number], buckets: number): Float32Array {
  let cache = decimated.get(record);
  if (!cache) {
    cache = new Map();
    decimated.set(record, cache);
  }
  const key = `${channel.channel}/${buckets}`;
  let pairs = cache.get(key);
  if (!pairs) {
    pairs = decimateMinMax(channel.samples, buckets);
    cache.set(key, pairs);
  }
  return pairs;
}

/** The record's channels this stream carries: all of them, or the one it selected. */
function selectChannels(record: ScopeRecord, channel: number | undefined): Channels {
  return channel === undefined ? record.channels : record.channels.filter((c) => c.channel === channel);
}

/**
 * Channel blocks of a frame per record and (channels, width or full resolution): one body serves every
 * binary subscriber that wants the same, whatever its stream id and seq; the entry goes away with the
 * record.
 */
const frameBodies = new WeakMap<ScopeRecord, Map<string, ArrayBuffer>>();

function frameBody(
  record: ScopeRecord,
  key: string,
  header: { channelMask: number; samplesPerChannel: number },
  blocks: () => Float32Array[],
): ArrayBuffer {
  let bodies = frameBodies.get(record);
  if (!bodies) {
    bodies = new Map();
    frameBodies.set(record, bodies);
  }
  let body = bodies.get(key);
  if (!body) {
    body = encodeFrameBody(header, blocks());
    bodies.set(key, body);
  }
  return body;
}

/**
 * A binary waveform frame (FrameKind.waveform): min/max pairs over `widthPx` buckets (flag minMax, dt =
 * bucket duration), or the raw record (flag fullResolution) when asked for or when the record has no more
 * than two points per bucket anyway. t0 is the wall time of the first sample, x0 its time relative to the
 * trigger. Sent as two fragments: this stream's header, and the channel blocks shared with every other
 * subscriber that wants the same. Undefined when there is nothing to send.
 */
export function renderWaveformFrame(
  stream: SessionStream,
  view: WaveformView,
  record: ScopeRecord,
  timestampMs: number,
): FragmentedFrame | undefined {
  const channels = selectChannels(record, stream.channel);
  if (channels.length === 0 || view.isRepeat(record)) return undefined;
  const n = channels[0]!.samples.length;
  const decimate = !view.fullResolution && n > 2 * view.widthPx;
  let flags = decimate ? FrameFlags.minMax : FrameFlags.fullResolution;
  if (record.triggered) flags |= FrameFlags.triggered;
  const channelMask = maskOfChannels(channels.map((c) => c.channel));
  const samplesPerChannel = decimate ? 2 * view.widthPx : n;
  const body = frameBody(
    record,
    `${channelMask}/${decimate ? view.widthPx : 'full'}`,
    { channelMask, samplesPerChannel },
    () => channels.map((c) => (decimate ? decimatedChannel(record, c, view.widthPx) : c.samples)),
  );
  const header = encodeFrameHeader({
    kind: FrameKind.waveform,
    flags,
    streamId: stream.streamId,
    seq: stream.nextSeq++,
    t0Ms: timestampMs,
    dtS: decimate ? bucketDurationS(n, view.widthPx, record.sampleRateHz) : 1 / record.sampleRateHz,
    channelMask,
    samplesPerChannel,
    x0: record.x0S,
  });
  return { binary: true, parts: [header, body] };
}

/** Size of the full-resolution frame `record` makes for a stream of `channel` (all when undefined), bytes. */
export function fullResolutionFrameBytes(record: ScopeRecord, channel: number | undefined): number {
  const channels = selectChannels(record, channel);
  return channels.length === 0 ? 0 : FRAME_HEADER_BYTES + 4 * channels.length * channels[0]!.samples.length;
}

/**
 * The `stream_data.data` of a waveform for a JSON client: at most `widthPx` values per channel (min/max
 * pairs over widthPx / 2 buckets when the record is longer), rounded to float32's 7 significant digits.
 * Undefined when the record has none of the selected channels. Depends only on its arguments, so every
 * JSON subscriber with the same channel and width can share one rendering.
 */
export function waveformJsonData(
  record: ScopeRecord,
  channel: number | undefined,
  widthPx: number,
): WaveformJsonData | undefined {
  const channels = selectChannels(record, channel);
  if (channels.length === 0) return undefined;
  const n = channels[0]!.samples.length;
  const buckets = Math.floor(widthPx / 2);
  const minMax = n > widthPx;
  const out: Record<string, number[]> = {};
  for (const selected of channels) {
    const values = minMax ? decimatedChannel(record, selected, buckets) : selected.samples;
    const numbers = new Array<number>(values.length);
    for (let i = 0; i < values.length; i++) numbers[i] = Number(values[i]!.toPrecision(7));
    out[scopeChannelName(selected.channel)] = numbers;
  }
  const numSamples = minMax ? 2 * buckets : n;
  const recordDurationS = n / record.sampleRateHz;
  return {
    num_samples: numSamples,
    sample_rate: numSamples / recordDurationS,
    x0: record.x0S,
    triggered: record.triggered,
    min_max: minMax,
    record_length: n,
    record_sample_rate: record.sampleRateHz,
    channels: out,
  };
}
