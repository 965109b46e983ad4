/**
 * The connection's public shapes (ConnectionManager.ts): its states, stream specs, statistics, request
 * errors, link events, the socket it drives and its options. Apart so the manager's file holds behaviour.
 */
import type { BackendEndpoint } from '../../shared/bridge';
import type { ConnectionProblem } from './connectionProblem';

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface StreamSpec {
  equipment_id: string;
  stream_type: string;
  interval_ms?: number;
  channel?: number;
  width?: number;
  full_resolution?: boolean;
}

export interface ConnectionStats {
  messagesReceived: number;
  bytesReceived: number;
  messagesSent: number;
  bytesSent: number;
  /**
   * Messages that could not be read (not JSON, a frame that does not decode), `error` replies, socket errors.
   */
  errors: number;
  /**
   * Sample frames and `stream_data` messages handed to nobody because their stream id is no stream (or
   * live view) of this session: one that came after its `stream_stopped`, of an earlier session, or never
   * announced. The backend sends none (docs/PROTOCOL.md "Binary frames"): above 0 is a peer's mistake.
   */
  unknownStreamData: number;
  /** Exceptions thrown by message handlers and listeners, each caught and logged; the others still ran. */
  handlerErrors: number;
  reconnects: number;
  /** Last ping round trip, ms. */
  rttMs: number | undefined;
  /** Missing sequence numbers seen across all streams (server-side drops or lost frames). */
  gaps: number;
  /**
   * Frames the server reports it did not send this dashboard (backpressure, full-resolution budget), over
   * every session since launch; from the server's periodic `stats`.
   */
  serverDrops: number;
}

export class RequestError extends Error {
  override name = 'RequestError';
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/**
 * The link's history as it happens, for the events log: a connection that was open was lost, or one was
 * open again after a loss (`backendRestarted`: the backend answering is a new run of it).
 */
export type LinkEvent =
  | { kind: 'lost'; atMs: number; problem: ConnectionProblem }
  | { kind: 'restored'; atMs: number; lostAtMs: number; backendRestarted: boolean };

/**
 * What the manager needs of a socket: the browser's WebSocket, `ws` in Node tests, or a transport that
 * speaks the same protocol another way (a fleet bench through the local backend, fleet/FleetSocket).
 */
export interface BenchSocket {
  binaryType: BinaryType;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  send(data: string): void;
  close(): void;
}

export interface ConnectionManagerOptions {
  getEndpoint(): Promise<BackendEndpoint>;
  /** WebSocket constructor; the browser's by default, `ws` in Node tests. */
  WebSocketImpl?: typeof WebSocket;
  /** Opens the socket for an endpoint's URL in place of `WebSocketImpl` (a bench reached another way). */
  openSocket?: (url: string) => BenchSocket;
  clientName?: string;
  random?: () => number;
  requestTimeoutMs?: number;
  pingIntervalMs?: number;
  /** Period of the server's `stats` pushes (for its drop counts), ms. */
  serverStatsIntervalMs?: number;
  /** Wall clock, ms since the epoch (Date.now); tests pass their own. */
  now?: () => number;
  /** Animation frames (requestAnimationFrame), which acknowledge fleet flushes; tests pass their own. */
  requestFrame?: (callback: (frameTimeMs: number) => void) => void;
}

export const streamKey = (spec: Pick<StreamSpec, 'equipment_id' | 'stream_type' | 'channel'>): string =>
  `${spec.equipment_id}/${spec.stream_type}/${spec.channel ?? '*'}`;
