/**
 * The drivers a bench can name. Adding an instrument type is one folder under instruments/ (its driver and
 * a `registration.ts`), one line here, and a run of the conformance suite (test/conformance/).
 */
import type { DriverInfo } from '../../shared/protocol/index.js';
import type { DriverRegistration } from './driverRegistration.js';
import { keysightE36300Registration } from './keysight-e36300/registration.js';
import { simPsuRegistration } from './psu/registration.js';
import { keysightInfiniiVisionRegistration } from './keysight-infiniivision/registration.js';
import { rigolDs1000zRegistration } from './rigol-ds1000z/registration.js';
import { simScopeRegistration } from './scope/registration.js';
import { rigolDp800Registration } from './rigol-dp800/registration.js';
import { siglentSpd3303xRegistration } from './siglent-spd3303x/registration.js';

export type DriverRegistry = Readonly<Record<string, DriverRegistration>>;

export const DRIVERS: DriverRegistry = {
  'sim-psu': simPsuRegistration,
  'sim-scope': simScopeRegistration,
  'rigol-dp800': rigolDp800Registration,
  'keysight-e36300': keysightE36300Registration,
  'siglent-spd3303x': siglentSpd3303xRegistration,
  'rigol-ds1000z': rigolDs1000zRegistration,
  'keysight-infiniivision': keysightInfiniiVisionRegistration,
};

/** The drivers as `info.drivers` lists them, for a client offering `add_instrument`. */
export function describeDrivers(drivers: DriverRegistry = DRIVERS): DriverInfo[] {
  return Object.entries(drivers).map(([name, d]) => ({
    name,
    kind: d.kind,
    description: d.description,
    // A driver that recognises SCPI identities reaches a real instrument at an address.
    connection: d.scpi === undefined ? 'simulated' : 'network',
  }));
}
