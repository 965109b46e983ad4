/**
 * DisplayPacer against a stand-in connection, with a hand-driven animation-frame clock and fake timers
 * (performance.now() included), so frame times and arrival times are exact.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DecodedFrame } from '../../../shared/codec/frame';
import type { StreamStartedMessage } from '../../../shared/protocol/server';
import {
  RequestError,
  streamKey,
  type ConnectionManager,
  type StreamSpec,
} from '../../../src-renderer/connection/ConnectionManager';
import {
  DisplayPacer,
  FOLLOWER_RETRY_MS,
  displayLockState,
} from '../../../src-renderer/connection/DisplayPacer';
import { HandlerRegistry } from '../../../src-renderer/connection/HandlerRegistry';
import { StreamTracker } from '../../../src-renderer/connection/StreamTracker';

/** A 62.5 Hz display: whole-ms frames keep the fake clock exact. */
const FRAME_MS = 16;
const SCOPE = { equipment_id: 'scope_1', stream_type: 'waveform', width: 1200 } as const;

type Sent = { type: string } & Record<string, unknown>;

/** The parts of ConnectionManager the pacer uses, with the server's side played by the test. */
class FakeConnection {
  readonly handlers = new HandlerRegistry();
  readonly streams = new StreamTracker();
  readonly started: StreamSpec[] = [];
  readonly requests: Sent[] = [];
  answer: (command: Sent) => Promise<unknown> = (command) =>
    Promise.resolve({ ...command, type: 'stream_shifted', moved: true });
  #nextId = 1;

  startStream(spec: StreamSpec): Promise<StreamStartedMessage> {
    this.started.push(spec);
    const message: StreamStartedMessage = {
      type: 'stream_started',
      equipment_id: spec.equipment_id,
      stream_type: spec.stream_type as StreamStartedMessage['stream_type'],
      stream_id: this.#nextId++,
      interval_ms: spec.interval_ms!,
      encoding: 'binary',
    };
    this.streams.started(message, streamKey(spec));
    this.handlers.dispatch(message);
    return Promise.resolve(message);
  }

  request(command: Sent): Promise<unknown> {
    this.requests.push(command);
    return this.answer(command);
  }

  /** A binary frame of stream `streamId` reaches the page now (routed by key, as ConnectionManager does). */
  frame(streamId: number): void {
    const stream = this.streams.get(streamId);
    if (stream) this.handlers.dispatchStream(stream.key, { streamId } as DecodedFrame);
  }
}

