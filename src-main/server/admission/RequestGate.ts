/**
 * The checks every HTTP request and WebSocket upgrade passes before anything else: its Host (DNS
 * rebinding) and, for an upgrade from a browser, its Origin — with what a refused request is told, and a
 * log of refusals throttled to one line per reason a minute (anyone can provoke them at will).
 */
import type { IncomingMessage } from 'node:http';
import { type Logger, LogThrottle } from '../../util/index.js';
import { HostPolicy, type HostPolicyOptions, type HostVerdict } from './hostPolicy.js';

export type HostRefusal = Exclude<HostVerdict, { ok: true }>;

export class RequestGate {
  readonly #refusalLog: LogThrottle;
  #policy: HostPolicy | undefined;

  constructor(log: Logger, options: { now?: () => number } = {}) {
    this.#refusalLog = new LogThrottle(log, { now: options.now });
  }

  /** Sets the policy once the server knows its address; until then every request is refused. */
  open(options: HostPolicyOptions): void {
    this.#policy = new HostPolicy(options);
  }

  /** Judges a request's Host; a refusal is logged. */
  checkHost(req: IncomingMessage, kind: 'HTTP' | 'WebSocket'): HostVerdict {
    const verdict: HostVerdict = this.#policy?.checkHost(req.headers.host) ?? {
      ok: false,
      reason: 'missing',
    };
    if (!verdict.ok) {
      const what =
        verdict.hostname === undefined ? `a ${verdict.reason} Host header` : `Host ${verdict.hostname}`;
      this.#refusalLog.warn('host', `refused ${kind} request with ${what}`);
    }
    return verdict;
  }

  /**
   * Whether an upgrade may proceed as far as its Origin goes: browsers always send one, and a page from
   * another site must not reach the instruments; clients that send none are admitted on the token alone.
   * Call after `checkHost` passed. A refusal is logged.
   */
  checkOrigin(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    if (origin === undefined) return true;
    if (this.#policy?.originAllowed(origin, req.headers.host ?? '')) return true;
    this.#refusalLog.warn('origin', `rejected WebSocket from origin ${JSON.stringify(origin.slice(0, 200))}`);
    return false;
  }

  /** The body of a 421: what was refused and how to get in. */
  hostRefusalText(refusal: HostRefusal): string {
    const allowed = this.#policy?.allowedNames.join(', ') ?? 'none yet';
    if (refusal.reason !== 'not_allowed') return `Benchtop needs a Host header naming one of: ${allowed}.\n`;
    return (
      `Benchtop does not answer to the host name ${refusal.hostname}; it answers to ${allowed}. ` +
      `To use this name, start it with --allow-host ${refusal.hostname}.\n`
    );
  }
}
