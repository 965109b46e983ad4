/**
 * What discovery reports about one instrument on the LAN: where to reach its SCPI port and what it says it
 * is. LXI instruments announce `_lxi._tcp` (their web page, port 80) and, many of them, `_scpi-raw._tcp`
 * (the raw SCPI socket). The SCPI port is what Benchtop connects to, so an `_lxi._tcp` announcement without
 * a matching `_scpi-raw._tcp` one gets the vendor's usual socket port.
 */

import type { DiscoveredInstrumentInfo } from '../../../shared/protocol/index.js';

export type DiscoveryService = DiscoveredInstrumentInfo['services'][number];

/** As on the wire (`instruments_discovered`). */
export type DiscoveredInstrument = DiscoveredInstrumentInfo;

/** The raw SCPI socket port a vendor uses when none is announced: Rigol 5555, everyone else 5025. */
export function usualScpiPort(manufacturer: string | undefined, name: string): number {
  return /rigol/i.test(manufacturer ?? name) ? 5555 : 5025;
}
