/**
 * The command router shared by the WebSocket sessions and the NATS control subjects: one switch over
 * `ClientCommand`, the same replies and errors whichever transport carried the command.
 */
export { type CommandPeer, type CommandServices, routeCommand } from './CommandRouter.js';
export {
  COMMAND_ROLES,
  type CommandRole,
  type RemoteCommandContext,
  runRemoteCommand,
} from './remoteCommands.js';
