/**
 * `stats.instruments[].link`: how the link to one real instrument is doing (SCPI over TCP). Simulated
 * instruments have no link and are not listed. A zod schema because the renderer receives it from the
 * wire and shows it: a malformed entry is dropped, never shown as zeros.
 */
import { z } from 'zod';

const count = z.number().int().nonnegative();
const figure = z.number().nonnegative();

export const instrumentLinkStatsSchema = z.object({
  /** How the instrument is reached; `lan` is SCPI over a raw TCP socket. */
  transport: z.literal('lan'),
  /** "192.168.1.20:5555". */
  address: z.string().min(1),
  /** Whether a socket to the instrument is open now. */
  connected: z.boolean(),
  /** Query round trips (send to last reply byte), nearest-rank percentiles of the last 256, ms. */
  latency_p50_ms: figure,
  latency_p95_ms: figure,
  /** Bytes per second over the last 5 s, received from and sent to the instrument. */
  receive_bytes_per_s: figure,
  send_bytes_per_s: figure,
  queries: count,
  writes: count,
  bytes_received: count,
  bytes_sent: count,
  /** Replies that did not come within the timeout. */
  timeouts: count,
  /** Times the link was brought back in step (drain, `*CLS`, `*OPC?`) after a failed call. */
  resyncs: count,
  /** Errors the instrument reported in its own queue (`SYST:ERR?` answered with a non-zero code). */
  instrument_errors: count,
  /** Replies that could not be read: bytes that frame no reply, or a reply the driver could not parse. */
  parse_errors: count,
  /** Sockets opened to the instrument (1 while the first connection lasts; more after reconnects). */
  connects: count,
});

export type InstrumentLinkStats = z.infer<typeof instrumentLinkStatsSchema>;

/** One entry of `stats.instruments`. */
export const instrumentStatsSchema = z.object({
  equipment_id: z.string().min(1),
  link: instrumentLinkStatsSchema,
});

export type InstrumentStats = z.infer<typeof instrumentStatsSchema>;
