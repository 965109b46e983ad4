/**
 * Which `Host` names the backend answers to, and which `Origin`s may open its socket.
 *
 * The Host check defeats DNS rebinding: a page on evil.example whose name is made to resolve to 127.0.0.1
 * reaches this server as a same-origin page would — `Host: evil.example:PORT`, and for its WebSocket an
 * Origin of `http://evil.example:PORT` — so the Origin check alone cannot tell it apart. Only the name
 * matters (the port is not what DNS forges): the bound address, the loopback names, this machine's own
 * addresses when bound to all interfaces, and names the user allowed (`--allow-host`).
 *
 * The Origin check then admits the dashboard's own origins, configured extra ones (a dev server), and —
 * once the Host is known to be allowed — the origin of that very Host: the page was served from it, so with
 * `--allow-remote` a dashboard opened at `http://192.168.1.5:PORT` may open its socket.
 */
import { networkInterfaces } from 'node:os';

/** Always allowed: the loopback names. */
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
const WILDCARD_ADDRESSES = new Set(['0.0.0.0', '[::]']);
/** A DNS name or IPv4 address: dot-separated labels of letters, digits and inner hyphens. */
const DNS_NAME = /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/;
/** A Host header: a name or IPv4 address, or a bracketed IPv6 address; then an optional port. */
const HOST_HEADER = /^(?:[A-Za-z0-9._-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

export type HostVerdict =
  | { ok: true; hostname: string }
  | { ok: false; reason: 'missing' | 'malformed' | 'not_allowed'; hostname?: string };

export interface HostPolicyOptions {
  /** The address the server is bound to, as `server.address()` reports it (IPv6 without brackets). */
  boundAddress: string;
  port: number;
  /** Further names (or addresses) to answer to; `normalizeHostName` forms. */
  allowedHosts?: readonly string[];
  /** Origins allowed besides the server's own (e.g. a development server). */
  extraOrigins?: readonly string[];
  /** This machine's addresses, consulted when bound to all interfaces; default from os.networkInterfaces(). */
  localAddresses?: () => string[];
}

export class HostPolicy {
  readonly #allowed: Set<string>;
  readonly #wildcard: boolean;
  readonly #localAddresses: () => string[];
  readonly #origins: Set<string>;

  constructor(options: HostPolicyOptions) {
    const bound = bracketIPv6(options.boundAddress.toLowerCase());
    this.#wildcard = WILDCARD_ADDRESSES.has(bound);
    this.#allowed = new Set([...LOOPBACK_NAMES, ...(options.allowedHosts ?? [])]);
    // A wildcard is no name anyone can address; its stand-in is this machine's own addresses.
    if (!this.#wildcard) this.#allowed.add(bound);
    this.#localAddresses = options.localAddresses ?? interfaceAddresses;
    this.#origins = new Set([
      `http://${bound}:${options.port}`,
      `http://localhost:${options.port}`,
      ...(options.extraOrigins ?? []),
    ]);
  }

  /** Names answered to (the bound address, loopback, the allow-list), for messages. */
  get allowedNames(): string[] {
    return [...this.#allowed, ...(this.#wildcard ? ["this computer's addresses"] : [])];
  }

  /** Judges a request's Host header. */
  checkHost(header: string | undefined): HostVerdict {
    if (header === undefined || header === '') return { ok: false, reason: 'missing' };
    const hostname = parseHostHeader(header)?.hostname;
    if (hostname === undefined) return { ok: false, reason: 'malformed' };
    if (this.#allowed.has(hostname)) return { ok: true, hostname };
    if (this.#wildcard && this.#localAddresses().includes(hostname)) return { ok: true, hostname };
    return { ok: false, reason: 'not_allowed', hostname };
  }

  /**
   * Whether a browser page of `origin` may open the socket, on a request whose Host (`hostHeader`) has
   * already passed `checkHost`.
   */
  originAllowed(origin: string, hostHeader: string): boolean {
    if (this.#origins.has(origin)) return true;
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return false;
    }
    const host = parseHostHeader(hostHeader)?.host;
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      url.origin === origin &&
      host !== undefined &&
      url.host === host
    );
  }
}

/** A Host header's name (lower case; IPv6 in brackets) and `name[:port]` as a URL would write it. */
function parseHostHeader(header: string): { hostname: string; host: string } | undefined {
  if (!HOST_HEADER.test(header)) return undefined;
  try {
    const url = new URL(`http://${header}`);
    return { hostname: url.hostname, host: url.host };
  } catch {
    return undefined;
  }
}

/**
 * The canonical form of a name given by the user (`--allow-host`), as Host headers are compared: lower
 * case, IPv6 in brackets. Undefined when it is not a host name or address (with a port, a path, a `*`).
 */
export function normalizeHostName(name: string): string | undefined {
  const ipv6 = name.startsWith('[') ? name : name.includes(':') ? `[${name}]` : undefined;
  if (ipv6 !== undefined ? !/^\[[0-9A-Fa-f:.]+\]$/.test(ipv6) : !DNS_NAME.test(name)) return undefined;
  return parseHostHeader(ipv6 ?? name)?.hostname;
}

function bracketIPv6(address: string): string {
  return address.includes(':') && !address.startsWith('[') ? `[${address}]` : address;
}

function interfaceAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .map((info) => bracketIPv6(info.address.toLowerCase().replace(/%.*$/, '')));
}
