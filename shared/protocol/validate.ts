/**
 * Turns an incoming text frame into a typed client message or a precise protocol error.
 * Never throws: every input, however malformed, yields one of the two.
 */
import { clientMessageSchemas, type ClientMessage, type ClientMessageType } from './client.js';
import { MAX_REQUEST_ID_LENGTH, PROTOCOL_VERSION } from './constants.js';
import type { ProtocolError } from './errors.js';
import { describeIssue, wordIssuesForPeople } from './issues.js';
import type { RequestId } from './server.js';

// Errors name the field and say what it must be, in its unit: every client shows them to a person.
wordIssuesForPeople();

export type ParseResult =
  { ok: true; message: ClientMessage } | { ok: false; error: ProtocolError; request_id?: RequestId };

const KNOWN_TYPES = new Set(Object.keys(clientMessageSchemas));

function isKnownType(type: string): type is ClientMessageType {
  return KNOWN_TYPES.has(type);
}

/** The request id, if the raw value carries a usable one, so even a rejected command's error can echo it. */
function salvageRequestId(value: Record<string, unknown>): RequestId | undefined {
  const id = value.request_id;
  if (typeof id === 'string' && id.length > 0 && id.length <= MAX_REQUEST_ID_LENGTH) return id;
  if (typeof id === 'number' && Number.isSafeInteger(id)) return id;
  return undefined;
}

/** Validates an already-parsed JSON value. */
export function validateClientMessage(value: unknown): ParseResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: { code: 'invalid_message', message: 'a message must be a JSON object' } };
  }
  const record = value as Record<string, unknown>;
  const request_id = salvageRequestId(record);
  const type = record.type;
  if (typeof type !== 'string') {
    // No usable `type` names no message this server knows, so the reply is the same as for a misspelt one.
    return {
      ok: false,
      request_id,
      error: {
        code: 'unknown_type',
        message: type === undefined ? 'type: missing' : 'type: expected a string',
        details: { field: 'type', known: [...KNOWN_TYPES] },
      },
    };
  }
  if (!isKnownType(type)) {
    return {
      ok: false,
      request_id,
      error: {
        code: 'unknown_type',
        message: `unknown message type "${type.slice(0, 64)}"`,
        details: { field: 'type', known: [...KNOWN_TYPES] },
      },
    };
  }
  const protocol = record.protocol;
  const foreignVersion =
    typeof protocol === 'number' && Number.isSafeInteger(protocol) && protocol !== PROTOCOL_VERSION;
  if (type === 'hello' && foreignVersion) {
    // A client of another version may well send hello fields this version does not know. It must still
    // hear "protocol_mismatch", not a complaint about those fields, so only the version is looked at.
    return { ok: true, message: { type: 'hello', request_id, protocol } };
  }
  const result = clientMessageSchemas[type].safeParse(value);
  if (result.success) return { ok: true, message: result.data as ClientMessage };
  const first = result.error.issues[0];
  const described = first ? describeIssue(first) : { field: '(message)', message: 'invalid message' };
  return {
    ok: false,
    request_id,
    error: {
      code: 'invalid_message',
      message: `${type}: ${described.message}`,
      details: { field: described.field, issues: result.error.issues.length },
    },
  };
}

/** Parses and validates one text frame. */
export function parseClientMessage(text: string): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const reason = err instanceof Error ? err.message : 'unparseable';
    return { ok: false, error: { code: 'bad_json', message: `not valid JSON: ${reason}` } };
  }
  return validateClientMessage(value);
}

/**
 * The usable request id of a text frame, without validating the rest: for the reply to a command that is
 * refused unread (over the rate limit), which must still echo its id.
 */
export function requestIdOf(text: string): RequestId | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return salvageRequestId(value as Record<string, unknown>);
}
