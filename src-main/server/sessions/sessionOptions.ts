/**
 * Per-connection limits: how long a connection may take to send `hello`, backpressure watermarks, how long
 * a slow client is tolerated, how much may be queued for it, how many commands it may send, the
 * full-resolution byte budget and the driver timeout for commands. Defaults suit the desktop app; tests
 * shrink them (BackendOptions.session → BenchtopServerOptions.session → each ClientSession).
 */
import { HELLO_TIMEOUT_MS } from '../../../shared/protocol/index.js';
import { DEFAULT_DRIVER_TIMEOUT_MS } from '../../instruments/index.js';
import { FLEET_ACK_TIMEOUT_MS } from '../fleet/index.js';

export interface SessionOptions {
  /**
   * How long a connection without a token in its URL may wait before sending `hello`, ms; then it is
   * closed (4408). Short, because such a connection holds one of the few pending slots. Default 2 s.
   */
  helloTimeoutMs: number;
  /** Send-buffer level above which live frames are coalesced, bytes. Default 4 MiB. */
  highWatermarkBytes: number;
  /** Level the buffer must fall below before coalesced frames are flushed, bytes. Default 1 MiB. */
  lowWatermarkBytes: number;
  /**
   * Bytes written to a connection that its client has not yet acknowledged taking (a ping's pong; see
   * OutboundQueue) above which live frames are coalesced, bytes: a reply or event waits behind at most this
   * much live data, however slowly the client reads. Default 512 KiB (below a second even for a dashboard
   * starved of CPU; at a 5 ms round trip still 100 MB/s).
   */
  inFlightWindowBytes: number;
  /** How long a client may keep the buffer above the watermark before it is closed (1008), ms. Default 30 s. */
  slowConsumerMs: number;
  /**
   * Full-resolution waveform payload one connection may be sent per second (sliding window), bytes/s.
   * Beyond it such frames are dropped and counted. Default 64 MB/s.
   */
  fullResolutionBytesPerS: number;
  /** Longest a `get_parameters` / `set_parameter` may wait for the instrument, ms. Default 2 s. */
  driverTimeoutMs: number;
  /**
   * Most bytes a connection may have written and not yet sent (its socket's buffer) once a reply, event or
   * other control message is added, bytes. A client that asks and never reads reaches it and is closed
   * (1008). Must be at least `highWatermarkBytes`: live frames fill the buffer up to that mark and one frame
   * beyond (a full-resolution record, up to 16 MB), which the default leaves room for. Default 32 MiB.
   */
  maxQueuedBytes: number;
  /**
   * Commands (any message) one connection may send per second on average, and in a burst. A message over
   * the rate is not run and is answered `error rate_limited`; a client that keeps sending at more than twice
   * the rate is closed (1008; see CommandRateLimit). Defaults 200/s, bursts of 400: far above what the
   * dashboard sends (a reconnect resubscribes at most a few dozen streams at once), far below a flood.
   */
  commandsPerS: number;
  commandBurst: number;
  /**
   * After the server closes a connection, how long the client has to complete the closing handshake before
   * the socket is destroyed, ms. A stalled client never reads the close frame. Default 5 s.
   */
  closeGraceMs: number;
  /**
   * How long a fleet flush sent to a session that acknowledges flushes waits for its `fleet_ack` before
   * the next goes anyway, ms (a hidden tab runs no animation frames). Default 250 ms.
   */
  fleetAckTimeoutMs: number;
}

export const DEFAULT_SESSION_OPTIONS: Readonly<SessionOptions> = {
  helloTimeoutMs: HELLO_TIMEOUT_MS,
  highWatermarkBytes: 4 * 1024 * 1024,
  lowWatermarkBytes: 1 * 1024 * 1024,
  inFlightWindowBytes: 512 * 1024,
  slowConsumerMs: 30_000,
  fullResolutionBytesPerS: 64 * 1_000_000,
  driverTimeoutMs: DEFAULT_DRIVER_TIMEOUT_MS,
  maxQueuedBytes: 32 * 1024 * 1024,
  commandsPerS: 200,
  commandBurst: 400,
  closeGraceMs: 5_000,
  fleetAckTimeoutMs: FLEET_ACK_TIMEOUT_MS,
};

/** Defaults filled in and checked; throws RangeError on a value that would make no sense. */
export function resolveSessionOptions(options: Partial<SessionOptions> = {}): SessionOptions {
  const resolved: SessionOptions = { ...DEFAULT_SESSION_OPTIONS };
  for (const [key, value] of Object.entries(options) as [keyof SessionOptions, number | undefined][]) {
    if (value === undefined) continue;
    if (!(Number.isFinite(value) && value >= 0))
      throw new RangeError(`session.${key} must be ≥ 0; got ${value}`);
    resolved[key] = value;
  }
  // A low watermark above the high one would flush straight back over the mark.
  if (options.lowWatermarkBytes === undefined && resolved.lowWatermarkBytes > resolved.highWatermarkBytes) {
    resolved.lowWatermarkBytes = Math.floor(resolved.highWatermarkBytes / 4);
  }
  if (resolved.lowWatermarkBytes > resolved.highWatermarkBytes) {
    throw new RangeError('session.lowWatermarkBytes must not exceed session.highWatermarkBytes');
  }
  // Below the watermark, the buffer that live frames legitimately fill would close every busy client.
  if (resolved.maxQueuedBytes < resolved.highWatermarkBytes) {
    throw new RangeError('session.maxQueuedBytes must be at least session.highWatermarkBytes');
  }
  if (resolved.commandsPerS === 0) throw new RangeError('session.commandsPerS must be > 0');
  if (resolved.commandBurst < 1) throw new RangeError('session.commandBurst must be ≥ 1');
  return resolved;
}
