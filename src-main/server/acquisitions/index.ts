/**
 * Acquisitions on the wire (docs/PROTOCOL.md, "Acquisitions"): the commands, the conversions between the
 * protocol's shapes and the acquisition room's, and the live view of a capture.
 */
export { AcquisitionCommands } from './acquisitionCommands.js';
export { toEventMessage, toProgressMessage, toProtocolError } from './acquisitionWire.js';
