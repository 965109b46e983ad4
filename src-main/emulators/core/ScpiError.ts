/**
 * An error an emulated instrument puts in its error queue (SCPI-99 / IEEE 488.2 numbers and texts, as the
 * programming guides list them). Handlers throw it; the command table queues it.
 */
export class ScpiError extends Error {
  override name = 'ScpiError';
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export const SCPI_ERRORS = {
  invalidCharacter: () => new ScpiError(-101, 'Invalid character'),
  syntax: () => new ScpiError(-102, 'Syntax error'),
  dataType: () => new ScpiError(-104, 'Data type error'),
  parameterNotAllowed: () => new ScpiError(-108, 'Parameter not allowed'),
  missingParameter: () => new ScpiError(-109, 'Missing parameter'),
  undefinedHeader: () => new ScpiError(-113, 'Undefined header'),
  illegalParameter: () => new ScpiError(-224, 'Illegal parameter value'),
  outOfRange: () => new ScpiError(-222, 'Data out of range'),
  settingsConflict: () => new ScpiError(-221, 'Settings conflict'),
  queueOverflow: () => new ScpiError(-350, 'Queue overflow'),
} as const;
