/**
 * Turns a producer's sample into the frame one subscriber receives: the streaming guide's `stream_data`
 * JSON (with a per-stream `seq` and numeric `timestamp`), or a binary waveform frame on a binary stream.
 * Returns undefined when the sample has nothing for this subscriber.
 *
 * Every subscriber of a producer is handed the same sample object, and most of them want the same `data`
 * (the same channel selection, the same display width): that part is serialised and UTF-8 encoded once
 * per sample and shared, and only the small envelope (stream id, seq) is written per subscriber. With
 * twenty clients on one stream that is one JSON.stringify of the payload instead of twenty, and no copy
 * of it per client at all: the message goes out in fragments, envelope + shared data + "}" (a JSON
 * waveform's data is ~90 kB).
 */
import { WAVEFORM_WIDTH_DEFAULT, type PsuReadingsData } from '../../../shared/protocol/index.js';
import type { StreamSample } from '../../instruments/index.js';
import type { FragmentedFrame } from './OutboundQueue.js';
import { renderWaveformFrame, waveformJsonData, WaveformView } from './renderWaveform.js';
import type { SessionStream } from './SessionStream.js';

/** Serialised `data` per sample (or record) and selection key, UTF-8; entries go away with the sample. */
const sharedData = new WeakMap<object, Map<string, Buffer | undefined>>();

function shared(owner: object, key: string, build: () => string | undefined): Buffer | undefined {
  let byKey = sharedData.get(owner);
  if (!byKey) {
    byKey = new Map();
    sharedData.set(owner, byKey);
  }
  if (byKey.has(key)) return byKey.get(key);
  const json = build();
  const bytes = json === undefined ? undefined : Buffer.from(json, 'utf8');
  byKey.set(key, bytes);
  return bytes;
}

const CLOSING_BRACE = Buffer.from('}');
/** Shared `data` shorter than this is copied into one message rather than sent as fragments, bytes. */
const COPY_BELOW_BYTES = 16 * 1024;

function readingsJson(
  sample: Extract<StreamSample, { kind: 'readings' }>,
  channel: number | undefined,
): string | undefined {
  const primary =
    channel === undefined ? sample.readings[0] : sample.readings.find((r) => r.channel === channel);
  if (!primary) return undefined;
  const payload: PsuReadingsData = {
    ...primary,
    channels: channel === undefined ? sample.readings : [primary],
  };
  return JSON.stringify(payload);
}

function measurementsJson(
  sample: Extract<StreamSample, { kind: 'measurements' }>,
  channel: number | undefined,
): string | undefined {
  if (channel === undefined) return JSON.stringify(sample.values);
  const name = `CH${channel}`;
  const values = sample.values[name];
  return values ? JSON.stringify({ [name]: values }) : undefined;
}

/** A finite number as JSON; anything else as null, as JSON.stringify would write it. */
function jsonNumber(value: number): string {
  return Number.isFinite(value) ? String(value) : 'null';
}

/**
 * @param waveform the subscriber's display options for a waveform stream (defaults: 1200 points, decimated).
 */
export function renderStreamData(
  stream: SessionStream,
  sample: StreamSample,
  waveform?: WaveformView,
): FragmentedFrame | undefined {
  const selection = String(stream.channel ?? '*');
  let data: Buffer | undefined;
  switch (sample.kind) {
    case 'readings':
      data = shared(sample, selection, () => readingsJson(sample, stream.channel));
      break;
    case 'measurements':
      data = shared(sample, selection, () => measurementsJson(sample, stream.channel));
      break;
    case 'record': {
      const view = waveform ?? new WaveformView({ widthPx: WAVEFORM_WIDTH_DEFAULT, fullResolution: false });
      if (stream.encoding === 'binary')
        return renderWaveformFrame(stream, view, sample.record, sample.timestampMs);
      if (view.isRepeat(sample.record)) return undefined;
      data = shared(sample.record, `${selection}/${view.widthPx}`, () => {
        const payload = waveformJsonData(sample.record, stream.channel, view.widthPx);
        return payload && JSON.stringify(payload);
      });
      break;
    }
    case 'none':
      return undefined;
  }
  if (data === undefined) return undefined;
  const sub = stream.subscription;
  // Field order as in StreamDataMessage; only the ids and seq differ between subscribers.
  const envelope =
    `{"type":"stream_data","equipment_id":${JSON.stringify(sub.equipmentId)},` +
    `"stream_type":${JSON.stringify(sub.streamType)},"stream_id":${stream.streamId},` +
    `"seq":${stream.nextSeq++},"timestamp":${jsonNumber(sample.timestampMs)},"data":`;
  const head = Buffer.from(envelope, 'utf8');
  // A small payload is cheaper copied than sent as three fragments; a large one is never copied.
  if (data.length < COPY_BELOW_BYTES) {
    return { binary: false, parts: [Buffer.concat([head, data, CLOSING_BRACE])] };
  }
  return { binary: false, parts: [head, data, CLOSING_BRACE] };
}
