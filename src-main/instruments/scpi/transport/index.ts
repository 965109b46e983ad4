/** The SCPI raw-socket transport: what drivers of real instruments open to reach them. */
export { openScpiPort, formatAddress } from './openScpiPort.js';
export { TcpScpiPort } from './TcpScpiPort.js';
export type { TcpScpiPortDeps } from './TcpScpiPort.js';
export { DEFAULT_PACING, resolvePacing, scpiPacingSchema } from './pacing.js';
export type { ScpiPacing, ScpiPacingOverrides } from './pacing.js';
export { FramingError, ReplyFramer } from './ReplyFramer.js';
export { ScpiLink, withLinkStats } from './ScpiLink.js';
export { LinkStatsMeter, percentile } from './LinkStatsMeter.js';
