/**
 * Finding instruments to add: `probe` asks an address for `*IDN?` and names the driver for it; `discover`
 * listens for mDNS announcements. Both reach outside the machine on a person's request, so both are
 * bounded: a few probes at once, each with a timeout, and one discovery at a time (a second request joins
 * the one running).
 */
import { DriverError } from '../InstrumentDriver.js';
import type { DriverRegistry } from '../drivers.js';
import type { TcpEndpoint } from '../tcpEndpoint.js';
import { type Browse, discoverInstruments } from './discover.js';
import type { DiscoveredInstrument } from './discoveredInstrument.js';
import { probeInstrument, type ProbeResult, type QueryIdentity } from './probe.js';

export const MAX_CONCURRENT_PROBES = 4;
export const PROBE_TIMEOUT_MS = 3_000;

export interface InstrumentFinderOptions {
  drivers: DriverRegistry;
  queryIdentity: QueryIdentity;
  browse?: Browse;
  probeTimeoutMs?: number;
}

export class InstrumentFinder {
  readonly #options: InstrumentFinderOptions;
  #probing = 0;
  #discovery: Promise<DiscoveredInstrument[]> | undefined;

  constructor(options: InstrumentFinderOptions) {
    this.#options = options;
  }

  /**
   * Asks `endpoint` who it is. Rejects with DriverError `fault` when MAX_CONCURRENT_PROBES run
   * already, and with the link's DriverError (`disconnected`, `timeout`) when it cannot be reached.
   */
  async probe(endpoint: TcpEndpoint): Promise<ProbeResult> {
    if (this.#probing >= MAX_CONCURRENT_PROBES) {
      throw new DriverError(
        `${MAX_CONCURRENT_PROBES} probes are running already; try again when one ends`,
        'fault',
      );
    }
    this.#probing++;
    const timeoutMs = this.#options.probeTimeoutMs ?? PROBE_TIMEOUT_MS;
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      return await probeInstrument(endpoint, this.#options.drivers, this.#options.queryIdentity, signal);
    } catch (err) {
      if (signal.aborted && !(err instanceof DriverError)) {
        throw new DriverError(
          `${endpoint.host}:${endpoint.port} did not answer *IDN? within ${timeoutMs} ms`,
          'timeout',
        );
      }
      throw err;
    } finally {
      this.#probing--;
    }
  }

  /** Listens for `durationMs`; a call while a discovery runs gets that discovery's result. */
  discover(durationMs: number): Promise<DiscoveredInstrument[]> {
    this.#discovery ??= discoverInstruments(durationMs, { browse: this.#options.browse }).finally(() => {
      this.#discovery = undefined;
    });
    return this.#discovery;
  }
}
