/**
 * The drivers a bench can name. Adding an instrument type is one folder under instruments/ (its driver and
 * a `registration.ts`), one line here, and a run of the conformance suite (test/conformance/).
 */
import type { DriverInfo } from '../../shared/protocol/index.js';
import type { DriverRegistration } from './driverRegistration.js';
import { simPsuRegistration } from './psu/registration.js';
import { simScopeRegistration } from './scope/registration.js';

export type DriverRegistry = Readonly<Record<string, DriverRegistration>>;

export const DRIVERS: DriverRegistry = {
  'sim-psu': simPsuRegistration,
  'sim-scope': simScopeRegistration,
};

/** The drivers as `info.drivers` lists them, for a client offering `add_instrument`. */
export function describeDrivers(drivers: DriverRegistry = DRIVERS): DriverInfo[] {
  return Object.entries(drivers).map(([name, d]) => ({ name, kind: d.kind, description: d.description }));
}
