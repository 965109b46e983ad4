/**
 * One instrument's SCPI link over its whole life on the bench: it opens a port on each (re)connect and
 * keeps one LinkStatsMeter across them, so `stats` shows the link's history, not only the current socket's,
 * and one send time, so the model's gap between commands holds across a reconnect.
 */
import type { InstrumentLinkStats } from '../../../../shared/protocol/index.js';
import { systemClock } from '../../../util/index.js';
import type { InstrumentDriver } from '../../InstrumentDriver.js';
import type { TcpEndpoint } from '../../tcpEndpoint.js';
import { LinkStatsMeter } from './LinkStatsMeter.js';
import { formatAddress, openScpiPort } from './openScpiPort.js';
import type { ScpiPacing } from './pacing.js';
import type { TcpScpiPort, TcpScpiPortDeps } from './TcpScpiPort.js';

export class ScpiLink {
  /** "192.168.1.20:5555". */
  readonly address: string;
  readonly #endpoint: TcpEndpoint;
  readonly #pacing: Partial<ScpiPacing>;
  readonly #deps: TcpScpiPortDeps;
  readonly #meter: LinkStatsMeter;
  readonly #sendState = { lastSendMs: Number.NEGATIVE_INFINITY };
  #port: TcpScpiPort | undefined;

  constructor(endpoint: TcpEndpoint, pacing: Partial<ScpiPacing>, deps: TcpScpiPortDeps = {}) {
    this.address = formatAddress(endpoint);
    this.#endpoint = endpoint;
    this.#pacing = pacing;
    this.#deps = deps;
    this.#meter = new LinkStatsMeter(deps.clock ?? systemClock);
  }

  /** Connects a new port reporting into this link's meter; `pacing` replaces the link's own when given. */
  readonly open = async (signal?: AbortSignal, pacing?: Partial<ScpiPacing>): Promise<TcpScpiPort> => {
    const port = await openScpiPort(this.#endpoint, pacing ?? this.#pacing, signal, {
      ...this.#deps,
      meter: this.#meter,
      sendState: this.#sendState,
    });
    this.#port = port;
    return port;
  };

  /** The link's figures as `stats` carries them. */
  stats(): InstrumentLinkStats {
    const s = this.#meter.snapshot();
    return {
      transport: 'lan',
      address: this.address,
      connected: this.#port !== undefined && !this.#port.closed,
      latency_p50_ms: s.latencyP50Ms,
      latency_p95_ms: s.latencyP95Ms,
      receive_bytes_per_s: s.receiveBytesPerS,
      send_bytes_per_s: s.sendBytesPerS,
      queries: s.queries,
      writes: s.writes,
      bytes_received: s.bytesReceived,
      bytes_sent: s.bytesSent,
      timeouts: s.timeouts,
      resyncs: s.resyncs,
      instrument_errors: s.instrumentErrors,
      parse_errors: s.parseErrors,
      connects: s.connects,
    };
  }
}

/** `driver`, answering `linkStats()` from `link` (for drivers that take an `openPort` function). */
export function withLinkStats<D extends InstrumentDriver>(driver: D, link: ScpiLink): D {
  return Object.assign(driver, { linkStats: () => link.stats() });
}
