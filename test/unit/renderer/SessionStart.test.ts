/**
 * A session's start without a socket: what it sends (pings on fake timers, the stats request), which
 * streams it asks for again, and which it stops wanting.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StreamStartedMessage } from '../../../shared/protocol/server';
import { RequestError, type StreamSpec } from '../../../src-renderer/connection/connectionTypes';
import { SessionStart } from '../../../src-renderer/connection/SessionStart';

const READINGS: StreamSpec = { equipment_id: 'psu_1', stream_type: 'readings', interval_ms: 50, channel: 2 };
const WAVEFORM: StreamSpec = { equipment_id: 'scope_1', stream_type: 'waveform' };

/** A session start whose requests are answered by `answer` (a started reply unless it throws). */
function harness(answer: (spec: StreamSpec) => void = () => {}) {
  const sent: Array<Record<string, unknown>> = [];
  const requested: StreamSpec[] = [];
  const failures: string[] = [];
  const session = new SessionStart({
    send: (message) => sent.push(message as Record<string, unknown>),
    requestStream: async (spec) => {
      requested.push(spec);
      answer(spec);
      return { type: 'stream_started', stream_id: 1 } as StreamStartedMessage;
    },
    resumeFailed: (reason) => failures.push(reason),
    pingIntervalMs: 100,
    serverStatsIntervalMs: 250,
  });
  const types = (): unknown[] => sent.map((m) => m.type);
  return { session, sent, requested, failures, types };
}

describe('SessionStart', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('pings at once and every period until the socket goes, and asks once for the server’s stats', () => {
    const { session, sent, types } = harness();
    session.begin();
    expect(types()).toEqual(['ping', 'start_stats']);
    expect(sent[1]).toEqual({ type: 'start_stats', interval_ms: 250 });
    vi.advanceTimersByTime(250);
    expect(types()).toEqual(['ping', 'start_stats', 'ping', 'ping']);
    session.end();
    vi.advanceTimersByTime(1_000);
    expect(types()).toHaveLength(4);
  });

  it('keeps one ping timer when a session begins again without an end between', () => {
    const { session, types } = harness();
    session.begin();
    session.begin();
    vi.advanceTimersByTime(100);
    expect(types().filter((t) => t === 'ping')).toHaveLength(3);
    session.end();
  });

  it('asks a new session for every stream started and not forgotten, with the same options', async () => {
    const { session, requested } = harness();
    await session.startStream(READINGS);
    await session.startStream(WAVEFORM);
    await session.startStream({ equipment_id: 'psu_2', stream_type: 'readings' });
    session.forget(WAVEFORM);
    expect(session.forgetInstrument('psu_2')).toEqual([{ equipment_id: 'psu_2', stream_type: 'readings' }]);
    requested.length = 0;
    session.begin();
    session.end();
    expect(requested).toEqual([READINGS]);
    expect(session.wanted()).toEqual([READINGS]);
  });

  it('stops wanting a stream the server refused, but keeps one the link lost or that timed out', async () => {
    let code = 'unknown_equipment';
    const { session } = harness(() => {
      throw new RequestError(code, 'no');
    });
    await expect(session.startStream(WAVEFORM)).rejects.toMatchObject({ code: 'unknown_equipment' });
    for (code of ['not_connected', 'timeout'])
      await expect(session.startStream(READINGS)).rejects.toMatchObject({ code });
    expect(session.wanted()).toEqual([READINGS]);
  });

  it('says which wanted stream a new session could not resume, and why', async () => {
    let refuse = false;
    const { session, failures } = harness(() => {
      if (refuse) throw new RequestError('unknown_equipment', 'no instrument "psu_1"');
    });
    await session.startStream(READINGS);
    refuse = true;
    session.begin();
    session.end();
    await vi.advanceTimersByTimeAsync(0);
    expect(failures).toEqual(['could not resume psu_1/readings/2: no instrument "psu_1"']);
  });
});
