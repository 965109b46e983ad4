/**
 * Instrument commands on the wire (docs/PROTOCOL.md, "Client messages"): `get_parameters`,
 * `set_parameter`, `add_instrument`, `remove_instrument`, `probe_instrument` and `discover_instruments`.
 */
export { handleInstrumentCommand } from './instrumentCommands.js';
export {
  errorCodeOfDriverError,
  getParameters,
  type ParameterCommandContext,
  setParameter,
} from './parameterCommands.js';
export { DEFAULT_DISCOVERY_MS, handleFindCommand } from './findCommands.js';
export type { FindCommandContext } from './findCommands.js';
