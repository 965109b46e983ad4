/**
 * Error codes carried by `error {request_id?, code, message, details?}`.
 * Each is documented in docs/PROTOCOL.md; clients may switch on them.
 */
export const ERROR_CODES = [
  'bad_json',
  'invalid_message',
  'unknown_type',
  'unknown_equipment',
  'unknown_stream_type',
  'unknown_parameter',
  'out_of_range',
  'not_found',
  'limit_exceeded',
  'rate_limited',
  'busy',
  'instrument_fault',
  'unsupported_instrument',
  'invalid_state',
  'insufficient_storage',
  'storage_error',
  'protocol_mismatch',
  'unauthorized',
  'handshake_required',
  'too_large',
  'invalid_path',
  'internal',
  'lease_held',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** A rejected command: what went wrong, precisely enough for a person to fix the request. */
export interface ProtocolError {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}
