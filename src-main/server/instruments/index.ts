/**
 * Instrument commands on the wire (docs/PROTOCOL.md, "Client messages"): `get_parameters`,
 * `set_parameter`, `add_instrument` and `remove_instrument`.
 */
export { handleInstrumentCommand } from './instrumentCommands.js';
export { getParameters, type ParameterCommandContext, setParameter } from './parameterCommands.js';
