/**
 * `--allow-origin`: an origin a user lets open the socket besides the backend's own, e.g. the dashboard a
 * second backend serves at `http://127.0.0.1:5173` that adds this one as a further bench. Only an exact
 * origin is accepted — scheme, host and port, as browsers send them in `Origin` — never a pattern: a
 * wildcard would let any page a person visits try tokens against the instruments.
 */

/** The canonical origin (`http://host:port`, default ports dropped, host lower case), or why it is not one. */
export function normalizeOrigin(text: string): string | { problem: string } {
  if (text.includes('*')) return { problem: 'has a wildcard; name one exact origin per --allow-origin' };
  if (text.trim() === 'null') {
    return { problem: 'is the opaque origin of files and sandboxed frames, which any page can claim' };
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problem: 'is not an origin: expected scheme://host[:port], e.g. http://127.0.0.1:5173' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { problem: `has scheme ${url.protocol.slice(0, -1)}; a dashboard's origin is http: or https:` };
  }
  if (url.username !== '' || url.password !== '')
    return { problem: 'carries credentials; give only the origin' };
  if (
    url.pathname !== '/' ||
    url.search !== '' ||
    url.hash !== '' ||
    /[/?#]./.test(text.replace(/^\w+:\/\//, ''))
  ) {
    return { problem: `has more than scheme://host[:port]; give only ${url.origin}` };
  }
  return url.origin;
}
