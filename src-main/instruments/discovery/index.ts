/** mDNS/DNS-SD discovery of SCPI instruments on the LAN. */
export { discoverInstruments, mergeAnnouncements, MAX_DISCOVERY_MS } from './discover.js';
export type { Browse, ServiceAnnouncement } from './discover.js';
export type { DiscoveredInstrument, DiscoveryService } from './discoveredInstrument.js';
export { parseIdentity, probeInstrument, supportedModels } from './probe.js';
export type { ProbeResult, QueryIdentity } from './probe.js';
