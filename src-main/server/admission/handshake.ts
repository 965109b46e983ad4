/**
 * What a `hello` earns: a welcome with the encodings to use, or a refusal with the close code and reason
 * (and, for a version mismatch, an error the client can read first). Pure, so every case is tested without
 * a socket.
 */
import {
  CloseCode,
  PROTOCOL_VERSION,
  type Encoding,
  type ErrorMessage,
  type HelloMessage,
} from '../../../shared/protocol/index.js';
import { tokenMatches } from './auth.js';

export type HelloVerdict =
  | { kind: 'welcome'; encodings: Encoding[] }
  | { kind: 'refuse'; error?: ErrorMessage; close: { code: number; reason: string } };

/**
 * @param authenticated whether the connection already proved the token (in its URL, or an earlier hello);
 *   such a client may leave the token out.
 */
export function judgeHello(hello: HelloMessage, expectedToken: string, authenticated: boolean): HelloVerdict {
  if (hello.protocol !== PROTOCOL_VERSION) {
    return {
      kind: 'refuse',
      error: {
        type: 'error',
        request_id: hello.request_id,
        code: 'protocol_mismatch',
        message: `this server speaks protocol ${PROTOCOL_VERSION}, the client ${hello.protocol}`,
        details: { server: PROTOCOL_VERSION, client: hello.protocol },
      },
      close: {
        code: CloseCode.protocolMismatch,
        reason: `protocol ${hello.protocol} not supported; server speaks ${PROTOCOL_VERSION}`,
      },
    };
  }
  if (hello.token !== undefined ? !tokenMatches(hello.token, expectedToken) : !authenticated) {
    const reason = hello.token === undefined ? 'missing token' : 'invalid token';
    return { kind: 'refuse', close: { code: CloseCode.unauthorized, reason } };
  }
  return { kind: 'welcome', encodings: hello.encodings ? [...new Set(hello.encodings)] : ['json'] };
}
