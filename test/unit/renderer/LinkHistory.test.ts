/**
 * The link's history without a socket, on an injected clock: when the loss was, what a welcome after it
 * announces (the gap, a restart told by another instance id), and a throwing listener reported.
 */
import { describe, expect, it } from 'vitest';
import type { ConnectionProblem } from '../../../src-renderer/connection/connectionProblem';
import type { LinkEvent } from '../../../src-renderer/connection/connectionTypes';
import { LinkHistory } from '../../../src-renderer/connection/LinkHistory';

const LOST: ConnectionProblem = { kind: 'connection_lost', detail: '', retry: true };

function harness() {
  let nowMs = 1_000;
  const failures: unknown[] = [];
  const link = new LinkHistory({ now: () => nowMs, listenerFailed: (err) => failures.push(err) });
  const events: LinkEvent[] = [];
  link.onEvent((event) => events.push(event));
  const advance = (ms: number): void => {
    nowMs += ms;
  };
  /** A welcome, then the session begun and the restore (if any) announced, as the manager does. */
  const welcome = (instanceId: unknown): void => {
    const restore = link.welcomed(instanceId);
    if (restore) link.restored(restore);
  };
  return { link, events, failures, advance, welcome };
}

describe('LinkHistory', () => {
  it('announces nothing for the first welcome, and no loss before one', () => {
    const { link, events, welcome } = harness();
    expect(link.welcomed('run-1')).toBeUndefined();
    welcome('run-1');
    expect(events).toEqual([]);
    expect(link.lostAtMs).toBeUndefined();
  });

  it('tells a loss when it happens and the restore with its start at the next welcome', () => {
    const { link, events, advance, welcome } = harness();
    welcome('run-1');
    advance(500);
    link.lost(LOST);
    expect(link.lostAtMs).toBe(1_500);
    advance(2_000);
    welcome('run-1');
    expect(events).toEqual([
      { kind: 'lost', atMs: 1_500, problem: LOST },
      { kind: 'restored', atMs: 3_500, lostAtMs: 1_500, backendRestarted: false },
    ]);
    expect(link.lostAtMs).toBeUndefined();
  });

  it('dates the restore when it is announced, not when the welcome came', () => {
    const { link, events } = harness();
    link.welcomed('run-1');
    link.lost(LOST);
    const restore = link.welcomed('run-1');
    expect(restore).toEqual({ lostAtMs: 1_000, backendRestarted: false });
    expect(link.lostAtMs).toBeUndefined();
    link.restored(restore!);
    expect(events.at(-1)).toMatchObject({ kind: 'restored', atMs: 1_000 });
  });

  it('calls the backend restarted when its instance id changed across the loss', () => {
    const { link, events, welcome } = harness();
    welcome('run-1');
    link.lost(LOST);
    welcome('run-2');
    expect(events.at(-1)).toMatchObject({ kind: 'restored', backendRestarted: true });
    link.lost(LOST);
    welcome('run-2');
    expect(events.at(-1)).toMatchObject({ kind: 'restored', backendRestarted: false });
  });

  it('claims no restart when either welcome had no instance id (a backend from before them)', () => {
    const { link, events, welcome } = harness();
    welcome(undefined);
    link.lost(LOST);
    welcome('run-1');
    expect(events.at(-1)).toMatchObject({ kind: 'restored', backendRestarted: false });
    link.lost(LOST);
    welcome(42);
    expect(events.at(-1)).toMatchObject({ kind: 'restored', backendRestarted: false });
    // The run before was not told, so the next one cannot be compared with it either.
    link.lost(LOST);
    welcome('run-9');
    expect(events.at(-1)).toMatchObject({ kind: 'restored', backendRestarted: false });
  });

  it('reports a listener that throws and still tells the others; unsubscribing stops the calls', () => {
    const { link, events, failures } = harness();
    const boom = new Error('listener failed');
    const stop = link.onEvent(() => {
      throw boom;
    });
    const later: LinkEvent[] = [];
    link.onEvent((event) => later.push(event));
    link.lost(LOST);
    expect(failures).toEqual([boom]);
    expect(events).toHaveLength(1);
    expect(later).toHaveLength(1);
    stop();
    link.lost(LOST);
    expect(failures).toHaveLength(1);
    expect(later).toHaveLength(2);
  });
});
