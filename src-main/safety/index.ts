/** Safe state on link loss. See docs/ARCHITECTURE.md, "Safety". */
export { LinkWatchdog, type SafeStateConfig } from './LinkWatchdog.js';
