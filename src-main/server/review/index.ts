/** Capture review on the wire (docs/PROTOCOL.md, "Capture review"). */
export { handleReviewCommand, toReviewMessage } from './reviewCommands.js';
