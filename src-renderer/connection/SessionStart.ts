/**
 * What each session of the connection starts with, and what it carries from one session to the next. Once
 * a session is open (`welcome`) the connection pings at once and then every `pingIntervalMs` (the round
 * trip the status bar shows), asks for the server's `stats` every `serverStatsIntervalMs` (its drop
 * counts), and asks again for every stream the user started and has not stopped, with the same options:
 * the streams wanted are kept here across reconnects, since a new session numbers its streams afresh and
 * runs none of the last one's.
 *
 * Apart from ConnectionManager.ts, which keeps the socket's life cycle: it calls `begin` once a session is
 * open and `end` when its socket goes, and passes in how to send (SessionStartOptions), so this is driven
 * in tests without a socket.
 */
import type { StreamStartedMessage } from '../../shared/protocol/server';
import { RequestError, type StreamSpec, streamKey } from './connectionTypes';

export interface SessionStartOptions {
  /** Sends one JSON message on the session's socket. */
  send(message: object): void;
  /** Sends `start_stream` as a request: resolves with its `stream_started`, rejects with a RequestError. */
  requestStream(spec: StreamSpec): Promise<StreamStartedMessage>;
  /** A wanted stream the new session could not resume: a sentence naming it and why. */
  resumeFailed(reason: string): void;
  /** Period of the pings, ms (2,000 by default). */
  pingIntervalMs?: number;
  /** Period of the server's `stats` pushes, ms (1,000 by default). */
  serverStatsIntervalMs?: number;
}

export class SessionStart {
  readonly #o: SessionStartOptions;
  /** Streams the user wants running, by stream key: re-requested on every welcome. */
  readonly #wanted = new Map<string, StreamSpec>();
  #pingTimer: ReturnType<typeof setInterval> | undefined;

  constructor(options: SessionStartOptions) {
    this.#o = options;
  }

  /** Starts (or re-options) a stream and keeps it wanted across reconnects until `forget`. */
  async startStream(spec: StreamSpec): Promise<StreamStartedMessage> {
    const key = streamKey(spec);
    this.#wanted.set(key, spec);
    try {
      return await this.#o.requestStream(spec);
    } catch (err) {
      // The server refused it: do not retry it after every reconnect. A lost connection keeps it wanted.
      if (err instanceof RequestError && err.code !== 'not_connected' && err.code !== 'timeout')
        this.#wanted.delete(key);
      throw err;
    }
  }

  /** No longer wants a stream: the next session does not ask for it. */
  forget(spec: Pick<StreamSpec, 'equipment_id' | 'stream_type' | 'channel'>): void {
    this.#wanted.delete(streamKey(spec));
  }

  /** No longer wants any stream of an instrument; returns the specs it forgot. */
  forgetInstrument(equipmentId: string): StreamSpec[] {
    const forgotten = [...this.#wanted.values()].filter((spec) => spec.equipment_id === equipmentId);
    for (const spec of forgotten) this.#wanted.delete(streamKey(spec));
    return forgotten;
  }

  wanted(): StreamSpec[] {
    return [...this.#wanted.values()];
  }

  /** A session is open: ping, ask for the server's stats, and resume every stream wanted. */
  begin(): void {
    this.end();
    const ping = (): void => this.#o.send({ type: 'ping', client_time: performance.now() });
    ping();
    this.#pingTimer = setInterval(ping, this.#o.pingIntervalMs ?? 2_000);
    this.#o.send({ type: 'start_stats', interval_ms: this.#o.serverStatsIntervalMs ?? 1_000 });
    for (const spec of this.#wanted.values()) {
      this.#o.requestStream(spec).catch((err: unknown) => {
        this.#o.resumeFailed(`could not resume ${streamKey(spec)}: ${(err as Error).message}`);
      });
    }
  }

  /** The session's socket is gone: no more pings until the next `begin`. */
  end(): void {
    clearInterval(this.#pingTimer);
    this.#pingTimer = undefined;
  }
}
