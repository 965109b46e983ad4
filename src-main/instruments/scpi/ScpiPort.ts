/**
 * What a SCPI driver talks through: one instrument's raw-socket link (transport/ in this folder implements
 * it over Node's `net`; tests may implement it in memory against an emulator). Calls are made one at a time
 * by the instrument host's queue; every call takes the host's AbortSignal, and a call that is aborted or
 * times out leaves the link in step (the transport drains the late reply and resynchronises) before the
 * next call may run.
 *
 * Errors are DriverErrors (../InstrumentDriver.ts): `disconnected` when the link is gone, `timeout` when no
 * answer came in time, `protocol` when an answer could not be framed (bad block header, garbage).
 */

export interface ScpiCallOptions {
  signal?: AbortSignal;
  /** Longest wait for the reply, ms; the port's default (per model) when absent. */
  timeoutMs?: number;
}

export interface ScpiBlockOptions extends ScpiCallOptions {
  /** Called as the block arrives: bytes so far of `totalBytes` (undefined for an indefinite `#0` block). */
  onProgress?(receivedBytes: number, totalBytes: number | undefined): void;
}

/** Link figures for `stats` and the UI (shared/protocol/link.ts carries them over the wire). */
export interface ScpiLinkStats {
  queries: number;
  writes: number;
  /** Query round-trip latency percentiles over the recent window, ms. */
  latencyP50Ms: number;
  latencyP95Ms: number;
  /** Bytes received and sent per second over the recent window. */
  receiveBytesPerS: number;
  sendBytesPerS: number;
  bytesSent: number;
  bytesReceived: number;
  timeouts: number;
  resyncs: number;
  /** Errors the instrument reported in its own queue (`SYST:ERR?` answered with a non-zero code). */
  instrumentErrors: number;
  /** Replies that could not be read: unframeable bytes, or a framed reply the driver could not parse. */
  parseErrors: number;
  /** Sockets opened to the instrument over the meter's life (a reconnect adds one). */
  connects: number;
}

export interface ScpiPort {
  /**
   * Sends one program message (no terminator: the port adds `\n`). Resolves once the port has taken it:
   * where the model needs no gap between commands it leaves with the next command in one send (or on the
   * event loop's next turn if none follows), in order; otherwise it is paced and handed to the socket.
   */
  write(command: string, options?: ScpiCallOptions): Promise<void>;
  /** Sends a query and resolves with its reply line, terminator removed (e.g. `RIGOL TECHNOLOGIES,...`). */
  query(command: string, options?: ScpiCallOptions): Promise<string>;
  /** Sends a query answered by an IEEE 488.2 block (`#<n><len><bytes>` or `#0...\n`); resolves with the bytes. */
  queryBlock(command: string, options?: ScpiBlockOptions): Promise<Uint8Array>;
  /**
   * Gets the link back in step after the calls already queued: drain until quiet, `*CLS`, and `*OPC?` where
   * the model answers it. The port does this by itself after a timeout, an abort or unframeable bytes; a
   * driver calls it when a reply was framed but made no sense (the port cannot tell).
   */
  resync(): Promise<void>;
  stats(): ScpiLinkStats;
  /** Closes the socket; pending calls reject with `disconnected`. */
  close(): Promise<void>;
}
