/** Setup commands on the wire (docs/PROTOCOL.md, "Setups"). */
export { handleSetupCommand, type SetupCommandContext } from './setupCommands.js';
