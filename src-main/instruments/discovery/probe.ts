/**
 * Finds the driver for an instrument given only its address: ask `*IDN?`, then offer the identity to every
 * SCPI driver's registration. An instrument no driver recognises gets a message naming what is supported,
 * so a person knows whether to look for a typo or for another tool.
 */
import type { DriverRegistry } from '../drivers.js';
import type { Identity } from '../InstrumentDriver.js';
import { splitIdentity } from '../scpi/identity.js';
import type { TcpEndpoint } from '../tcpEndpoint.js';

/** Asks the instrument at `endpoint` for its `*IDN?` reply (the raw line). */
export type QueryIdentity = (endpoint: TcpEndpoint, signal?: AbortSignal) => Promise<string>;

export type ProbeResult =
  | { ok: true; identity: Identity; driver: string; description: string }
  | { ok: false; identity?: Identity; message: string };

/**
 * Splits an IEEE 488.2 `*IDN?` reply: manufacturer, model, serial, firmware, comma-separated. Undefined when
 * it is not one (fewer than four fields or an empty model).
 */
export function parseIdentity(reply: string): Identity | undefined {
  return splitIdentity(reply);
}

/** The supported models, for people: "rigol-dp800 (DP832, DP831); siglent-spd3303x (SPD3303X)". */
export function supportedModels(drivers: DriverRegistry): string {
  const lines = Object.entries(drivers)
    .filter(([, r]) => r.scpi)
    .map(([name, r]) => `${name} (${r.scpi!.models.join(', ')})`);
  return lines.length > 0 ? lines.join('; ') : 'none';
}

export async function probeInstrument(
  endpoint: TcpEndpoint,
  drivers: DriverRegistry,
  queryIdentity: QueryIdentity,
  signal?: AbortSignal,
): Promise<ProbeResult> {
  const reply = await queryIdentity(endpoint, signal);
  const identity = parseIdentity(reply);
  const where = `${endpoint.host}:${endpoint.port}`;
  if (!identity) {
    const shown = JSON.stringify(reply.slice(0, 80));
    return { ok: false, message: `${where} answered *IDN? with ${shown}, which is not an identity` };
  }
  for (const [name, registration] of Object.entries(drivers)) {
    if (registration.scpi?.recognises(identity)) {
      return { ok: true, identity, driver: name, description: registration.description };
    }
  }
  return {
    ok: false,
    identity,
    message: `${where} is a ${identity.vendor} ${identity.model}, which Benchtop does not support. Supported: ${supportedModels(drivers)}`,
  };
}
