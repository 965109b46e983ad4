/** A trace thumbnail's drawing, on a context that records what it was asked to draw. */
import { describe, expect, it } from 'vitest';
import {
  drawTraceThumbnail,
  thumbnailRange,
  type ThumbnailContext,
} from '../../../../src-renderer/charts/traceThumbnailDraw';

type Op = [string, ...number[]] | ['stroke', string, number];

class RecordingContext implements ThumbnailContext {
  readonly ops: Op[] = [];
  strokeStyle = '';
  lineWidth = 1;
  clearRect(x: number, y: number, w: number, h: number): void {
    this.ops.push(['clearRect', x, y, w, h]);
  }
  beginPath(): void {
    this.ops.push(['beginPath']);
  }
  moveTo(x: number, y: number): void {
    this.ops.push(['moveTo', x, y]);
  }
  lineTo(x: number, y: number): void {
    this.ops.push(['lineTo', x, y]);
  }
  stroke(): void {
    this.ops.push(['stroke', this.strokeStyle, this.lineWidth]);
  }
}

describe('thumbnailRange', () => {
  it('spans every finite value of every trace, skipping NaN and absent channels', () => {
    expect(thumbnailRange([new Float32Array([-1, 2, Number.NaN, 0]), undefined, [5, 3]])).toEqual({
      min: -1,
      max: 5,
    });
  });

  it('widens a flat trace so it sits mid-height, and gives nothing for no data', () => {
    expect(thumbnailRange([[2, 2, 2, 2]])).toEqual({ min: 1.8, max: 2.2 });
    expect(thumbnailRange([[0, 0]])).toEqual({ min: -1e-3, max: 1e-3 });
    expect(thumbnailRange([undefined, [Number.NaN, Number.NaN]])).toBeUndefined();
  });
});

describe('drawTraceThumbnail', () => {
  it('draws each channel as one path through its columns’ min and max, in its own colour', () => {
    const ctx = new RecordingContext();
    // 100 × 100 px, range 0..1 → y = 8 + (1 − v) · 84.
    const drawn = drawTraceThumbnail(ctx, 100, 100, [[0, 1, 0.5, 0.5]], ['red'], 1);
    expect(drawn).toBe(1);
    expect(ctx.ops).toEqual([
      ['clearRect', 0, 0, 100, 100],
      ['beginPath'],
      ['moveTo', 25, 92], // column 0 at the centre of the first half: its min (0)…
      ['lineTo', 25, 8], // …up to its max (1)
      ['lineTo', 75, 50], // joined to column 1's min (0.5)…
      ['lineTo', 75, 49], // …a flat column still one line width tall
      ['stroke', 'red', 1],
    ]);
  });

  it('breaks a trace at a NaN column and skips channels without a trace', () => {
    const ctx = new RecordingContext();
    const nan = Number.NaN;
    drawTraceThumbnail(ctx, 30, 10, [undefined, [0, 1, nan, nan, 0, 1]], ['a', 'b'], 1);
    const moves = ctx.ops.filter((op) => op[0] === 'moveTo').map((op) => op[1]);
    expect(moves).toEqual([5, 25]); // a new subpath after the gap, none joining across it
    expect(ctx.ops.filter((op) => op[0] === 'stroke')).toEqual([['stroke', 'b', 1]]);
  });

  it('leaves an infinite column out, as a gap, and scales the rest from the finite values', () => {
    const ctx = new RecordingContext();
    // Without the check, one +Infinity made the range infinite and every y NaN: nothing drawn at all.
    const drawn = drawTraceThumbnail(ctx, 30, 100, [[0, 1, 0, Infinity, 0, 1]], ['a'], 1);
    expect(drawn).toBe(1);
    const points = ctx.ops.filter((op) => op[0] === 'moveTo' || op[0] === 'lineTo');
    expect(points.every((op) => op.slice(1).every((v) => Number.isFinite(v)))).toBe(true);
    expect(points.filter((op) => op[0] === 'moveTo').map((op) => op[1])).toEqual([5, 25]);
    expect(thumbnailRange([[-Infinity, 2, 1, Infinity]])).toEqual({ min: 1, max: 2 });
  });

  it('only clears when there is nothing to draw', () => {
    const ctx = new RecordingContext();
    expect(drawTraceThumbnail(ctx, 10, 10, [undefined, undefined], ['a'], 2)).toBe(0);
    expect(ctx.ops).toEqual([['clearRect', 0, 0, 10, 10]]);
  });
});
