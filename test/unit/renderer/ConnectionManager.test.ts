/**
 * The ConnectionManager's state machine without a server: a fake WebSocket the test drives by hand
 * (open, messages, close), fake timers for the backoff waits, and a fixed `random` so every delay is known.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BackendEndpoint } from '../../../shared/bridge';
import type { ServerMessage } from '../../../shared/protocol/server';
import { encodeFrame, FrameKind } from '../../../shared/codec/frame';
import { encodeFleetWaveformBundle } from '../../../shared/codec/fleetWaveformBundle';
import { encodeFleetWaveformFrame, type FleetWaveformFrame } from '../../../shared/codec/fleetWaveformFrame';
import { encodeReviewFrame } from '../../../shared/codec/reviewFrame';
import { REVIEW_REPLY } from './reviewReply';
import { backoffDelayMs } from '../../../src-renderer/connection/backoff';
import {
  ConnectionManager,
  RequestError,
  type ConnectionManagerOptions,
  type ConnectionState,
  type LinkEvent,
} from '../../../src-renderer/connection/ConnectionManager';
import { EndpointError } from '../../../src-renderer/connection/endpoint';

type Sent = Record<string, unknown> & { type: string; request_id?: number };

/** Stands in for the browser's WebSocket: records what is sent, lets the test play the server. */
class FakeSocket {
  static instances: FakeSocket[] = [];
  binaryType = 'blob';
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  readonly sent: string[] = [];
  closeCalls = 0;

  constructor(readonly url: string) {
    FakeSocket.instances.push(this);
  }

  send(data: string): void {
    this.sent.push(data);
  }

  close(): void {
    this.closeCalls++;
  }

  // Test side: what the server or the network does.
  serverOpens(): void {
    this.onopen?.({ type: 'open' } as unknown as Event);
  }

  serverSends(message: ServerMessage): void {
    this.onmessage?.({ data: JSON.stringify(message) } as unknown as MessageEvent);
  }

  serverSendsBinary(bytes: ArrayBuffer): void {
    this.onmessage?.({ data: bytes } as unknown as MessageEvent);
  }

  serverCloses(reason = '', code = 1006): void {
    this.onclose?.({ reason, code } as unknown as CloseEvent);
  }

  messages(): Sent[] {
    return this.sent.map((text) => JSON.parse(text) as Sent);
  }

  messagesOfType(type: string): Sent[] {
    return this.messages().filter((m) => m.type === type);
  }
}

const ENDPOINT: BackendEndpoint = { url: 'ws://127.0.0.1:5555/ws', token: 'secret-token' };
const WELCOME: ServerMessage = {
  type: 'welcome',
  protocol: 1,
  session_id: 'session',
  instance_id: 'run-1',
  server: { name: 'fake', version: '0' },
  encodings: ['json', 'binary'],
};
const HALF = (): number => 0.5;

/** Lets pending promise callbacks run (the manager awaits getEndpoint before it creates a socket). */
async function flush(): Promise<void> {
  await vi.advanceTimersByTimeAsync(0);
}

function sockets(): FakeSocket[] {
  return FakeSocket.instances;
}

function latest(): FakeSocket {
  const socket = FakeSocket.instances.at(-1);
  if (!socket) throw new Error('no socket was created');
  return socket;
}

/** The one request (a message with a request id) of `type` the socket carries; fails unless exactly one. */
function onlyRequest(socket: FakeSocket, type: string): Sent & { request_id: number } {
  const found = socket.messagesOfType(type).filter((m) => m.request_id !== undefined);
  expect(found).toHaveLength(1);
  const message = found[0]!;
  expect(typeof message.request_id).toBe('number');
  return message as Sent & { request_id: number };
}

