import type { ErrorCode } from '../../shared/protocol/index.js';
import { CodedError } from '../util/index.js';

/** A refused alarm command, carrying the protocol error code the client will see. */
export class AlarmError extends CodedError<ErrorCode> {
  override name = 'AlarmError';
}
