/** A StreamTracker with one started psu_1 readings stream, for the tests of the connection's way in. */
import { StreamTracker } from '../../../src-renderer/connection/StreamTracker';

/** Stream `streamId` of psu_1's readings, started with `encoding` and tracked under `key`. */
export function trackerWithStream(
  key: string,
  {
    streamId = 7,
    encoding = 'json',
    channel,
  }: { streamId?: number; encoding?: 'json' | 'binary'; channel?: number },
): StreamTracker {
  const streams = new StreamTracker();
  streams.started(
    {
      type: 'stream_started',
      equipment_id: 'psu_1',
      stream_type: 'readings',
      stream_id: streamId,
      interval_ms: 50,
      ...(channel === undefined ? {} : { channel }),
      encoding,
    },
    key,
  );
  return streams;
}
