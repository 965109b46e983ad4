import type { ErrorCode } from '../../shared/protocol/index.js';
import { CodedError } from '../util/index.js';

/** A rejected stream command, carrying the protocol error code the client will see. */
export class StreamError extends CodedError<ErrorCode> {
  override name = 'StreamError';
}
