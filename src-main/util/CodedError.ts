/**
 * An error that carries a machine-readable code (what a client or caller switches on) and optional
 * details, with a message precise enough for a person to act on. Each layer narrows `C` to its own codes.
 */
export class CodedError<C extends string> extends Error {
  constructor(
    readonly code: C,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}
