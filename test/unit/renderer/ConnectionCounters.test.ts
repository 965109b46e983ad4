/**
 * The connection's statistics without a socket: the ping's round trip from a pong, and the server's drop
 * counts summed over sessions although each session's count starts again from zero.
 */
import { describe, expect, it } from 'vitest';
import type { ServerMessage } from '../../../shared/protocol/server';
import { ConnectionCounters } from '../../../src-renderer/connection/ConnectionCounters';
import { HandlerRegistry } from '../../../src-renderer/connection/HandlerRegistry';

function harness() {
  const handlers = new HandlerRegistry();
  const counters = new ConnectionCounters(handlers);
  const serverStats = (framesDropped: number): void =>
    handlers.dispatch({ type: 'stats', connection: { frames_dropped: framesDropped } } as ServerMessage);
  return { handlers, counters, stats: counters.stats, serverStats };
}

describe('ConnectionCounters', () => {
  it('starts every figure at zero, the round trip unknown', () => {
    const { stats } = harness();
    expect(stats.rttMs).toBeUndefined();
    const { rttMs: _rtt, ...counts } = stats;
    expect(Object.values(counts).every((n) => n === 0)).toBe(true);
  });

  it('takes the round trip from a pong that echoes its ping’s time, and keeps it over one that does not', () => {
    const { handlers, stats } = harness();
    handlers.dispatch({ type: 'pong', client_time: performance.now() - 40 } as ServerMessage);
    expect(stats.rttMs).toBeGreaterThanOrEqual(40);
    expect(stats.rttMs).toBeLessThan(1_000);
    const rtt = stats.rttMs;
    handlers.dispatch({ type: 'pong' } as ServerMessage);
    expect(stats.rttMs).toBe(rtt);
  });

  it('sums the server’s drops over sessions, each session’s count growing from zero', () => {
    const { counters, stats, serverStats } = harness();
    serverStats(2);
    serverStats(3);
    expect(stats.serverDrops).toBe(3);
    counters.sessionBegan();
    expect(stats.serverDrops).toBe(3);
    serverStats(0);
    expect(stats.serverDrops).toBe(3);
    serverStats(4);
    expect(stats.serverDrops).toBe(7);
    counters.sessionBegan();
    counters.sessionBegan(); // a session that reported nothing adds nothing
    serverStats(1);
    expect(stats.serverDrops).toBe(8);
  });
});
