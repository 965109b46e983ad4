/**
 * A saved scope picture carries its own legend: each shown channel with its colour, V/div, span and
 * offset, the time base, the trigger and the cursors, laid out under the plot without overlapping.
 */
import { describe, expect, it } from 'vitest';
import { paintLegend } from '../../../src-renderer/charts/snapshot';
import { layoutLegend } from '../../../src-renderer/charts/snapshotLegend';
import { scopeSnapshotLegend } from '../../../src-renderer/panels/scope/scopeSnapshotLegend';

const colors = ['#f2c94c', '#56ccf2', '#e86fd4', '#3ecf8e'];
/** Canvas text width at 12 px: 7 px a character is close enough to lay out and check overlaps. */
const measure = (text: string): number => text.length * 7;

const legend = scopeSnapshotLegend({
  global: {
    timebase: 5e-4,
    sample_rate: 2e6,
    record_length: 10_000,
    trigger_source: 'CH1',
    trigger_level: 0,
    trigger_slope: 'rising',
    trigger_mode: 'auto',
  },
  channels: {
    1: { enabled: true, volts_per_div: 0.5, offset: 0, coupling: 'dc' },
    2: { enabled: true, volts_per_div: 0.2, offset: 0.25, coupling: 'ac' },
    3: { enabled: false, volts_per_div: 0.5, offset: 0, coupling: 'dc' },
    // CH4's settings not read yet: nothing is claimed about it.
  },
  channelCount: 4,
  colors,
  cursorA: 2e-4,
  cursorB: 7e-4,
});

describe('scope snapshot legend', () => {
  it('names every shown channel with its colour, V/div, span on screen and offset', () => {
    expect(legend.items).toEqual([
      { color: '#f2c94c', text: 'CH1  500 mV/div (±2.00 V on screen)  offset 0 V  dc' },
      { color: '#56ccf2', text: 'CH2  200 mV/div (-1.05 V … 550 mV on screen)  offset 250 mV  ac' },
    ]);
  });

  it('states the time base, sample rate, trigger and cursors', () => {
    expect(legend.notes).toEqual([
      '500 µs/div (5.00 ms across) · 2.00 MSa/s · 10,000 points',
      'Trigger CH1 rising at 0 V · auto',
      'Cursor A 200.0 µs · B 700.0 µs · Δt 500.0 µs',
    ]);
  });

  it('lays items out left to right, wrapping so none runs past the edge or over another', () => {
    const widthPx = 600;
    const layout = layoutLegend(legend, widthPx, 1, measure);
    const boxes = layout.placed.map((p) => ({
      left: p.swatch ? p.swatch.x : p.x,
      right: p.x + measure(p.text),
      y: p.y,
    }));
    for (const box of boxes) expect(box.right).toBeLessThanOrEqual(widthPx);
    for (const a of boxes) {
      for (const b of boxes) {
        if (a === b || a.y !== b.y) continue;
        expect(a.right <= b.left || b.right <= a.left).toBe(true);
      }
    }
    // Two items cannot share a 600 px line: two lines of items, then three notes.
    const lines = new Set(boxes.map((b) => b.y));
    expect(lines.size).toBeGreaterThanOrEqual(2 + 3);
    expect(layout.heightPx).toBeGreaterThan(Math.max(...boxes.map((b) => b.y)));
  });

  it('paints every swatch in its channel colour and every text under the plot', () => {
    const layout = layoutLegend(legend, 1200, 1, measure);
    const fills: { color: string; y: number }[] = [];
    const texts: { text: string; color: string; y: number }[] = [];
    const ctx = {
      font: '',
      fillStyle: '',
      fillRect(_x: number, y: number) {
        fills.push({ color: String(ctx.fillStyle), y });
      },
      fillText(text: string, _x: number, y: number) {
        texts.push({ text, color: String(ctx.fillStyle), y });
      },
    };
    paintLegend(ctx as unknown as CanvasRenderingContext2D, layout, 400, '12px sans-serif', '#e6eaf0');
    expect(fills.map((f) => f.color)).toEqual(['#f2c94c', '#56ccf2']);
    expect(texts.map((t) => t.text)).toEqual([...legend.items.map((i) => i.text), ...legend.notes]);
    for (const t of texts) {
      expect(t.color).toBe('#e6eaf0');
      expect(t.y).toBeGreaterThan(400);
    }
  });
});
