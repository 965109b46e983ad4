/**
 * When a session's fleet feed flushes (src-main/server/fleet/FleetFlushPacer.ts), on a fake scheduler:
 * unpaced, at the end of every turn something arrived in; paced, at most one flush in flight — the next
 * goes at the end of the turn its ack came in, carrying everything that waited, or after the ack timeout
 * for a page that stopped acknowledging, or `afterMs` after an ack that asks for a wait (the page times its
 * next flush to land before its next frame); a congested socket is retried, and stale acks change nothing.
 */
import { describe, expect, it } from 'vitest';
import { FleetFlushPacer, type FlushScheduler } from '../../../src-main/server/fleet/FleetFlushPacer.js';

/** Timers on a clock that moves only when told: `turn()` runs the end-of-turn callbacks, `advance` the rest. */
function fakeScheduler() {
  let nowMs = 0;
  let endOfTurn: Array<() => void> = [];
  let timers: Array<{ atMs: number; run: () => void }> = [];
  const scheduler: FlushScheduler = {
    endOfTurn(run) {
      endOfTurn.push(run);
      return () => (endOfTurn = endOfTurn.filter((r) => r !== run));
    },
    after(ms, run) {
      const timer = { atMs: nowMs + ms, run };
      timers.push(timer);
      return () => (timers = timers.filter((t) => t !== timer));
    },
  };
  return {
    scheduler,
    turn(): void {
      const due = endOfTurn;
      endOfTurn = [];
      for (const run of due) run();
    },
    advance(ms: number): void {
      const untilMs = nowMs + ms;
      for (;;) {
        const next = timers.filter((t) => t.atMs <= untilMs).sort((a, b) => a.atMs - b.atMs)[0];
        if (next === undefined) break;
        timers = timers.filter((t) => t !== next);
        nowMs = next.atMs;
        next.run();
        this.turn();
      }
      nowMs = untilMs;
    },
    pending: () => endOfTurn.length + timers.length,
  };
}

function setup(paced: boolean) {
  const clock = fakeScheduler();
  const flushes: number[] = [];
  const state = { congested: false, nothingToSend: false };
  const pacer = new FleetFlushPacer({
    flush: (n) => {
      if (state.nothingToSend) return false;
      flushes.push(n);
      return true;
    },
    congested: () => state.congested,
    retryMs: 50,
    ackTimeoutMs: 250,
    scheduler: clock.scheduler,
  });
  pacer.setPaced(paced);
  return { clock, flushes, state, pacer };
}

