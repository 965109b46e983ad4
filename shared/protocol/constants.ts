/** Wire protocol version. Bumped on any incompatible change; see docs/PROTOCOL.md "Versioning". */
export const PROTOCOL_VERSION = 1;

/** Path of the WebSocket endpoint on the backend's HTTP server. */
export const WS_PATH = '/ws';

/** Largest text frame a client may send, in bytes. Larger frames close the connection (1009). */
export const MAX_INBOUND_TEXT_BYTES = 64 * 1024;

/** Streams one connection may hold at once. */
export const MAX_STREAMS_PER_CONNECTION = 32;

/** Simultaneous authenticated-or-pending connections the server accepts. */
export const MAX_CONNECTIONS = 64;

/** Time a connection without a URL token has to send `hello`, in ms. */
export const HELLO_TIMEOUT_MS = 5_000;

/** Range and default of `start_stats.interval_ms`, ms. */
export const STATS_INTERVAL_MIN_MS = 250;
export const STATS_INTERVAL_MAX_MS = 60_000;
export const STATS_INTERVAL_DEFAULT_MS = 1_000;

/**
 * Largest `shift_stream.shift_ms` magnitude the validator accepts, ms: the longest stream interval. The
 * stream itself allows at most one of its own intervals.
 */
export const SHIFT_MAX_MS = 60_000;

/** Longest accepted `request_id`, in characters. */
export const MAX_REQUEST_ID_LENGTH = 64;

/** Close codes the server uses (4000-4999 are application-defined by RFC 6455). */
export const CloseCode = {
  normal: 1000,
  goingAway: 1001,
  /**
   * Reserved, not sent: a binary frame from a client is answered with `error invalid_message` and the
   * connection stays open.
   */
  unsupportedData: 1003,
  /** A client that kept the send buffer above the high watermark for too long (slow consumer). */
  policyViolation: 1008,
  /** A frame larger than MAX_INBOUND_TEXT_BYTES. */
  messageTooBig: 1009,
  /** Missing, wrong or late token; or a command before the handshake. */
  unauthorized: 4401,
  /** No `hello` within HELLO_TIMEOUT_MS. */
  handshakeTimeout: 4408,
  /** `hello` with a protocol version this server does not speak. */
  protocolMismatch: 4406,
  /** Too many connections. */
  tryAgainLater: 4429,
} as const;
