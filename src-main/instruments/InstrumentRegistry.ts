/**
 * The instruments the backend serves, by `equipment_id`: one InstrumentHost each. Every driver call goes
 * through its host (serial queue, cancelling timeouts, reconnect), so a hung or unreachable instrument can
 * never hang the server. The registry merges the hosts' instrument events and state changes into one
 * place for the server to broadcast.
 */
import type { BenchInstrument, InstrumentInfo, InstrumentStats } from '../../shared/protocol/index.js';
import { Emitter } from '../util/index.js';
import type { InstrumentDriver, InstrumentEvent } from './InstrumentDriver.js';
import { InstrumentHost } from './host/InstrumentHost.js';
import type { HostStateChange } from './host/hostTypes.js';
import { stateEvent } from './host/stateEvent.js';

export { DEFAULT_DRIVER_TIMEOUT_MS } from './host/hostTypes.js';

export class InstrumentRegistry {
  readonly #hosts = new Map<string, InstrumentHost>();
  /** The bench entry each host was built from (none for drivers given in code). */
  readonly #entries = new Map<string, BenchInstrument>();
  readonly #unsubscribers = new Map<string, () => void>();
  /** What the instruments report on their own (protection trips, ...) and their link state changes. */
  readonly events = new Emitter<InstrumentEvent>();
  /** Link state changes of every instrument. */
  readonly stateChanges = new Emitter<HostStateChange>();

  constructor(hosts: readonly (InstrumentHost | { host: InstrumentHost; entry: BenchInstrument })[] = []) {
    for (const item of hosts) {
      if (item instanceof InstrumentHost) this.add(item);
      else this.add(item.host, item.entry);
    }
  }

  /** A registry of hosts around `drivers`, with the host defaults; call open() before use. */
  static ofDrivers(
    drivers: readonly InstrumentDriver[],
    options: ConstructorParameters<typeof InstrumentHost>[1],
  ): InstrumentRegistry {
    return new InstrumentRegistry(drivers.map((driver) => new InstrumentHost(driver, options)));
  }

  get size(): number {
    return this.#hosts.size;
  }

  /**
   * Registers a host (not opened here), with the bench entry it was built from, and reports it as an
   * `instrument_added` event. Throws on a duplicate id.
   */
  add(host: InstrumentHost, entry?: BenchInstrument): void {
    if (this.#hosts.has(host.id)) throw new Error(`duplicate instrument id ${host.id}`);
    this.#hosts.set(host.id, host);
    if (entry !== undefined) this.#entries.set(host.id, entry);
    const offEvents = host.onEvent((event) => this.events.emit(event));
    const offStates = host.onStateChange((change) => {
      this.stateChanges.emit(change);
      this.events.emit(stateEvent(change));
    });
    this.#unsubscribers.set(host.id, () => {
      offEvents();
      offStates();
    });
    const info = host.capabilities();
    this.events.emit({
      equipmentId: host.id,
      level: 'info',
      kind: 'instrument_added',
      message: `${info.label} (${host.id}) added to the bench`,
      details: { instrument: info },
      timestampMs: Date.now(),
    });
  }

  /**
   * Unregisters a host, reports it as an `instrument_removed` event and returns it (the caller closes it);
   * undefined when there is none.
   */
  remove(id: string): InstrumentHost | undefined {
    const host = this.#hosts.get(id);
    if (host === undefined) return undefined;
    this.#hosts.delete(id);
    this.#entries.delete(id);
    this.#unsubscribers.get(id)?.();
    this.#unsubscribers.delete(id);
    this.events.emit({
      equipmentId: id,
      level: 'info',
      kind: 'instrument_removed',
      message: `${host.label} (${id}) removed from the bench`,
      details: { equipment_id: id },
      timestampMs: Date.now(),
    });
    return host;
  }

  /** The bench entries of the instruments that came from a bench, in bench order: what is saved. */
  entries(): BenchInstrument[] {
    return this.ids().flatMap((id) => {
      const entry = this.#entries.get(id);
      return entry === undefined ? [] : [entry];
    });
  }

  get(id: string): InstrumentHost | undefined {
    return this.#hosts.get(id);
  }

  all(): InstrumentHost[] {
    return [...this.#hosts.values()];
  }

  ids(): string[] {
    return [...this.#hosts.keys()];
  }

  /** Every instrument reached over a link, with its figures (simulators have none and are left out). */
  linkStats(): InstrumentStats[] {
    return this.all().flatMap((host) => {
      const link = host.linkStats();
      return link ? [{ equipment_id: host.id, link }] : [];
    });
  }

  catalog(): InstrumentInfo[] {
    return this.all().map((host) => host.capabilities());
  }

  /** Opens every host; resolves when each first attempt is over (unreachable ones are then offline). */
  async open(): Promise<void> {
    await Promise.all(this.all().map((host) => host.open()));
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.all().map((host) => host.close()));
  }
}
