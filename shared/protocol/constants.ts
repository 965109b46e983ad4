/** Wire protocol version. Bumped on any incompatible change; see docs/PROTOCOL.md "Versioning". */
export const PROTOCOL_VERSION = 1;

/** Path of the WebSocket endpoint on the backend's HTTP server. */
export const WS_PATH = '/ws';

/** Largest text frame a client may send, in bytes. Larger frames close the connection (1009). */
export const MAX_INBOUND_TEXT_BYTES = 64 * 1024;

/** Streams one connection may hold at once. */
export const MAX_STREAMS_PER_CONNECTION = 32;

/** Simultaneous authenticated clients the server accepts; connections still awaiting `hello` are not counted. */
export const MAX_CONNECTIONS = 64;

/**
 * Connections still awaiting `hello` (no token in the URL) the server holds at once, apart from the
 * authenticated clients. A newcomer beyond it takes the place of the one that has waited longest, which is
 * closed with 4429: a client that sends its hello promptly always gets through, and sockets that never
 * send one cannot lock anyone out.
 */
export const MAX_PENDING_CONNECTIONS = 16;

/** Time a connection without a URL token has to send `hello`, in ms. */
export const HELLO_TIMEOUT_MS = 2_000;

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
  /**
   * A client that does not read: its send buffer stayed above the high watermark for too long, or more was
   * queued for it than the per-connection bound; or one that kept sending commands over the rate limit.
   */
  policyViolation: 1008,
  /** A frame larger than MAX_INBOUND_TEXT_BYTES. */
  messageTooBig: 1009,
  /** Missing, wrong or late token; or a command before the handshake. */
  unauthorized: 4401,
  /**
   * A browser page from an origin this backend does not admit (`--allow-origin` admits one); the reason
   * names that origin. Sent right after the upgrade, before anything is read, so a page can say what to do.
   */
  originNotAllowed: 4403,
  /** No `hello` within HELLO_TIMEOUT_MS. */
  handshakeTimeout: 4408,
  /** `hello` with a protocol version this server does not speak. */
  protocolMismatch: 4406,
  /** Too many clients, or (awaiting hello) displaced by a newer connection while too many awaited it. */
  tryAgainLater: 4429,
} as const;
