/**
 * Who gets in (docs/PROTOCOL.md, "Transport" and "Handshake"): the Host and Origin checks before an upgrade
 * (RequestGate, hostPolicy), the places for clients and for connections awaiting `hello` (ConnectionSlots),
 * the per-launch token (auth) and the verdict on a `hello` (handshake).
 */
export { generateToken, tokenMatches } from './auth.js';
export { ConnectionSlots, type SessionEvent } from './ConnectionSlots.js';
export { judgeHello } from './handshake.js';
export { normalizeOrigin } from './allowedOrigin.js';
export { normalizeHostName } from './hostPolicy.js';
export { RequestGate } from './RequestGate.js';
