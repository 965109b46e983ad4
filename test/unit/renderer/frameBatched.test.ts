/**
 * The overview hears the fleet at most once per animation frame (docs/BENCHMARKS.md, "fleetPixel"): before,
 * every `fleet_live` message — 2,000 a second for 20 benches — re-rendered the whole overview at once.
 */
import { describe, expect, it } from 'vitest';
import type { ServerMessage } from '../../../shared/protocol/server';
import type { ConnectionManager } from '../../../src-renderer/connection/ConnectionManager';
import { HandlerRegistry } from '../../../src-renderer/connection/HandlerRegistry';
import { FleetFollower } from '../../../src-renderer/fleet/FleetFollower';
import { frameBatched, type FrameScheduler } from '../../../src-renderer/util/frameBatched';

/** Animation frames run by hand. */
class ManualFrames implements FrameScheduler {
  #next = 1;
  readonly #waiting = new Map<number, () => void>();
  request(callback: () => void): number {
    this.#waiting.set(this.#next, callback);
    return this.#next++;
  }
  cancel(handle: number): void {
    this.#waiting.delete(handle);
  }
  get waiting(): number {
    return this.#waiting.size;
  }
  run(): void {
    const callbacks = [...this.#waiting.values()];
    this.#waiting.clear();
    for (const callback of callbacks) callback();
  }
}

function emitter(): { subscribe(l: () => void): () => void; emit(): void } {
  const listeners = new Set<() => void>();
  return {
    subscribe: (l) => (listeners.add(l), () => listeners.delete(l)),
    emit: () => listeners.forEach((l) => l()),
  };
}

describe('frameBatched', () => {
  it('tells a listener once in the next frame however many changes came before it', () => {
    const frames = new ManualFrames();
    const source = emitter();
    let heard = 0;
    frameBatched(source.subscribe, frames)(() => heard++);
    for (let i = 0; i < 50; i++) source.emit();
    expect(heard).toBe(0);
    expect(frames.waiting).toBe(1);
    frames.run();
    expect(heard).toBe(1);
    frames.run(); // nothing changed since: no call
    expect(heard).toBe(1);
    source.emit();
    frames.run();
    expect(heard).toBe(2);
  });

  it('unsubscribing stops the source and cancels a frame already asked for', () => {
    const frames = new ManualFrames();
    const source = emitter();
    let heard = 0;
    const off = frameBatched(source.subscribe, frames)(() => heard++);
    source.emit();
    off();
    expect(frames.waiting).toBe(0);
    source.emit();
    frames.run();
    expect(heard).toBe(0);
  });

  it('tells every listener in one shared frame callback, with one subscription to the source', () => {
    const frames = new ManualFrames();
    let sourceListeners = 0;
    const source = emitter();
    const subscribe = frameBatched((l) => {
      sourceListeners++;
      const off = source.subscribe(l);
      return () => {
        sourceListeners--;
        off();
      };
    }, frames);
    const heard = [0, 0, 0];
    const offs = heard.map((_, i) => subscribe(() => heard[i]!++));
    expect(sourceListeners).toBe(1);
    source.emit();
    source.emit();
    expect(frames.waiting).toBe(1);
    frames.run();
    expect(heard).toEqual([1, 1, 1]);
    // One leaves: the others still hear; the last to leave ends the source subscription and the frame.
    offs[1]!();
    source.emit();
    frames.run();
    expect(heard).toEqual([2, 1, 2]);
    source.emit();
    offs[0]!();
    offs[2]!();
    expect(sourceListeners).toBe(0);
    expect(frames.waiting).toBe(0);
  });

  it('does not call a listener that another listener removed in the same frame', () => {
    const frames = new ManualFrames();
    const source = emitter();
    const subscribe = frameBatched(source.subscribe, frames);
    let secondHeard = 0;
    let offSecond: () => void = () => {};
    subscribe(() => offSecond());
    offSecond = subscribe(() => secondHeard++);
    source.emit();
    frames.run();
    expect(secondHeard).toBe(0);
  });

  it('batches a FleetFollower fed a burst of fleet_live pushes into one notice with every record taken', async () => {
    const handlers = new HandlerRegistry();
    const connection = {
      handlers,
      state: 'open',
      onStateChange: () => () => {},
      onFleetWaveform: () => () => {},
      request: (command: { type: string; bench?: string }) =>
        Promise.resolve(
          command.type === 'get_fleet'
            ? {
                type: 'fleet',
                controller: 'me',
                benches: ['rig-1', 'rig-2'].map((bench) => ({
                  bench,
                  online: true,
                  last_seen: 1,
                  equipment_ids: ['psu'],
                  lease: {},
                })),
              }
            : command.type === 'fleet_subscribe'
              ? { type: 'fleet_subscribed', bench: command.bench, last_seq: 0 }
              : { type: 'fleet_history', bench: command.bench, records: [], gaps: [] },
        ),
    };
    const follower = new FleetFollower(connection as unknown as ConnectionManager);
    follower.start();
    await new Promise((r) => setTimeout(r, 0));
    const frames = new ManualFrames();
    let heard = 0;
    frameBatched((l) => follower.subscribe(l), frames)(() => heard++);
    for (let seq = 1; seq <= 100; seq++) {
      for (const bench of ['rig-1', 'rig-2'])
        handlers.dispatch({
          type: 'fleet_live',
          benches: [
            {
              bench,
              records: [{ bench, seq, timestamp: seq, kind: 'measurements', equipment_id: 'psu', data: {} }],
            },
          ],
        } as unknown as ServerMessage);
    }
    expect(heard).toBe(0);
    frames.run();
    expect(heard).toBe(1);
    expect(follower.view().live['rig-1']?.lastSeq).toBe(100);
    expect(follower.view().live['rig-2']?.lastSeq).toBe(100);
  });
});
