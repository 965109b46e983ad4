/**
 * The connection's intake (src-renderer/connection/MessageIntake.ts) without a socket: received data as
 * text or bytes, counted; what does not read counted and handed to nobody; a welcome first; stream data
 * of no stream of this session dropped; a reply settling its request; a numbered fleet push's flush taken.
 */
import { describe, expect, it } from 'vitest';
import { encodeFrame, FrameKind } from '../../../shared/codec/frame';
import type { ServerMessage } from '../../../shared/protocol/server';
import { HandlerRegistry } from '../../../src-renderer/connection/HandlerRegistry';
import { MessageIntake } from '../../../src-renderer/connection/MessageIntake';
import { PendingRequests } from '../../../src-renderer/connection/PendingRequests';
import { trackerWithStream } from './startedStream';

/** An intake wired to a real tracker, registry and pending requests, with stream 7 started. */
function harness() {
  const calls: string[] = [];
  const stats = { messagesReceived: 0, bytesReceived: 0, errors: 0, unknownStreamData: 0, gaps: 0 };
  const streams = trackerWithStream('psu_1/readings/*', { encoding: 'json' });
  const handlers = new HandlerRegistry();
  handlers.onAny((m) => calls.push(`handler ${m.type}`));
  handlers.onStream('psu_1/readings/*', (data) => calls.push(`stream ${'seq' in data ? data.seq : '?'}`));
  const pending = new PendingRequests();
  const intake = new MessageIntake({
    streams,
    handlers,
    pending,
    stats,
    welcome: (m) => calls.push(`welcome ${m.session_id}`),
    tookFlush: (flush) => calls.push(`took ${flush}`),
    listenerFailed: (err) => calls.push(`failed ${String(err)}`),
  });
  const take = (message: object): void => intake.take(JSON.stringify(message));
  return { intake, calls, stats, pending, take };
}

const data = (streamId: number, seq: number) => ({
  type: 'stream_data',
  equipment_id: 'psu_1',
  stream_type: 'readings',
  stream_id: streamId,
  seq,
  timestamp: 0,
  data: {},
});

describe('MessageIntake', () => {
  it('counts every message and its size, text by characters and binary by bytes (to BinaryFrames)', () => {
    const { intake, stats } = harness();
    const frames: number[] = [];
    intake.onFrame((frame) => frames.push(frame.seq));
    intake.take('{"type":"pong"}');
    const header = { kind: FrameKind.waveform, flags: 0, streamId: 7, seq: 1, t0Ms: 0, dtS: 0.001 };
    const frame = encodeFrame({ ...header, channelMask: 0b1, samplesPerChannel: 4, x0: 0 }, [
      new Float32Array(4),
    ]);
    intake.take(frame);
    expect(frames).toEqual([1]);
    expect(stats.messagesReceived).toBe(2);
    expect(stats.bytesReceived).toBe('{"type":"pong"}'.length + frame.byteLength);
  });

  it('counts text that is not JSON as an error, ignores a value with no type, and hands on neither', () => {
    const { intake, calls, stats } = harness();
    intake.take('{not json');
    intake.take('[1, 2]');
    intake.take('null');
    intake.take('{"type": 3}');
    expect(stats.errors).toBe(1);
    expect(stats.messagesReceived).toBe(4);
    expect(calls).toEqual([]);
  });

  it('gives the connection a welcome before any handler sees it', () => {
    const { calls, take } = harness();
    take({ type: 'welcome', session_id: 's1' });
    expect(calls).toEqual(['welcome s1', 'handler welcome']);
  });

  it('drops and counts stream data of no stream of this session; tracks the gaps of the others', () => {
    const { calls, stats, take } = harness();
    take(data(8, 0));
    expect(stats.unknownStreamData).toBe(1);
    expect(calls).toEqual([]);
    take(data(7, 0));
    take(data(7, 3));
    expect(stats.gaps).toBe(2);
    expect(calls).toEqual(['handler stream_data', 'stream 0', 'handler stream_data', 'stream 3']);
  });

  it('settles the request a reply echoes, and counts an error reply', async () => {
    const { pending, stats, take } = harness();
    const sent: number[] = [];
    const ok = pending.add('list_equipment', 1_000, (id) => sent.push(id));
    const refused = pending.add('start_stream', 1_000, (id) => sent.push(id));
    take({ type: 'equipment_list', request_id: sent[0], equipment: [] });
    take({ type: 'error', request_id: sent[1], code: 'unknown_equipment', message: 'no such' });
    await expect(ok).resolves.toMatchObject({ type: 'equipment_list' });
    await expect(refused).rejects.toMatchObject({ code: 'unknown_equipment' });
    expect(stats.errors).toBe(1);
  });

  it('takes a numbered fleet push’s flush after its handlers, and an unnumbered one’s not at all', () => {
    const { calls, take } = harness();
    take({ type: 'fleet_live', flush: 4 } as unknown as ServerMessage);
    take({ type: 'fleet_waveform', flush: 5 } as unknown as ServerMessage);
    take({ type: 'fleet_live' } as unknown as ServerMessage);
    expect(calls).toEqual([
      'handler fleet_live',
      'took 4',
      'handler fleet_waveform',
      'took 5',
      'handler fleet_live',
    ]);
  });
});
