/** The event-log command (`get_events`). */
export { handleGetEvents } from './eventCommands.js';
