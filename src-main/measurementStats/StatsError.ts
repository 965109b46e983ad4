import type { ErrorCode } from '../../shared/protocol/index.js';
import { CodedError } from '../util/index.js';

/** A refused statistics command, carrying the protocol error code the client will see. */
export class StatsError extends CodedError<ErrorCode> {
  override name = 'StatsError';
}
