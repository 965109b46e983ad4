/**
 * `*IDN?` over a fresh raw-socket link, for a probe: opened, asked once, closed. Instruments that serve one
 * session at a time (Rigol) answer only when nothing else holds them, which is why a probe of an instrument
 * already on the bench is answered from the bench instead (server/instruments/findCommands.ts).
 */
import { openScpiPort } from '../scpi/transport/index.js';
import type { QueryIdentity } from './probe.js';

export const queryIdentityOverTcp: QueryIdentity = async (endpoint, signal) => {
  const port = await openScpiPort(endpoint, {}, signal);
  try {
    return await port.query('*IDN?', { signal });
  } finally {
    await port.close();
  }
};
