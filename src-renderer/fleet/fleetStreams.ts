/**
 * A fleet bench's history records and waveforms as the stream messages a direct bench would send (pure):
 * a readings record as each readings stream's `stream_data` (the same `data` the backend renders, see
 * src-main/server/streams/renderStreamData.ts), a measurements record likewise, and the newest waveform
 * of every channel as one binary waveform frame of min/max pairs — so the panels read a fleet bench
 * exactly as a direct one.
 */
import type { FleetWaveformFrame } from '../../shared/codec/fleetWaveformFrame';
import { encodeFrame, FrameFlags, FrameKind, maskOfChannels } from '../../shared/codec/frame';
import type { HistoryRecord } from '../../shared/protocol/fleet';

/** A stream a panel started on a fleet bench: served here from the bench's records, not by a backend. */
export interface FleetStream {
  streamId: number;
  equipmentId: string;
  streamType: string;
  channel: number | undefined;
  /** The next message's seq; a jump tells the panels records were lost (a gap). */
  nextSeq: number;
}

export interface StreamDataOut {
  type: 'stream_data';
  equipment_id: string;
  stream_type: string;
  stream_id: number;
  seq: number;
  timestamp: number;
  data: Record<string, unknown>;
}

type Reading = { channel: number; [key: string]: unknown };

function isReading(value: unknown): value is Reading {
  return typeof value === 'object' && value !== null && typeof (value as Reading).channel === 'number';
}

/** The `data` a stream of `channel` (undefined: every channel) gets from one record; undefined: nothing. */
function streamData(record: HistoryRecord, channel: number | undefined): Record<string, unknown> | undefined {
  if (record.kind === 'readings') {
    if (!Array.isArray(record.data)) return undefined;
    const readings = record.data.filter(isReading);
    const primary = channel === undefined ? readings[0] : readings.find((r) => r.channel === channel);
    if (primary === undefined) return undefined;
    return { ...primary, channels: channel === undefined ? readings : [primary] };
  }
  if (record.kind === 'measurements') {
    if (typeof record.data !== 'object' || record.data === null) return undefined;
    const values = record.data as Record<string, unknown>;
    if (channel === undefined) return values;
    const name = `CH${channel}`;
    return values[name] === undefined ? undefined : { [name]: values[name] };
  }
  return undefined;
}

/** The `stream_data` messages one record makes for the streams started (their seqs advanced). */
export function recordStreamData(record: HistoryRecord, streams: Iterable<FleetStream>): StreamDataOut[] {
  const out: StreamDataOut[] = [];
  if (record.kind === 'event' || record.equipment_id === undefined) return out;
  for (const stream of streams) {
    if (stream.equipmentId !== record.equipment_id || stream.streamType !== record.kind) continue;
    const data = streamData(record, stream.channel);
    if (data === undefined) continue;
    out.push({
      type: 'stream_data',
      equipment_id: stream.equipmentId,
      stream_type: stream.streamType,
      stream_id: stream.streamId,
      seq: stream.nextSeq++,
      timestamp: record.timestamp,
      data,
    });
  }
  return out;
}

/** Waveforms older than the newest by more than this are left out of its frame (a channel turned off), ms. */
export const STALE_CHANNEL_MS = 1_000;

/**
 * One binary waveform frame from the newest waveform of each channel of an instrument: the channels of the
 * newest one's length and not stale (a bench publishes each channel of a record separately). `channel`
 * limits it to one channel. Undefined when there is nothing to draw.
 */
export function waveformFrame(
  newest: FleetWaveformFrame,
  byChannel: ReadonlyMap<number, FleetWaveformFrame>,
  stream: FleetStream,
): ArrayBuffer | undefined {
  const pairs = newest.min_max.length / 2;
  if (pairs === 0 || !Number.isInteger(pairs)) return undefined;
  const channels = [...byChannel.values()]
    .filter(
      (w) =>
        (stream.channel === undefined || w.channel === stream.channel) &&
        w.channel >= 1 &&
        w.channel <= 32 &&
        w.min_max.length === newest.min_max.length &&
        newest.timestamp - w.timestamp <= STALE_CHANNEL_MS,
    )
    .sort((a, b) => a.channel - b.channel);
  if (channels.length === 0) return undefined;
  return encodeFrame(
    {
      kind: FrameKind.waveform,
      flags: FrameFlags.minMax,
      streamId: stream.streamId,
      seq: stream.nextSeq++,
      t0Ms: newest.timestamp,
      // Between pairs: each pair spans samples / pairs of the record's samples.
      dtS: newest.samples / pairs / newest.sample_rate_hz,
      channelMask: maskOfChannels(channels.map((w) => w.channel)),
      samplesPerChannel: newest.min_max.length,
      x0: newest.x0_s,
    },
    channels.map((w) => w.min_max),
  );
}
