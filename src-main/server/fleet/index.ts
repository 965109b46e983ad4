/**
 * Fleet commands on a WebSocket (docs/PROTOCOL.md, "Fleet through the dashboard's backend"): get_fleet,
 * fleet_command, fleet_lease and get_fleet_history, over the FleetAccess a backend on a fleet provides.
 */
export { type FleetAccess, handleFleetCommand } from './fleetCommands.js';
