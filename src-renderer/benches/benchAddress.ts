/**
 * A further bench's address as a person pastes it: the line another backend printed
 * (`Benchtop at http://127.0.0.1:5173/#token=…`), its URL alone with the token given separately, or its
 * WebSocket URL. Pure: every way a paste can be wrong gets its own message, naming what to fix.
 */
import { WS_PATH } from '../../shared/protocol/constants';

/** Where a bench is and how to prove we may talk to it. */
export interface BenchAddress {
  /** The backend's WebSocket, e.g. `ws://127.0.0.1:5173/ws`; never with the token in it. */
  wsUrl: string;
  /** `host:port`, as the bench is named until it has a label. */
  host: string;
  token: string;
}

export type AddressResult = { ok: true; address: BenchAddress } | { ok: false; error: string };

/** As the backend generates them, or as BENCHTOP_TOKEN must be: 32+ URL-safe characters. */
const TOKEN = /^[A-Za-z0-9_-]{32,512}$/;
const URL_IN_TEXT = /\b(?:https?|wss?):\/\/\S+/i;

function fail(error: string): AddressResult {
  return { ok: false, error };
}

/**
 * Reads a pasted address. `tokenText` is the token typed or pasted separately (may be empty when the URL
 * carries `#token=`); both given must agree.
 */
export function parseBenchAddress(urlText: string, tokenText = ''): AddressResult {
  const text = urlText.trim();
  if (text === '') return fail('Paste the address the other backend printed (Benchtop at http://…#token=…).');
  const found = URL_IN_TEXT.exec(text)?.[0] ?? text;
  let url: URL;
  try {
    url = new URL(found);
  } catch {
    return fail(`“${found.slice(0, 80)}” is not a URL: expected e.g. http://127.0.0.1:5173/#token=…`);
  }
  const scheme = url.protocol;
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(scheme)) {
    return fail(`A bench is reached over http(s) or ws(s), not ${scheme.slice(0, -1)}.`);
  }
  if (url.username !== '' || url.password !== '') {
    return fail('The address must not carry a user name or password; the token is all a bench needs.');
  }
  if (url.port === '') {
    return fail(`The address has no port: a Benchtop backend prints it, e.g. http://${url.hostname}:5173/.`);
  }
  if (url.pathname !== '/' && url.pathname !== WS_PATH) {
    return fail(
      `The path ${url.pathname} is not a Benchtop address: use the URL as printed, ending in / or ${WS_PATH}.`,
    );
  }
  const fromUrl =
    new URLSearchParams(url.hash.replace(/^#/, '')).get('token') ?? url.searchParams.get('token');
  const typed = tokenText.trim().replace(/^#?token=/, '');
  if (fromUrl !== null && typed !== '' && fromUrl !== typed) {
    return fail('The URL carries one token and the token field another: keep one of them.');
  }
  const token = typed !== '' ? typed : fromUrl;
  if (token === null || token === '') {
    return fail('No token: paste the whole printed URL (with #token=…) or give the token in its field.');
  }
  if (!TOKEN.test(token)) {
    return fail(
      `That token cannot be right: a Benchtop token is 32 or more of A–Z a–z 0–9 _ - (this one has ${token.length} characters${/[^A-Za-z0-9_-]/.test(token) ? ', some of them others' : ''}).`,
    );
  }
  const wsScheme = scheme === 'https:' || scheme === 'wss:' ? 'wss:' : 'ws:';
  return { ok: true, address: { wsUrl: `${wsScheme}//${url.host}${WS_PATH}`, host: url.host, token } };
}

/** A token as it may be shown: its first four characters, the rest hidden (it is a credential). */
export function maskToken(token: string): string {
  return `${token.slice(0, 4)}${'•'.repeat(8)}`;
}