describe('DisplayPacer', () => {
  let callbacks: FrameRequestCallback[] = [];
  let connection: FakeConnection;
  let pacer: DisplayPacer;

  /** Advances the clock to the next display frame (`inMs` away) and runs the animation-frame callbacks. */
  async function nextFrame(inMs = FRAME_MS): Promise<void> {
    await vi.advanceTimersByTimeAsync(inMs);
    const due = callbacks;
    callbacks = [];
    for (const callback of due) callback(performance.now());
  }

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback): number => {
      callbacks.push(callback);
      return callbacks.length;
    });
    connection = new FakeConnection();
    pacer = new DisplayPacer(connection as unknown as ConnectionManager);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    callbacks = [];
  });

  /** Starts the scope at display rate, running frames until the pacer has measured the display. */
  async function startScope(): Promise<StreamStartedMessage> {
    const started = pacer.start(SCOPE, 20);
    for (let i = 0; i < 20 && connection.started.length === 0; i++) await nextFrame();
    return started;
  }

  /** `count` frames, each with one record arriving `afterFrameMs` after the frame began. */
  async function recordsAfterFrames(streamId: number, count: number, afterFrameMs: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      await vi.advanceTimersByTimeAsync(afterFrameMs);
      connection.frame(streamId);
      await nextFrame(FRAME_MS - afterFrameMs);
    }
  }

  it('starts the stream at whole display frames no shorter than its minimum', async () => {
    const started = await startScope();
    expect(connection.started).toEqual([{ ...SCOPE, interval_ms: 2 * FRAME_MS }]);
    expect(started.interval_ms).toBe(2 * FRAME_MS);
    expect(pacer.isLocked(streamKey(SCOPE))).toBe(true);
  });

  it('shifts records that land after the frame earlier (the short way round), once per judged window', async () => {
    const { stream_id } = await startScope();
    await recordsAfterFrames(stream_id, 60, 4);
    const shifts = connection.requests.filter((r) => r.type === 'shift_stream');
    expect(shifts).toHaveLength(1);
    // Slack 12 ms of 16 against an aim of 1: five ms earlier, not eleven later.
    expect(shifts[0]).toMatchObject({ equipment_id: 'scope_1', stream_type: 'waveform', shift_ms: -5 });
    expect(pacer.status(streamKey(SCOPE))).toMatchObject({ shifts: 1, locked: false, unsupported: false });
  });

  it('asks nothing while records land in step, and reports the stream in step', async () => {
    const { stream_id } = await startScope();
    await recordsAfterFrames(stream_id, 60, FRAME_MS - 1);
    expect(connection.requests).toEqual([]);
    expect(pacer.status(streamKey(SCOPE))).toMatchObject({ locked: true, shifts: 0 });
  });

  it('stops asking a backend that does not know shift_stream, and keeps the stream', async () => {
    connection.answer = () =>
      Promise.reject(new RequestError('unknown_type', 'unknown message type "shift_stream"'));
    const { stream_id } = await startScope();
    await recordsAfterFrames(stream_id, 200, 1);
    expect(connection.requests).toHaveLength(1);
    expect(pacer.status(streamKey(SCOPE))).toMatchObject({ unsupported: true });
  });

  it('follows when another subscriber leads the phase: asks again only after a while, then takes the lead', async () => {
    // The backend declines: one read per tick serves every window, and another one steers its phase.
    connection.answer = (command) => Promise.resolve({ ...command, type: 'stream_shifted', moved: false });
    const { stream_id } = await startScope();
    await recordsAfterFrames(stream_id, 60, 4);
    const shiftRequests = (): Sent[] => connection.requests.filter((r) => r.type === 'shift_stream');
    expect(shiftRequests()).toHaveLength(1);
    const status = pacer.status(streamKey(SCOPE))!;
    expect(status).toMatchObject({ following: true, locked: false, shifts: 1 });
    expect(displayLockState(status)).toBe('following');

    // Still out of phase, window after window: no asking until the retry time has passed.
    const framesToRetry = Math.floor(FOLLOWER_RETRY_MS / FRAME_MS);
    await recordsAfterFrames(stream_id, framesToRetry - 60, 4);
    expect(shiftRequests()).toHaveLength(1);
    // The leader has gone: the next ask moves the stream, and this page leads.
    connection.answer = (command) => Promise.resolve({ ...command, type: 'stream_shifted', moved: true });
    await recordsAfterFrames(stream_id, 120, 4);
    expect(shiftRequests().length).toBeGreaterThanOrEqual(2);
    expect(shiftRequests()[1]).toMatchObject({ shift_ms: -5 });
    expect(pacer.status(streamKey(SCOPE))).toMatchObject({ following: false });
  });

  it('says a follower whose records land in step with its frames is in step', () => {
    const base = { shifts: 1, lastErrorMs: 0.5, unsupported: false };
    expect(displayLockState({ ...base, locked: true, following: true })).toBe('locked');
    expect(displayLockState({ ...base, locked: false, following: false })).toBe('locking');
    expect(displayLockState({ ...base, locked: false, following: false, unsupported: true })).toBe(
      'unsupported',
    );
  });

  it('forgets a released stream: no status, no shifts, and the frame clock stops', async () => {
    const { stream_id } = await startScope();
    pacer.release(SCOPE);
    expect(pacer.status(streamKey(SCOPE))).toBeUndefined();
    await recordsAfterFrames(stream_id, 60, 1);
    expect(connection.requests).toEqual([]);
    expect(callbacks).toEqual([]);
  });
});
