/**
 * Turns a producer's sample into the frame one subscriber receives: the streaming guide's `stream_data`
 * JSON (with a per-stream `seq` and numeric `timestamp`), or a binary waveform frame on a binary stream.
 * Returns undefined when the sample has nothing for this subscriber.
 */
import {
  WAVEFORM_WIDTH_DEFAULT,
  type PsuReadingsData,
  type StreamDataMessage,
} from '../../shared/protocol/index.js';
import type { StreamSample } from '../instruments/InstrumentDriver.js';
import { renderWaveformFrame, renderWaveformJson, WaveformView } from './renderWaveform.js';
import type { SessionStream } from './SessionStream.js';

/**
 * @param waveform the subscriber's display options for a waveform stream (defaults: 1200 points, decimated).
 */
export function renderStreamData(
  stream: SessionStream,
  sample: StreamSample,
  waveform?: WaveformView,
): string | ArrayBuffer | undefined {
  const sub = stream.subscription;
  let data: Record<string, unknown>;
  switch (sample.kind) {
    case 'readings': {
      const primary =
        stream.channel === undefined
          ? sample.readings[0]
          : sample.readings.find((r) => r.channel === stream.channel);
      if (!primary) return undefined;
      const channels = stream.channel === undefined ? sample.readings : [primary];
      const payload: PsuReadingsData = { ...primary, channels };
      data = payload as unknown as Record<string, unknown>;
      break;
    }
    case 'measurements': {
      if (stream.channel === undefined) {
        data = sample.values;
        break;
      }
      const name = `CH${stream.channel}`;
      const values = sample.values[name];
      if (!values) return undefined;
      data = { [name]: values };
      break;
    }
    case 'record': {
      const view = waveform ?? new WaveformView({ widthPx: WAVEFORM_WIDTH_DEFAULT, fullResolution: false });
      if (stream.encoding === 'binary')
        return renderWaveformFrame(stream, view, sample.record, sample.timestampMs);
      const payload = renderWaveformJson(stream, view, sample.record);
      if (!payload) return undefined;
      data = { ...payload };
      break;
    }
    case 'none':
      return undefined;
  }
  const message: StreamDataMessage = {
    type: 'stream_data',
    equipment_id: sub.equipmentId,
    stream_type: sub.streamType,
    stream_id: stream.streamId,
    seq: stream.nextSeq++,
    timestamp: sample.timestampMs,
    data,
  };
  return JSON.stringify(message);
}
