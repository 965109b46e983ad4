import type { ErrorCode } from '../../shared/protocol/index.js';

/** A rejected stream command, carrying the protocol error code the client will see. */
export class StreamError extends Error {
  override name = 'StreamError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}
