/**
 * The connection's statistics (ConnectionStats), kept from launch across every session: the counters the
 * connection and its parts count in place, the last ping's round trip (from each `pong`), and the frames
 * the server did not send this dashboard summed over sessions — the server's `stats` counts per
 * connection, so a new session's figure starts again from zero and adds to the earlier sessions'.
 *
 * Apart from ConnectionManager.ts, which tells it when a session begins; it listens to `pong` and `stats`
 * on the handlers it is given, so it is driven in tests by messages alone.
 */
import type { ConnectionStats } from './connectionTypes';
import type { HandlerRegistry } from './HandlerRegistry';

export class ConnectionCounters {
  readonly stats: ConnectionStats = {
    messagesReceived: 0,
    bytesReceived: 0,
    messagesSent: 0,
    bytesSent: 0,
    errors: 0,
    unknownStreamData: 0,
    handlerErrors: 0,
    reconnects: 0,
    rttMs: undefined,
    gaps: 0,
    serverDrops: 0,
  };
  /** Drops the server reported in sessions before the current one, and in the current one so far. */
  #dropsOfEarlierSessions = 0;
  #dropsThisSession = 0;

  constructor(handlers: Pick<HandlerRegistry, 'on'>) {
    handlers.on('pong', (pong) => {
      if (pong.client_time !== undefined) this.stats.rttMs = performance.now() - pong.client_time;
    });
    handlers.on('stats', (m) => {
      // Counted per connection by the server, stopped streams included: a session's figure only grows.
      this.#dropsThisSession = m.connection.frames_dropped;
      this.stats.serverDrops = this.#dropsOfEarlierSessions + this.#dropsThisSession;
    });
  }

  /** A new session began (welcome): the server counts its drops from zero again. */
  sessionBegan(): void {
    this.#dropsOfEarlierSessions += this.#dropsThisSession;
    this.#dropsThisSession = 0;
  }
}