describe('FleetFlushPacer', () => {
  it('unpaced: flushes at the end of each turn something arrived in, unnumbered, no ack awaited', () => {
    const { clock, flushes, pacer } = setup(false);
    pacer.request();
    pacer.request();
    expect(flushes).toEqual([]);
    clock.turn();
    expect(flushes).toEqual([0]);
    pacer.request();
    clock.turn();
    expect(flushes).toEqual([0, 0]);
    expect(pacer.timerPending).toBe(false);
  });

  it('paced: one flush in flight; what arrives meanwhile goes as ONE flush at the end of the ack turn', () => {
    const { clock, flushes, pacer } = setup(true);
    pacer.request();
    clock.turn();
    expect(flushes).toEqual([1]);
    for (let i = 0; i < 10; i++) {
      pacer.request();
      clock.turn();
      clock.advance(5);
    }
    expect(flushes).toEqual([1]); // 50 ms of arrivals, held for the ack
    pacer.ack(1);
    expect(flushes).toEqual([1]); // not inside the ack's handler: at the end of its turn
    clock.turn();
    expect(flushes).toEqual([1, 2]);
    pacer.ack(2);
    clock.turn();
    expect(flushes).toEqual([1, 2]); // nothing waited: no empty flush, nothing in flight
    expect(pacer.timerPending).toBe(false);
    pacer.request();
    clock.turn();
    expect(flushes).toEqual([1, 2, 3]); // the first arrival after an idle spell goes at once
  });

  it('an ack with a wait: the next flush goes afterMs after it, not at once, and a repeat changes nothing', () => {
    const { clock, flushes, pacer } = setup(true);
    pacer.request();
    clock.turn();
    expect(flushes).toEqual([1]);
    pacer.request(); // arrives while 1 is in flight
    pacer.ack(1, 9);
    clock.turn();
    expect(flushes).toEqual([1]); // held for the wait the page asked for
    clock.advance(5);
    pacer.ack(1, 0); // a repeat of the same ack does not cut the wait short
    pacer.request(); // more arrives meanwhile: it goes in the same flush
    clock.turn();
    expect(flushes).toEqual([1]);
    clock.advance(4);
    expect(flushes).toEqual([1, 2]);
    // The wait replaced the ack's timeout: the next flush awaits its own ack (or its own timeout).
    pacer.request();
    clock.advance(249);
    expect(flushes).toEqual([1, 2]);
    clock.advance(1);
    expect(flushes).toEqual([1, 2, 3]);
    expect(pacer.ackTimeouts).toBe(1);
  });

  it('an ack with a wait and nothing arriving: nothing is sent, and the next record goes at once', () => {
    const { clock, flushes, pacer } = setup(true);
    pacer.request();
    clock.turn();
    pacer.ack(1, 9);
    clock.advance(20);
    expect(flushes).toEqual([1]);
    pacer.request();
    clock.turn();
    expect(flushes).toEqual([1, 2]);
  });

  it('ignores a stale, repeated or unknown ack', () => {
    const { clock, flushes, pacer } = setup(true);
    pacer.request();
    clock.turn();
    pacer.request();
    pacer.ack(0);
    pacer.ack(7); // never sent
    clock.turn();
    expect(flushes).toEqual([1]);
    pacer.ack(1);
    clock.turn();
    expect(flushes).toEqual([1, 2]);
    pacer.request();
    pacer.ack(1); // an old one again
    clock.turn();
    expect(flushes).toEqual([1, 2]);
  });

  it('releases the next flush after the ack timeout when the page stops acknowledging (a hidden tab)', () => {
    const { clock, flushes, pacer } = setup(true);
    pacer.request();
    clock.turn();
    pacer.request();
    clock.advance(249);
    expect(flushes).toEqual([1]);
    clock.advance(1);
    expect(flushes).toEqual([1, 2]);
    expect(pacer.ackTimeouts).toBe(1);
    // Fed at the timeout's pace from then on, each flush carrying what waited.
    for (let i = 0; i < 8; i++) {
      pacer.request();
      clock.advance(125);
    }
    expect(flushes).toEqual([1, 2, 3, 4, 5, 6]);
    // A late ack for the flush in flight is still taken.
    pacer.request();
    pacer.ack(6);
    clock.turn();
    expect(flushes).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('does not flush a congested socket: retries every 50 ms, then sends what waited as one flush', () => {
    const { clock, flushes, state, pacer } = setup(true);
    state.congested = true;
    pacer.request();
    clock.turn();
    pacer.request();
    clock.advance(120);
    expect(flushes).toEqual([]);
    state.congested = false;
    clock.advance(29);
    expect(flushes).toEqual([]);
    clock.advance(1);
    expect(flushes).toEqual([1]);
  });

  it('awaits no ack for a flush that sent nothing', () => {
    const { clock, flushes, state, pacer } = setup(true);
    state.nothingToSend = true;
    pacer.request();
    clock.turn();
    expect(pacer.timerPending).toBe(false);
    state.nothingToSend = false;
    pacer.request();
    clock.turn();
    expect(flushes).toEqual([2]);
  });

  it('turning pacing off releases a flush held for an ack; idle and dispose leave no timer', () => {
    const { clock, flushes, pacer } = setup(true);
    pacer.request();
    clock.turn();
    pacer.request();
    pacer.setPaced(false);
    clock.turn();
    expect(flushes).toEqual([1, 0]);
    pacer.request();
    pacer.idle();
    clock.turn();
    expect(flushes).toEqual([1, 0]);
    expect(clock.pending()).toBe(0);
    pacer.setPaced(true);
    pacer.request();
    clock.turn();
    pacer.dispose();
    expect(pacer.timerPending).toBe(false);
    expect(clock.pending()).toBe(0);
    pacer.request();
    clock.advance(1_000);
    expect(flushes).toEqual([1, 0, 2]);
  });
});
