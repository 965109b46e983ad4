/** mDNS/DNS-SD discovery of SCPI instruments on the LAN. */
export { discoverInstruments, mergeAnnouncements, MAX_DISCOVERY_MS } from './discover.js';
export type { Browse, ServiceAnnouncement } from './discover.js';
export type { DiscoveredInstrument, DiscoveryService } from './discoveredInstrument.js';
export { parseIdentity, probeInstrument, supportedModels } from './probe.js';
export type { ProbeResult, QueryIdentity } from './probe.js';
export { InstrumentFinder, MAX_CONCURRENT_PROBES, PROBE_TIMEOUT_MS } from './InstrumentFinder.js';
export type { InstrumentFinderOptions } from './InstrumentFinder.js';
export { queryIdentityOverTcp } from './queryIdentityOverTcp.js';
