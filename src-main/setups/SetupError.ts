import type { ErrorCode } from '../../shared/protocol/index.js';
import { CodedError } from '../util/index.js';

/** Why a setup command was refused, in the protocol's terms (the session answers with `error`). */
export type SetupErrorCode = Extract<
  ErrorCode,
  'invalid_message' | 'not_found' | 'unknown_equipment' | 'storage_error' | 'invalid_state'
>;

export class SetupError extends CodedError<SetupErrorCode> {
  override name = 'SetupError';
}
