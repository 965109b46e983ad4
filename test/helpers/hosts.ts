/** Drivers in opened instrument hosts, for tests below the server (streams, acquisition sources). */
import { InstrumentHost } from '../../src-main/instruments/host/InstrumentHost.js';
import type { InstrumentDriver } from '../../src-main/instruments/InstrumentDriver.js';
import { InstrumentRegistry } from '../../src-main/instruments/InstrumentRegistry.js';
import { silentLogger } from '../../src-main/util/log.js';

type HostOptions = Partial<ConstructorParameters<typeof InstrumentHost>[1]>;

/** A host around `driver`, opened (its first attempt over). */
export async function openHost(driver: InstrumentDriver, options: HostOptions = {}): Promise<InstrumentHost> {
  const host = new InstrumentHost(driver, { log: silentLogger, ...options });
  await host.open();
  return host;
}

/** A registry of opened hosts around `drivers`. */
export async function openRegistry(
  drivers: readonly InstrumentDriver[],
  options: HostOptions = {},
): Promise<InstrumentRegistry> {
  const registry = InstrumentRegistry.ofDrivers(drivers, { log: silentLogger, ...options });
  await registry.open();
  return registry;
}
