/** What every SCPI supply driver needs before it knows the model: a link to open and `*IDN?` parsed. */
import type { Identity } from '../InstrumentDriver.js';
import { splitIdentity } from '../scpi/identity.js';
import type { ScpiPort } from '../scpi/ScpiPort.js';
import { garbledReply } from './replies.js';

/** Opens the instrument's link; rejects DriverError('disconnected' | 'timeout') while it is unreachable. */
export type PortOpener = (signal?: AbortSignal) => Promise<ScpiPort>;

/**
 * `*IDN?`: `<vendor>,<model>,<serial>,<firmware>` (IEEE 488.2; Siglent adds a fifth field, the hardware
 * version, which is kept with the firmware).
 */
export function parseIdentity(reply: string): Identity {
  const identity = splitIdentity(reply);
  if (!identity) throw garbledReply('*IDN?', reply, 'vendor,model,serial,firmware');
  return identity;
}
