/** The charts' shared animation-frame loop: one frame request for every chart, none when no chart is left. */
import { describe, expect, it } from 'vitest';
import { ChartFrames } from '../../../src-renderer/charts/chartFrames';

/** A scheduler whose frames run when the test says, at the time it gives. */
function fakeFrames(): {
  frames: ConstructorParameters<typeof ChartFrames>[0];
  pending(): number;
  requested(): number;
  run(frameMs: number): void;
} {
  let next = 1;
  let requested = 0;
  const callbacks = new Map<number, (frameMs: number) => void>();
  return {
    frames: {
      request: (callback) => {
        requested++;
        callbacks.set(next, callback);
        return next++;
      },
      cancel: (handle) => callbacks.delete(handle),
    },
    pending: () => callbacks.size,
    requested: () => requested,
    run: (frameMs) => {
      const due = [...callbacks.values()];
      callbacks.clear();
      for (const callback of due) callback(frameMs);
    },
  };
}

describe('ChartFrames', () => {
  it('runs every chart’s work in one frame request per frame, with the frame’s time', () => {
    const fake = fakeFrames();
    const loop = new ChartFrames(fake.frames);
    const seen: string[] = [];
    loop.add((ms) => seen.push(`a@${ms}`));
    loop.add((ms) => seen.push(`b@${ms}`));
    loop.add((ms) => seen.push(`c@${ms}`));
    expect(fake.requested()).toBe(1);
    fake.run(16);
    fake.run(33);
    expect(seen).toEqual(['a@16', 'b@16', 'c@16', 'a@33', 'b@33', 'c@33']);
    // One request per frame for the three charts, where a loop per chart made three.
    expect(fake.requested()).toBe(3);
  });

  it('stops asking for frames when the last chart leaves, and starts again with the next', () => {
    const fake = fakeFrames();
    const loop = new ChartFrames(fake.frames);
    const offA = loop.add(() => {});
    const offB = loop.add(() => {});
    offA();
    expect(fake.pending()).toBe(1);
    offB();
    expect(fake.pending()).toBe(0);
    let runs = 0;
    loop.add(() => runs++);
    fake.run(50);
    expect(runs).toBe(1);
    expect(fake.pending()).toBe(1);
  });

  it('skips work removed by earlier work in the same frame, and keeps running when one chart throws', () => {
    const fake = fakeFrames();
    const errors: unknown[] = [];
    const loop = new ChartFrames(fake.frames, (err) => errors.push(err));
    const seen: string[] = [];
    let offC = (): void => {};
    loop.add(() => {
      seen.push('a');
      throw new Error('a broke');
    });
    loop.add(() => {
      seen.push('b');
      offC();
    });
    offC = loop.add(() => seen.push('c'));
    fake.run(16);
    expect(seen).toEqual(['a', 'b']);
    expect((errors[0] as Error).message).toBe('a broke');
    fake.run(33);
    expect(seen).toEqual(['a', 'b', 'a', 'b']);
    expect(errors).toHaveLength(2);
  });
});
