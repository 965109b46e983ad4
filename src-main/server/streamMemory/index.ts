/** The remembered-streams commands (`get_stream_preferences`, `set_stream_preference`). */
export { handleStreamMemoryCommand } from './streamMemoryCommands.js';
