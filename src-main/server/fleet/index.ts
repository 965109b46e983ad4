/**
 * Fleet commands on a WebSocket (docs/PROTOCOL.md, "Fleet through the dashboard's backend"): get_fleet,
 * fleet_command, fleet_lease, get_fleet_history and the live push (fleet_subscribe / fleet_unsubscribe),
 * over the FleetAccess a backend on a fleet provides.
 */
export { type FleetAccess, type FleetPeer, handleFleetCommand } from './fleetCommands.js';
export {
  FLEET_CONGESTED_RETRY_MS,
  FLEET_MAX_PENDING_RECORDS,
  FleetFeed,
  type FleetFeedOptions,
} from './FleetFeed.js';
export { FLEET_ACK_TIMEOUT_MS } from './FleetFlushPacer.js';
