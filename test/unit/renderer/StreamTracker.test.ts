import { describe, expect, it } from 'vitest';
import { StreamTracker } from '../../../src-renderer/connection/StreamTracker';
import type { StreamStartedMessage } from '../../../shared/protocol/server';

const started: StreamStartedMessage = {
  type: 'stream_started',
  equipment_id: 'scope_1',
  stream_type: 'waveform',
  stream_id: 3,
  interval_ms: 1000 / 60,
  encoding: 'binary',
};

describe('StreamTracker', () => {
  it('counts the sequence numbers skipped between messages, per stream and in total', () => {
    const tracker = new StreamTracker();
    tracker.started(started, 'scope_1/waveform/*');
    expect([0, 1, 4, 5, 9].map((seq, i) => tracker.arrived(3, seq, i * 10))).toEqual([0, 0, 2, 0, 3]);
    expect(tracker.get(3)).toMatchObject({ gaps: 5, messages: 5, lastSeq: 9 });
    expect(tracker.totalGaps).toBe(5);
    // Messages of a stream this session does not know are ignored.
    expect(tracker.arrived(99, 7, 100)).toBe(0);
  });

  it('reads a 60 Hz stream as 60 Hz even when its messages arrive in uneven pairs', () => {
    const tracker = new StreamTracker();
    tracker.started(started, 'scope_1/waveform/*');
    let t = 0;
    for (let seq = 0; seq < 400; seq++) {
      tracker.arrived(3, seq, t);
      // 3 ms then 30.3 ms: a mean of 16.67 ms. Smoothing 1/interval instead would read ~180 Hz.
      t += seq % 2 ? 30.333 : 3;
    }
    expect(tracker.get(3)!.rateHz).toBeGreaterThan(57);
    expect(tracker.get(3)!.rateHz).toBeLessThan(63);
  });

  it('keeps counts and rate across a restart of the same stream, not across a different one', () => {
    const tracker = new StreamTracker();
    tracker.started(started, 'scope_1/waveform/*');
    for (let seq = 0; seq < 10; seq++) tracker.arrived(3, seq, seq * 20);
    tracker.started(started, 'scope_1/waveform/*');
    expect(tracker.get(3)).toMatchObject({ messages: 10, lastSeq: undefined });
    expect(tracker.get(3)!.rateHz).toBeCloseTo(50, 6);
    tracker.started({ ...started, stream_type: 'measurements' }, 'scope_1/measurements/*');
    expect(tracker.get(3)).toMatchObject({ messages: 0, rateHz: 0 });
  });
});
