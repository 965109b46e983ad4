/**
 * The instruments the backend serves, by `equipment_id`: one InstrumentHost each. Every driver call goes
 * through its host (serial queue, cancelling timeouts, reconnect), so a hung or unreachable instrument can
 * never hang the server. The registry merges the hosts' instrument events and state changes into one
 * place for the server to broadcast.
 */
import type { InstrumentInfo } from '../../shared/protocol/index.js';
import { Emitter } from '../util/Emitter.js';
import type { InstrumentDriver, InstrumentEvent } from './InstrumentDriver.js';
import { InstrumentHost } from './host/InstrumentHost.js';
import type { HostStateChange } from './host/hostTypes.js';
import { stateEvent } from './host/stateEvent.js';

export { DEFAULT_DRIVER_TIMEOUT_MS } from './host/hostTypes.js';

export class InstrumentRegistry {
  readonly #hosts = new Map<string, InstrumentHost>();
  readonly #unsubscribers = new Map<string, () => void>();
  /** What the instruments report on their own (protection trips, ...) and their link state changes. */
  readonly events = new Emitter<InstrumentEvent>();
  /** Link state changes of every instrument. */
  readonly stateChanges = new Emitter<HostStateChange>();

  constructor(hosts: readonly InstrumentHost[] = []) {
    for (const host of hosts) this.add(host);
  }

  /** A registry of hosts around `drivers`, with the host defaults; call open() before use. */
  static ofDrivers(
    drivers: readonly InstrumentDriver[],
    options: ConstructorParameters<typeof InstrumentHost>[1],
  ): InstrumentRegistry {
    return new InstrumentRegistry(drivers.map((driver) => new InstrumentHost(driver, options)));
  }

  /** Registers a host (not opened here). Throws on a duplicate id. */
  add(host: InstrumentHost): void {
    if (this.#hosts.has(host.id)) throw new Error(`duplicate instrument id ${host.id}`);
    this.#hosts.set(host.id, host);
    const offEvents = host.onEvent((event) => this.events.emit(event));
    const offStates = host.onStateChange((change) => {
      this.stateChanges.emit(change);
      this.events.emit(stateEvent(change));
    });
    this.#unsubscribers.set(host.id, () => {
      offEvents();
      offStates();
    });
  }

  /** Unregisters a host and returns it (the caller closes it); undefined when there is none. */
  remove(id: string): InstrumentHost | undefined {
    const host = this.#hosts.get(id);
    if (host === undefined) return undefined;
    this.#hosts.delete(id);
    this.#unsubscribers.get(id)?.();
    this.#unsubscribers.delete(id);
    return host;
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
