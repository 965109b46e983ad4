/**
 * The HTTP and WebSocket server. Its rooms follow docs/PROTOCOL.md: admission/ (Transport, Handshake),
 * sessions/ (one connection: dispatch, limits, stats), streams/ (Streams), acquisitions/ (Acquisitions),
 * exports/ (Export) and instruments/ (parameters, adding and removing instruments). BenchtopServer and the
 * static files sit at the top.
 */
export { BenchtopServer, type BenchtopServerOptions } from './BenchtopServer.js';
export { toEventMessage, toProgressMessage } from './acquisitions/index.js';
export { exportEventMessage } from './exports/index.js';
export { generateToken, normalizeHostName, normalizeOrigin } from './admission/index.js';
export { resolveSessionOptions, type SessionOptions } from './sessions/index.js';
export { COMMAND_ROLES, type RemoteCommandContext, runRemoteCommand } from './commands/index.js';
export type { FleetAccess } from './fleet/index.js';
