/**
 * Turns a producer's sample into the frame one subscriber receives: the streaming guide's `stream_data`
 * JSON (with a per-stream `seq` and numeric `timestamp`). Returns undefined when the sample has nothing for
 * this subscriber.
 */
import type { PsuReadingsData, StreamDataMessage } from '../../shared/protocol/index.js';
import type { StreamSample } from '../instruments/InstrumentDriver.js';
import type { SessionStream } from './SessionStream.js';

export function renderStreamData(stream: SessionStream, sample: StreamSample): string | undefined {
  const sub = stream.subscription;
  let data: Record<string, unknown>;
  switch (sample.kind) {
    case 'readings': {
      const primary = stream.channel === undefined ? sample.readings[0] : sample.readings.find((r) => r.channel === stream.channel);
      if (!primary) return undefined;
      const channels = stream.channel === undefined ? sample.readings : [primary];
      const payload: PsuReadingsData = { ...primary, channels };
      data = payload as unknown as Record<string, unknown>;
      break;
    }
    case 'measurements':
      data = sample.values;
      break;
    case 'record':
      // Waveform rendering (binary frames, decimation) is the oscilloscope's stream; not produced yet.
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
