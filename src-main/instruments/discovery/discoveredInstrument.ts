/**
 * What discovery reports about one instrument on the LAN: where to reach its SCPI port and what it says it
 * is. LXI instruments announce `_lxi._tcp` (their web page, port 80) and, many of them, `_scpi-raw._tcp`
 * (the raw SCPI socket). The SCPI port is what Benchtop connects to, so an `_lxi._tcp` announcement without
 * a matching `_scpi-raw._tcp` one gets the vendor's usual socket port.
 */

export type DiscoveryService = 'scpi-raw' | 'lxi';

export interface DiscoveredInstrument {
  /** The service instance name, e.g. "RIGOL DP832 DP8C123456789". */
  name: string;
  /** Address to connect to: the first IPv4 address announced, else the first address, else the host name. */
  host: string;
  /** The raw SCPI socket port. */
  port: number;
  /** True when the port was announced (`_scpi-raw._tcp`), false when it is the vendor's usual one. */
  port_announced: boolean;
  services: DiscoveryService[];
  /** From the LXI TXT record, when present. */
  manufacturer?: string;
  model?: string;
  serial?: string;
}

/** The raw SCPI socket port a vendor uses when none is announced: Rigol 5555, everyone else 5025. */
export function usualScpiPort(manufacturer: string | undefined, name: string): number {
  return /rigol/i.test(manufacturer ?? name) ? 5555 : 5025;
}