describe('ConnectionManager state machine (fake socket, fake timers)', () => {
  let manager: ConnectionManager | undefined;

  function createManager(options: Partial<ConnectionManagerOptions> = {}): ConnectionManager {
    manager = new ConnectionManager({
      getEndpoint: async () => ENDPOINT,
      WebSocketImpl: FakeSocket as unknown as typeof WebSocket,
      random: HALF,
      ...options,
    });
    return manager;
  }

  /** connect(), the socket opens, the server welcomes: returns the open socket. */
  async function connectAndOpen(m: ConnectionManager): Promise<FakeSocket> {
    m.connect();
    await flush();
    const socket = latest();
    socket.serverOpens();
    socket.serverSends(WELCOME);
    expect(m.state).toBe('open');
    return socket;
  }

  /** Waits out the scheduled retry and returns the socket it created. */
  async function waitForRetry(m: ConnectionManager): Promise<FakeSocket> {
    const before = sockets().length;
    expect(m.nextRetryAtMs).toBeDefined();
    await vi.advanceTimersByTimeAsync(m.nextRetryAtMs! - Date.now());
    expect(sockets()).toHaveLength(before + 1);
    return latest();
  }

  /** Waits out the retry and completes the handshake on the new socket. */
  async function reconnect(m: ConnectionManager): Promise<FakeSocket> {
    const socket = await waitForRetry(m);
    socket.serverOpens();
    socket.serverSends(WELCOME);
    expect(m.state).toBe('open');
    return socket;
  }

  beforeEach(() => {
    vi.useFakeTimers();
    FakeSocket.instances = [];
  });

  afterEach(() => {
    manager?.close();
    manager = undefined;
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  describe('states and handshake', () => {
    it('is connecting after connect(), sends hello when the socket opens, and is open only after welcome', async () => {
      const m = createManager();
      const states: ConnectionState[] = [];
      m.onStateChange((s) => states.push(s));
      expect(m.state).toBe('closed');

      m.connect();
      expect(m.state).toBe('connecting');
      await flush();
      expect(sockets()).toHaveLength(1);
      const socket = latest();
      expect(socket.url).toBe(ENDPOINT.url);
      expect(socket.binaryType).toBe('arraybuffer');
      expect(socket.sent).toHaveLength(0);

      socket.serverOpens();
      expect(socket.messages()).toEqual([
        {
          type: 'hello',
          protocol: 1,
          token: 'secret-token',
          client: 'benchtop-renderer',
          encodings: ['json', 'binary'],
        },
      ]);
      expect(m.state).toBe('connecting');

      socket.serverSends(WELCOME);
      expect(m.state).toBe('open');
      expect(states).toEqual(['connecting', 'open']);

      m.close();
      expect(states).toEqual(['connecting', 'open', 'closed']);
    });

    it('ignores a second connect() while already connecting or open', async () => {
      const m = createManager();
      m.connect();
      m.connect();
      await flush();
      expect(sockets()).toHaveLength(1);
      latest().serverOpens();
      latest().serverSends(WELCOME);
      m.connect();
      await flush();
      expect(sockets()).toHaveLength(1);
      expect(m.state).toBe('open');
    });
  });

  describe('loss and retry', () => {
    it('goes reconnecting on loss and opens no new socket before the backoff delay, one right after it', async () => {
      const m = createManager();
      const states: ConnectionState[] = [];
      m.onStateChange((s) => states.push(s));
      const first = await connectAndOpen(m);

      first.serverCloses();
      expect(m.state).toBe('reconnecting');
      expect(m.lastError).toBe('connection lost');
      const firstDelay = backoffDelayMs(0, HALF);
      expect(firstDelay).toBe(125);
      expect(m.nextRetryAtMs).toBe(Date.now() + 125);

      await vi.advanceTimersByTimeAsync(124);
      expect(sockets()).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(sockets()).toHaveLength(2);
      expect(m.state).toBe('reconnecting');
      expect(m.nextRetryAtMs).toBeUndefined();

      latest().serverOpens();
      latest().serverSends(WELCOME);
      expect(states).toEqual(['connecting', 'open', 'reconnecting', 'open']);
    });

    it('closed during a backoff wait, it shows no retry that will never come and opens no socket', async () => {
      const m = createManager();
      const seen: (number | undefined)[] = [];
      const first = await connectAndOpen(m);
      first.serverCloses();
      expect(m.nextRetryAtMs).toBe(Date.now() + 125);
      m.onStateChange(() => seen.push(m.nextRetryAtMs));

      m.close();
      expect(m.state).toBe('closed');
      expect(m.nextRetryAtMs).toBeUndefined();
      expect(seen).toEqual([undefined]); // what the state listeners read on 'closed'
      await vi.advanceTimersByTimeAsync(10_000);
      expect(sockets()).toHaveLength(1);
    });

    it('uses the server close reason as lastError when there is one', async () => {
      const m = createManager();
      const socket = await connectAndOpen(m);
      socket.serverCloses('server shutting down', 1001);
      expect(m.lastError).toBe('server shutting down');
    });

    it('grows the delay on repeated failures up to the 5 s cap and still retries after 20 failures', async () => {
      const m = createManager();
      await connectAndOpen(m);
      const delays: number[] = [];
      for (let attempt = 0; attempt < 20; attempt++) {
        latest().serverCloses(); // the previous socket (the open one, then each failed attempt) goes away
        expect(m.state).toBe('reconnecting');
        const delay = m.nextRetryAtMs! - Date.now();
        delays.push(delay);
        expect(delay).toBe(backoffDelayMs(attempt, HALF));
        await waitForRetry(m);
      }
      // Ceilings 250, 500, 1000, 2000, 4000, then the 5000 cap; random 0.5 takes half of each.
      expect(delays.slice(0, 7)).toEqual([125, 250, 500, 1000, 2000, 2500, 2500]);
      expect(delays.every((d) => d <= 5_000)).toBe(true);
      expect(delays.at(-1)).toBe(2500);
      expect(sockets()).toHaveLength(21);

      // And once more: a 21st failure schedules another retry rather than giving up.
      latest().serverCloses();
      expect(m.state).toBe('reconnecting');
      expect(m.nextRetryAtMs).toBe(Date.now() + 2500);
    });

    it('reaches the full 5 s cap with random near 1', async () => {
      const m = createManager({ random: () => 0.999999 });
      await connectAndOpen(m);
      const delays: number[] = [];
      for (let attempt = 0; attempt < 8; attempt++) {
        latest().serverCloses();
        delays.push(m.nextRetryAtMs! - Date.now());
        await waitForRetry(m);
      }
      expect(delays).toEqual([249, 499, 999, 1999, 3999, 4999, 4999, 4999]);
    });

    it('resets the attempt count on a successful welcome: the next loss waits the first-attempt delay again', async () => {
      const m = createManager();
      await connectAndOpen(m);
      latest().serverCloses();
      expect(m.nextRetryAtMs! - Date.now()).toBe(125);
      await waitForRetry(m);
      latest().serverCloses(); // attempt fails
      expect(m.nextRetryAtMs! - Date.now()).toBe(250);
      await waitForRetry(m);
      latest().serverCloses(); // fails again
      expect(m.nextRetryAtMs! - Date.now()).toBe(500);
      await reconnect(m);

      latest().serverCloses();
      expect(m.state).toBe('reconnecting');
      expect(m.nextRetryAtMs! - Date.now()).toBe(125);
    });

    it('does not reset the attempt count when a socket opens but no welcome arrives', async () => {
      const m = createManager();
      await connectAndOpen(m);
      latest().serverCloses();
      const second = await waitForRetry(m);
      second.serverOpens(); // hello sent, but the server closes before welcoming (e.g. bad token)
      second.serverCloses('unauthorized', 4001);
      expect(m.lastError).toBe('unauthorized');
      expect(m.nextRetryAtMs! - Date.now()).toBe(250);
    });

    it('counts reconnections after the first open in stats.reconnects, not failed attempts', async () => {
      const m = createManager();
      await connectAndOpen(m);
      expect(m.stats.reconnects).toBe(0);

      latest().serverCloses();
      await waitForRetry(m);
      latest().serverCloses(); // a failed attempt is not a reconnection
      expect(m.stats.reconnects).toBe(0);
      await reconnect(m);
      expect(m.stats.reconnects).toBe(1);

      latest().serverCloses();
      await reconnect(m);
      expect(m.stats.reconnects).toBe(2);
    });
  });

  describe('reconnectNow', () => {
    it('opens a new socket at once during the backoff wait, and the skipped timer does not fire later', async () => {
      const m = createManager();
      await connectAndOpen(m);
      latest().serverCloses();
      expect(m.state).toBe('reconnecting');
      expect(sockets()).toHaveLength(1);

      m.reconnectNow();
      await flush();
      expect(sockets()).toHaveLength(2);
      expect(m.nextRetryAtMs).toBeUndefined();

      await vi.advanceTimersByTimeAsync(10_000);
      expect(sockets()).toHaveLength(2);
      latest().serverOpens();
      latest().serverSends(WELCOME);
      expect(m.state).toBe('open');
    });

    it('does nothing while open', async () => {
      const m = createManager();
      const socket = await connectAndOpen(m);
      m.reconnectNow();
      await flush();
      expect(sockets()).toHaveLength(1);
      expect(socket.closeCalls).toBe(0);
      expect(m.state).toBe('open');
    });

    // Before the first open the wait is in state 'connecting': "Reconnect now" must work there too.
    it('opens a new socket at once during a backoff wait before the first open', async () => {
      const m = createManager();
      m.connect();
      await flush();
      latest().serverCloses(); // backend not reachable yet
      expect(m.state).toBe('connecting');
      expect(m.nextRetryAtMs).toBe(Date.now() + 125);

      m.reconnectNow();
      await flush();
      expect(sockets()).toHaveLength(2);
    });

    // A second call while the first attempt awaits getEndpoint() must not start a second socket.
    it('leaves at most one socket unclosed when reconnectNow() is called twice in a row', async () => {
      const m = createManager();
      await connectAndOpen(m);
      latest().serverCloses();
      m.reconnectNow();
      m.reconnectNow(); // e.g. a double click: the first attempt is still awaiting getEndpoint()
      await flush();
      const unclosed = sockets().filter((s, i) => i > 0 && s.closeCalls === 0);
      expect(unclosed).toHaveLength(1);
    });
  });

  describe('close', () => {
    it('goes closed, closes the socket, and opens nothing afterwards', async () => {
      const m = createManager();
      const socket = await connectAndOpen(m);
      m.close();
      expect(m.state).toBe('closed');
      expect(socket.closeCalls).toBe(1);
      expect(socket.onclose).toBeNull();
      expect(socket.onmessage).toBeNull();

      await vi.advanceTimersByTimeAsync(60_000);
      expect(sockets()).toHaveLength(1);
      expect(m.state).toBe('closed');
      await expect(m.request({ type: 'ping' })).rejects.toMatchObject({ code: 'not_connected' });
    });

    it('cancels a pending retry when closed during the backoff wait', async () => {
      const m = createManager();
      await connectAndOpen(m);
      latest().serverCloses();
      expect(m.state).toBe('reconnecting');
      m.close();
      expect(m.state).toBe('closed');
      await vi.advanceTimersByTimeAsync(60_000);
      expect(sockets()).toHaveLength(1);
      expect(m.state).toBe('closed');
    });

    it('creates no socket when closed while getEndpoint() is still pending', async () => {
      let resolveEndpoint: (endpoint: BackendEndpoint) => void = () => {};
      const m = createManager({
        getEndpoint: () => new Promise<BackendEndpoint>((resolve) => (resolveEndpoint = resolve)),
      });
      m.connect();
      m.close();
      resolveEndpoint(ENDPOINT);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(sockets()).toHaveLength(0);
      expect(m.state).toBe('closed');
    });

    // An endpoint that fails after close() must not bring the manager back to life.
    it('stays closed when getEndpoint() rejects after close()', async () => {
      let rejectEndpoint: (error: Error) => void = () => {};
      const getEndpoint = vi.fn(
        () => new Promise<BackendEndpoint>((_resolve, reject) => (rejectEndpoint = reject)),
      );
      const m = createManager({ getEndpoint });
      m.connect();
      m.close();
      rejectEndpoint(new Error('backend not ready'));
      await flush();
      expect(m.state).toBe('closed');
      await vi.advanceTimersByTimeAsync(60_000);
      expect(getEndpoint).toHaveBeenCalledTimes(1);
    });
  });

  describe('endpoint failures', () => {
    it('schedules a retry in state connecting when getEndpoint rejects, with the message in lastError', async () => {
      const getEndpoint = vi
        .fn<() => Promise<BackendEndpoint>>()
        .mockRejectedValueOnce(new Error('backend not ready'))
        .mockResolvedValue(ENDPOINT);
      const m = createManager({ getEndpoint });
      const states: ConnectionState[] = [];
      m.onStateChange((s) => states.push(s));

      m.connect();
      await flush();
      expect(getEndpoint).toHaveBeenCalledTimes(1);
      expect(sockets()).toHaveLength(0);
      expect(m.state).toBe('connecting');
      expect(m.lastError).toBe('backend not ready');
      expect(m.nextRetryAtMs).toBe(Date.now() + 125);

      await vi.advanceTimersByTimeAsync(124);
      expect(getEndpoint).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(getEndpoint).toHaveBeenCalledTimes(2);
      expect(sockets()).toHaveLength(1);

      latest().serverOpens();
      latest().serverSends(WELCOME);
      expect(m.state).toBe('open');
      expect(m.lastError).toBeUndefined();
      expect(states).toEqual(['connecting', 'open']);
    });
  });

  describe('resubscription', () => {
    const READINGS = { equipment_id: 'psu_1', stream_type: 'readings', interval_ms: 50, channel: 2 };

    /** startStream, answered by the server with stream_started. */
    async function startAnswered(m: ConnectionManager, socket: FakeSocket, streamId: number): Promise<void> {
      const started = m.startStream(READINGS);
      const request = onlyRequest(socket, 'start_stream');
      expect(request).toEqual({ type: 'start_stream', ...READINGS, request_id: request.request_id });
      socket.serverSends({
        type: 'stream_started',
        request_id: request.request_id,
        equipment_id: 'psu_1',
        stream_type: 'readings',
        stream_id: streamId,
        interval_ms: 50,
        channel: 2,
        encoding: 'json',
      });
      await expect(started).resolves.toMatchObject({ type: 'stream_started', stream_id: streamId });
    }

    /** Answers the one stop_stream request sent on `socket` with its stream_stopped for `streamId`. */
    function stopAnswered(socket: FakeSocket, streamId: number): void {
      socket.serverSends({
        type: 'stream_stopped',
        request_id: onlyRequest(socket, 'stop_stream').request_id,
        equipment_id: 'psu_1',
        stream_type: 'readings',
        stream_id: streamId,
        channel: 2,
      });
    }

    it('re-requests a started stream with the same options after a reconnect welcome', async () => {
      const m = createManager();
      const first = await connectAndOpen(m);
      await startAnswered(m, first, 7);
      expect(m.streams.get(7)?.key).toBe('psu_1/readings/2');

      first.serverCloses();
      const second = await waitForRetry(m);
      second.serverOpens();
      expect(second.messagesOfType('start_stream')).toHaveLength(0); // not before welcome
      second.serverSends(WELCOME);
      const again = onlyRequest(second, 'start_stream');
      expect(again).toEqual({ type: 'start_stream', ...READINGS, request_id: again.request_id });
      expect(m.streams.get(7)).toBeUndefined(); // the new session numbers its streams afresh
    });

    it('delivers a stream’s JSON and binary data to its per-stream handlers, across a reconnect', async () => {
      const m = createManager();
      const first = await connectAndOpen(m);
      const received: unknown[] = [];
      const other: unknown[] = [];
      m.handlers.onStream('psu_1/readings/2', (data) => received.push(data));
      const off = m.handlers.onStream('scope_1/waveform/*', (data) => other.push(data));
      await startAnswered(m, first, 7);
      const data = (streamId: number, seq: number): ServerMessage => ({
        type: 'stream_data',
        equipment_id: 'psu_1',
        stream_type: 'readings',
        stream_id: streamId,
        seq,
        timestamp: 1,
        data: {} as never,
      });
      first.serverSends(data(7, 0));
      first.serverSendsBinary(
        encodeFrame(
          {
            kind: FrameKind.readingsBatch,
            flags: 0,
            streamId: 7,
            seq: 1,
            t0Ms: 1,
            dtS: 0.01,
            channelMask: 1,
            samplesPerChannel: 2,
            x0: 0,
          },
          [new Float32Array([1, 2])],
        ),
      );
      first.serverSends(data(8, 0)); // a stream this session never started: nobody's
      expect(received).toHaveLength(2);
      expect(received[0]).toMatchObject({ type: 'stream_data', stream_id: 7 });
      expect(received[1]).toMatchObject({ streamId: 7, seq: 1 });
      expect(other).toEqual([]);
      off();

      // The key outlives the stream id: after a reconnect the stream comes back as 9.
      first.serverCloses();
      const second = await reconnect(m);
      const again = onlyRequest(second, 'start_stream');
      second.serverSends({
        type: 'stream_started',
        request_id: again.request_id,
        equipment_id: 'psu_1',
        stream_type: 'readings',
        stream_id: 9,
        interval_ms: 50,
        channel: 2,
        encoding: 'json',
      });
      second.serverSends(data(9, 0));
      expect(received).toHaveLength(3);
      expect(received[2]).toMatchObject({ stream_id: 9 });
    });

    it('does not re-request a stream the server refused', async () => {
      const m = createManager();
      const first = await connectAndOpen(m);
      const refused = m.startStream({ equipment_id: 'nope', stream_type: 'readings' });
      const request = onlyRequest(first, 'start_stream');
      first.serverSends({
        type: 'error',
        request_id: request.request_id,
        code: 'unknown_equipment',
        message: 'no instrument nope',
      });
      await expect(refused).rejects.toBeInstanceOf(RequestError);
      await expect(refused).rejects.toMatchObject({ code: 'unknown_equipment' });
      expect(m.desiredStreams()).toEqual([]);

      first.serverCloses();
      const second = await reconnect(m);
      expect(second.messagesOfType('start_stream')).toHaveLength(0);
    });

    it('does not re-request a stream after stopStream', async () => {
      const m = createManager();
      const first = await connectAndOpen(m);
      await startAnswered(m, first, 3);
      const stopped = m.stopStream(READINGS);
      const stop = onlyRequest(first, 'stop_stream');
      expect(stop).toMatchObject({ equipment_id: 'psu_1', stream_type: 'readings', channel: 2 });
      stopAnswered(first, 3);
      await stopped;
      expect(m.desiredStreams()).toEqual([]);

      first.serverCloses();
      const second = await reconnect(m);
      expect(second.messagesOfType('start_stream')).toHaveLength(0);
    });

    it('takes a frame racing a stop until stream_stopped comes, then drops and counts that id’s frames', async () => {
      const m = createManager();
      const socket = await connectAndOpen(m);
      const frames: number[] = [];
      m.onFrame((frame) => frames.push(frame.seq));
      await startAnswered(m, socket, 3);
      const readings = (streamId: number, seq: number): ArrayBuffer =>
        encodeFrame(
          {
            kind: FrameKind.readingsBatch,
            flags: 0,
            streamId,
            seq,
            t0Ms: 1,
            dtS: 0.01,
            channelMask: 1,
            samplesPerChannel: 2,
            x0: 0,
          },
          [new Float32Array([1, 2])],
        );
      socket.serverSendsBinary(readings(3, 0));
      const stopped = m.stopStream(READINGS);
      socket.serverSendsBinary(readings(3, 1)); // sent before the server had the stop: legitimate
      expect(frames).toEqual([0, 1]);
      expect(m.stats).toMatchObject({ unknownStreamData: 0, errors: 0 });
      stopAnswered(socket, 3);
      await stopped;
      socket.serverSendsBinary(readings(3, 2)); // the server sends none after stream_stopped
      socket.serverSendsBinary(readings(4, 0)); // nor of an id it never announced
      expect(frames).toEqual([0, 1]);
      expect(m.stats).toMatchObject({ unknownStreamData: 2, errors: 0 });
    });

    it('takes JSON stream_data racing a stop until stream_stopped comes, then drops and counts that id’s data', async () => {
      const m = createManager();
      const socket = await connectAndOpen(m);
      const typed: number[] = [];
      const viaOnAny: number[] = [];
      const byKey: unknown[] = [];
      m.handlers.on('stream_data', (message) => typed.push(message.seq));
      m.handlers.onAny((message) => {
        if (message.type === 'stream_data') viaOnAny.push(message.seq);
      });
      m.handlers.onStream('psu_1/readings/2', (data) => byKey.push(data));
      await startAnswered(m, socket, 3);
      const data = (streamId: number, seq: number): ServerMessage => ({
        type: 'stream_data',
        equipment_id: 'psu_1',
        stream_type: 'readings',
        stream_id: streamId,
        seq,
        timestamp: 1,
        data: {} as never,
      });
      socket.serverSends(data(3, 0));
      const stopped = m.stopStream(READINGS);
      socket.serverSends(data(3, 1)); // sent before the server had the stop: legitimate
      expect(typed).toEqual([0, 1]);
      expect(m.stats).toMatchObject({ unknownStreamData: 0, errors: 0 });
      stopAnswered(socket, 3);
      await stopped;
      socket.serverSends(data(3, 2)); // the server sends none after stream_stopped
      socket.serverSends(data(4, 0)); // nor of an id it never announced
      expect(typed).toEqual([0, 1]);
      expect(viaOnAny).toEqual([0, 1]);
      expect(byKey).toHaveLength(2);
      expect(m.stats).toMatchObject({ unknownStreamData: 2, errors: 0 });
      expect(m.stats.gaps).toBe(0);
    });

    it('drops JSON stream_data of an earlier session’s stream id after a reconnect, and takes the new id’s', async () => {
      const m = createManager();
      const first = await connectAndOpen(m);
      const typed: number[] = [];
      m.handlers.on('stream_data', (message) => typed.push(message.stream_id));
      await startAnswered(m, first, 3);
      first.serverCloses();
      const second = await reconnect(m);
      const data: ServerMessage = {
        type: 'stream_data',
        equipment_id: 'psu_1',
        stream_type: 'readings',
        stream_id: 3,
        seq: 0,
        timestamp: 1,
        data: {} as never,
      };
      second.serverSends(data); // before this session's stream_started: no stream 3 here yet
      expect(typed).toEqual([]);
      expect(m.stats).toMatchObject({ unknownStreamData: 1, errors: 0 });
      second.serverSends({
        type: 'stream_started',
        request_id: onlyRequest(second, 'start_stream').request_id,
        equipment_id: 'psu_1',
        stream_type: 'readings',
        stream_id: 5,
        interval_ms: 50,
        channel: 2,
        encoding: 'json',
      });
      second.serverSends({ ...data, stream_id: 5 });
      second.serverSends(data);
      expect(typed).toEqual([5]);
      expect(m.stats).toMatchObject({ unknownStreamData: 2, errors: 0 });
    });

    it('counts what could not be read in errors, apart from data of no stream of this session', async () => {
      const m = createManager();
      const socket = await connectAndOpen(m);
      socket.onmessage?.({ data: '{"type": "stream_data", ' } as unknown as MessageEvent);
      socket.serverSendsBinary(new ArrayBuffer(40)); // shorter than a frame's header
      expect(m.stats).toMatchObject({ errors: 2, unknownStreamData: 0 });
      socket.serverSends({
        type: 'stream_data',
        equipment_id: 'psu_1',
        stream_type: 'readings',
        stream_id: 9,
        seq: 0,
        timestamp: 1,
        data: {} as never,
      });
      expect(m.stats).toMatchObject({ errors: 2, unknownStreamData: 1 });
    });

    it('hands on an acquisition live view’s blocks from its started reply until it is stopped or the session ends', async () => {
      const m = createManager();
      const socket = await connectAndOpen(m);
      const blocks: number[] = [];
      m.onFrame((frame) => blocks.push(frame.seq));
      const VIEW = 2 ** 31;
      const block = (seq: number): ArrayBuffer =>
        encodeFrame(
          {
            kind: FrameKind.acquisitionBlock,
            flags: 0,
            streamId: VIEW,
            seq,
            t0Ms: 1,
            dtS: 0.001,
            channelMask: 1,
            samplesPerChannel: 2,
            x0: 0,
          },
          [new Float32Array([1, 2])],
        );
      const started = {
        type: 'acquisition_stream_started',
        acquisition_id: 'acq_1',
        stream_id: VIEW,
        interval_ms: 100,
        num_samples: 1_000,
        from_sample: 0,
        delivery: 'live',
        encoding: 'binary',
      } as const;
      socket.serverSends(started);
      socket.serverSendsBinary(block(0));
      socket.serverSends({ type: 'acquisition_stream_stopped', acquisition_id: 'acq_1', stream_id: VIEW });
      socket.serverSendsBinary(block(1));
      expect(blocks).toEqual([0]);
      expect(m.stats).toMatchObject({ unknownStreamData: 1, errors: 0 });

      socket.serverSends(started);
      socket.serverSendsBinary(block(2));
      socket.serverCloses();
      const second = await reconnect(m);
      second.serverSendsBinary(block(3)); // an id of the last session: this one announced none
      expect(blocks).toEqual([0, 2]);
      expect(m.stats).toMatchObject({ unknownStreamData: 2, errors: 0 });
    });

    it('keeps a stream wanted when the connection drops before the server answers, and requests it on welcome', async () => {
      const m = createManager();
      const first = await connectAndOpen(m);
      const started = m.startStream(READINGS);
      first.serverCloses();
      await expect(started).rejects.toMatchObject({ code: 'not_connected' });
      expect(m.desiredStreams()).toEqual([READINGS]);
      const second = await reconnect(m);
      expect(onlyRequest(second, 'start_stream')).toMatchObject(READINGS);
    });
  });

  describe('requests', () => {
    it('rejects with not_connected while not open', async () => {
      const m = createManager();
      await expect(m.request({ type: 'ping' })).rejects.toMatchObject({ code: 'not_connected' });
      m.connect();
      await flush();
      latest().serverOpens(); // socket open, handshake not finished
      await expect(m.request({ type: 'ping' })).rejects.toMatchObject({ code: 'not_connected' });
      expect(latest().messagesOfType('ping')).toHaveLength(0);
    });

    it('rejects a pending request with not_connected when the socket closes', async () => {
      const m = createManager();
      const socket = await connectAndOpen(m);
      const pending = m.request({ type: 'ping' });
      expect(onlyRequest(socket, 'ping').request_id).toBeGreaterThan(0);
      socket.serverCloses();
      await expect(pending).rejects.toBeInstanceOf(RequestError);
      await expect(pending).rejects.toMatchObject({ code: 'not_connected' });
    });

    it('resolves with the reply that echoes the request id', async () => {
      const m = createManager();
      const socket = await connectAndOpen(m);
      const pending = m.request({ type: 'ping', client_time: 12 });
      const sent = onlyRequest(socket, 'ping');
      socket.serverSends({ type: 'pong', request_id: sent.request_id + 1000, timestamp: 1 }); // not ours
      socket.serverSends({ type: 'pong', request_id: sent.request_id, timestamp: 2, client_time: 12 });
      await expect(pending).resolves.toEqual({
        type: 'pong',
        request_id: sent.request_id,
        timestamp: 2,
        client_time: 12,
      });
    });

    it('rejects with timeout after requestTimeoutMs without a reply', async () => {
      const m = createManager({ requestTimeoutMs: 1_000, pingIntervalMs: 60_000 });
      await connectAndOpen(m);
      let outcome: unknown = 'pending';
      m.request({ type: 'ping' }).then(
        () => (outcome = 'resolved'),
        (err: unknown) => (outcome = err),
      );
      await vi.advanceTimersByTimeAsync(999);
      expect(outcome).toBe('pending');
      await vi.advanceTimersByTimeAsync(1);
      expect(outcome).toBeInstanceOf(RequestError);
      expect(outcome).toMatchObject({ code: 'timeout' });
    });
  });

  describe('server-reported drops', () => {
    const stats = (framesDropped: number): ServerMessage =>
      ({
        type: 'stats',
        connection: { frames_dropped: framesDropped },
        streams: [],
      }) as unknown as ServerMessage;

    it('asks for the server’s stats on every session and sums its drops over sessions', async () => {
      const m = createManager({ serverStatsIntervalMs: 2_000 });
      const first = await connectAndOpen(m);
      expect(first.messagesOfType('start_stats')).toEqual([{ type: 'start_stats', interval_ms: 2_000 }]);
      first.serverSends(stats(2));
      first.serverSends(stats(3)); // the server's figure for a connection only grows
      expect(m.stats.serverDrops).toBe(3);

      first.serverCloses();
      const second = await reconnect(m);
      expect(second.messagesOfType('start_stats')).toHaveLength(1);
      expect(m.stats.serverDrops).toBe(3);
      second.serverSends(stats(4));
      expect(m.stats.serverDrops).toBe(7);
    });
  });

  describe('handlers', () => {
    it('keeps delivering to other handlers when one throws, and counts it in stats.handlerErrors', async () => {
      const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
      const m = createManager();
      const socket = await connectAndOpen(m);
      const before = vi.fn();
      const after = vi.fn();
      const generic = vi.fn();
      m.handlers.on('pong', before);
      m.handlers.on('pong', () => {
        throw new Error('handler failed');
      });
      m.handlers.on('pong', after);
      m.handlers.onAny(generic);

      const pong: ServerMessage = { type: 'pong', timestamp: 5 };
      socket.serverSends(pong);
      expect(before).toHaveBeenCalledWith(pong);
      expect(after).toHaveBeenCalledWith(pong);
      expect(generic).toHaveBeenCalledWith(pong);
      expect(m.stats.handlerErrors).toBe(1);
      expect(consoleError).toHaveBeenCalledTimes(1);

      socket.serverSends(pong);
      expect(after).toHaveBeenCalledTimes(2);
      expect(m.stats.handlerErrors).toBe(2);
    });

    it('opens the session all the same when a state listener throws on open, and reports it', async () => {
      const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
      const m = createManager();
      const later: ConnectionState[] = [];
      m.onStateChange((state) => {
        if (state === 'open') throw new Error('state listener failed');
      });
      m.onStateChange((state) => later.push(state));
      // Wanted before the first open: requested once the session is open.
      void m.startStream({ equipment_id: 'psu_1', stream_type: 'readings' }).catch(() => {});
      const socket = await connectAndOpen(m);
      expect(later).toEqual(['connecting', 'open']);
      expect(socket.messagesOfType('ping')).toHaveLength(1);
      expect(socket.messagesOfType('start_stats')).toHaveLength(1);
      expect(socket.messagesOfType('start_stream')).toHaveLength(1);
      expect(m.stats.handlerErrors).toBe(1);
      expect(consoleError).toHaveBeenCalledWith(expect.any(String), new Error('state listener failed'));
    });

    it('retries a lost connection all the same when a link listener throws on the loss', async () => {
      vi.spyOn(console, 'error').mockImplementation(() => {});
      const m = createManager();
      const later: LinkEvent['kind'][] = [];
      m.onLinkEvent(() => {
        throw new Error('link listener failed');
      });
      m.onLinkEvent((event) => later.push(event.kind));
      (await connectAndOpen(m)).serverCloses('', 1006);
      expect(m.state).toBe('reconnecting');
      await reconnect(m);
      expect(later).toEqual(['lost', 'restored']);
      expect(m.stats.handlerErrors).toBe(2);
    });

    it('acknowledges a fleet flush whose handlers or waveform listeners throw, and reports each', async () => {
      vi.spyOn(console, 'error').mockImplementation(() => {});
      const frames: Array<(t: number) => void> = [];
      const m = createManager({ requestFrame: (callback) => frames.push(callback) });
      const socket = await connectAndOpen(m);
      m.handlers.on('fleet_live', () => {
        throw new Error('fleet_live handler failed');
      });
      const waveforms: number[] = [];
      m.onFleetWaveform(() => {
        throw new Error('fleet listener failed');
      });
      m.onFleetWaveform((waveform) => waveforms.push(waveform.channel));
      const waveform = encodeFleetWaveformFrame(
        {
          bench: 'rig-1',
          equipment_id: 'scope_1',
          channel: 3,
          timestamp: 1_765_000_000_000,
          sample_rate_hz: 1e6,
          x0_s: 0,
          samples: 10_000,
        },
        new Float32Array([-1, 1]),
      );
      socket.serverSends({ type: 'fleet_live', benches: [], flush: 4 });
      frames.shift()!(100);
      expect(socket.messagesOfType('fleet_ack')).toMatchObject([{ flush: 4 }]);
      socket.serverSendsBinary(encodeFleetWaveformBundle([waveform, waveform], 5).buffer);
      frames.shift()!(200);
      expect(socket.messagesOfType('fleet_ack')).toMatchObject([{ flush: 4 }, { flush: 5 }]);
      expect(waveforms).toEqual([3, 3]);
      expect(m.stats.handlerErrors).toBe(3);
    });
  });

  describe('what went wrong', () => {
    it('stops retrying when the backend refuses the token, says so, and tries again on reconnectNow()', async () => {
      const m = createManager();
      m.connect();
      await flush();
      latest().serverOpens();
      // The backend judges hello and closes 4401 (docs/PROTOCOL.md, Handshake).
      latest().serverCloses('invalid token', 4401);
      expect(m.state).toBe('closed');
      expect(m.problem).toEqual({ kind: 'token_rejected', detail: 'invalid token', retry: false });
      expect(m.nextRetryAtMs).toBeUndefined();
      await vi.advanceTimersByTimeAsync(60_000);
      expect(sockets()).toHaveLength(1);

      m.reconnectNow();
      await flush();
      expect(sockets()).toHaveLength(2);
      latest().serverOpens();
      latest().serverSends(WELCOME);
      expect(m.state).toBe('open');
      expect(m.problem).toBeUndefined();
    });

    it('does not retry a page opened without its token, and names that as the problem', async () => {
      const getEndpoint = vi.fn(() => Promise.reject(new EndpointError('This page needs its access token.')));
      const m = createManager({ getEndpoint });
      m.connect();
      await flush();
      expect(m.state).toBe('closed');
      expect(m.problem?.kind).toBe('no_token');
      await vi.advanceTimersByTimeAsync(60_000);
      expect(getEndpoint).toHaveBeenCalledTimes(1);
    });

    it('stops on a protocol version mismatch, keeps retrying an unreachable or full backend', async () => {
      const m = createManager();
      m.connect();
      await flush();
      latest().serverCloses('', 1006);
      expect(m.problem).toEqual({ kind: 'unreachable', detail: '', retry: true });
      expect(m.state).toBe('connecting');
      (await waitForRetry(m)).serverCloses('too many connections', 4429);
      expect(m.problem?.kind).toBe('busy');
      const third = await waitForRetry(m);
      third.serverOpens();
      third.serverCloses('protocol mismatch', 4406);
      expect(m.problem?.kind).toBe('version_mismatch');
      expect(m.state).toBe('closed');
      expect(m.nextRetryAtMs).toBeUndefined();
    });

    it('reports when a live connection was lost and when it came back, with the gap', async () => {
      vi.setSystemTime(1_800_000_000_000);
      const m = createManager();
      const events: LinkEvent[] = [];
      m.onLinkEvent((e) => events.push(e));
      const socket = await connectAndOpen(m);
      expect(m.disconnectedSinceMs).toBeUndefined();

      vi.setSystemTime(1_800_000_010_000);
      socket.serverCloses('', 1006);
      expect(m.problem?.kind).toBe('connection_lost');
      expect(m.disconnectedSinceMs).toBe(1_800_000_010_000);
      expect(events).toEqual([
        {
          kind: 'lost',
          atMs: 1_800_000_010_000,
          problem: { kind: 'connection_lost', detail: '', retry: true },
        },
      ]);

      // Failed attempts while away do not move the time it was lost.
      (await waitForRetry(m)).serverCloses('', 1006);
      expect(m.disconnectedSinceMs).toBe(1_800_000_010_000);
      await reconnect(m);
      expect(m.disconnectedSinceMs).toBeUndefined();
      expect(events[1]).toEqual({
        kind: 'restored',
        atMs: Date.now(),
        lostAtMs: 1_800_000_010_000,
        backendRestarted: false,
      });
    });

    it('tells a restarted backend (a new instance id) from the same one found again', async () => {
      const m = createManager();
      const restored: boolean[] = [];
      m.onLinkEvent((e) => {
        if (e.kind === 'restored') restored.push(e.backendRestarted);
      });
      (await connectAndOpen(m)).serverCloses('', 1006);
      const again = await waitForRetry(m);
      again.serverOpens();
      again.serverSends({ ...WELCOME, instance_id: 'run-2' });
      expect(restored).toEqual([true]);
      again.serverCloses('', 1006);
      const same = await waitForRetry(m);
      same.serverOpens();
      same.serverSends({ ...WELCOME, instance_id: 'run-2' });
      expect(restored).toEqual([true, false]);
    });
  });

  describe('review replies as binary frames', () => {
    const reply = REVIEW_REPLY;

    it('resolves the request with the reply the frame carries', async () => {
      const m = createManager();
      const socket = await connectAndOpen(m);
      const answer = m.request({
        type: 'review_acquisition',
        acquisition_id: reply.acquisition_id,
        pixels: 2,
      });
      const { request_id } = onlyRequest(socket, 'review_acquisition');
      socket.serverSendsBinary(encodeReviewFrame({ ...reply, request_id }));
      await expect(answer).resolves.toEqual({ ...reply, request_id });
    });

    it('refuses the request at once, with the reason, when its frame does not read', async () => {
      const m = createManager({ requestTimeoutMs: 60_000 });
      const socket = await connectAndOpen(m);
      const answer = m.request({
        type: 'review_acquisition',
        acquisition_id: reply.acquisition_id,
        pixels: 2,
      });
      const { request_id } = onlyRequest(socket, 'review_acquisition');
      const frame = encodeReviewFrame({ ...reply, request_id });
      socket.serverSendsBinary(frame.slice(0, frame.byteLength - 4));
      const error = await answer.catch((err: unknown) => err);
      expect(error).toBeInstanceOf(RequestError);
      expect(error).toMatchObject({ code: 'bad_frame' });
      expect((error as Error).message).toMatch(/^review reply refused: frame is \d+ bytes, header says \d+$/);
      expect(m.stats.errors).toBeGreaterThan(0);
    });
  });
  describe('fleet waveform frames (kind 5)', () => {
    const frame = (): Uint8Array =>
      encodeFleetWaveformFrame(
        {
          bench: 'rig-1',
          equipment_id: 'scope_1',
          channel: 2,
          timestamp: 1_765_000_000_000,
          sample_rate_hz: 1e6,
          x0_s: -0.005,
          samples: 10_000,
        },
        new Float32Array([-1, 1, -0.5, 0.5]),
      );
    const asBuffer = (bytes: Uint8Array): ArrayBuffer => bytes.slice().buffer;

    it('hands each frame, decoded, to the fleet listeners and nothing to the stream frames', async () => {
      const m = createManager();
      const socket = await connectAndOpen(m);
      const fleet: FleetWaveformFrame[] = [];
      const streamFrames: unknown[] = [];
      m.onFleetWaveform((w) => fleet.push(w));
      m.onFrame((f) => streamFrames.push(f));
      socket.serverSendsBinary(asBuffer(frame()));
      expect(fleet).toHaveLength(1);
      expect(fleet[0]).toMatchObject({ bench: 'rig-1', equipment_id: 'scope_1', channel: 2, columns: 2 });
      expect(Array.from(fleet[0]!.min_max)).toEqual([-1, 1, -0.5, 0.5]);
      expect(streamFrames).toEqual([]);
      // No stream carries fleet waveforms (stream id 0): they are not out-of-turn stream data.
      expect(m.stats).toMatchObject({ errors: 0, unknownStreamData: 0, gaps: 0 });
    });

    it('drops a cut or inconsistent frame and counts it, never handing it on', async () => {
      const m = createManager();
      const socket = await connectAndOpen(m);
      const fleet: FleetWaveformFrame[] = [];
      m.onFleetWaveform((w) => fleet.push(w));
      const bytes = frame();
      socket.serverSendsBinary(asBuffer(bytes.subarray(0, bytes.length - 4)));
      const twoChannels = bytes.slice();
      new DataView(twoChannels.buffer).setUint32(40, 0b11, true);
      socket.serverSendsBinary(twoChannels.buffer);
      expect(fleet).toEqual([]);
      expect(m.stats.errors).toBe(2);
    });

    it('acknowledges numbered fleet flushes (fleet_live, bundle) once per animation frame, the newest', async () => {
      const frames: Array<(t: number) => void> = [];
      const m = createManager({ requestFrame: (callback) => frames.push(callback) });
      const socket = await connectAndOpen(m);
      const acks = () => socket.messagesOfType('fleet_ack');
      socket.serverSends({ type: 'fleet_live', benches: [] }); // not numbered: not paced, nothing to ack
      expect(frames).toHaveLength(0);
      socket.serverSends({ type: 'fleet_live', benches: [], flush: 4 });
      socket.serverSendsBinary(encodeFleetWaveformBundle([frame()], 4).buffer);
      socket.serverSendsBinary(encodeFleetWaveformBundle([frame()], 5).buffer);
      expect(acks()).toEqual([]);
      expect(frames).toHaveLength(1);
      frames.shift()!(100);
      // after_ms: when the next flush should leave (FleetFlushAck's own tests time it).
      expect(acks()).toEqual([{ type: 'fleet_ack', flush: 5, after_ms: expect.any(Number) }]);
    });

    it('hands every frame of a bundle (kind 6) on in order, or none of a bundle with a bad frame', async () => {
      const m = createManager();
      const socket = await connectAndOpen(m);
      const fleet: FleetWaveformFrame[] = [];
      m.onFleetWaveform((w) => fleet.push(w));
      const other = frame().slice();
      new DataView(other.buffer).setUint32(40, 0b1000, true); // channel 4
      socket.serverSendsBinary(encodeFleetWaveformBundle([frame(), other], 7).buffer);
      expect(fleet.map((w) => w.channel)).toEqual([2, 4]);
      expect(m.stats.errors).toBe(0);
      const bad = frame().slice();
      new DataView(bad.buffer).setUint32(40, 0b11, true);
      socket.serverSendsBinary(encodeFleetWaveformBundle([frame(), bad]).buffer);
      expect(fleet).toHaveLength(2);
      expect(m.stats.errors).toBe(1);
    });
  });
});
