/**
 * The fleetPixel page's bookkeeping: a reading is on screen at the first frame whose card shows its values
 * or a newer reading's; a trace at the first draw after it arrived; dropped frames from rAF intervals.
 */
import { describe, expect, it } from 'vitest';
import type { SupplyChannelValue } from '../../../../src-renderer/benches/keyValues';
import { droppedFrames, PixelLog, supplyRowsText } from '../../../../src-renderer/bench/pixelLog';

const channel = (n: number, voltageV: number): SupplyChannelValue => ({
  channel: n,
  voltageV,
  currentA: 0,
  output: false,
  mode: 'off',
});

describe('supplyRowsText', () => {
  it('reads as the card formats its rows, in channel order', () => {
    expect(supplyRowsText([channel(2, 0), channel(1, 0.0123)])).toBe('12.30 mV 0 A off|0 V 0 A off');
  });
});

describe('PixelLog', () => {
  it('times readings to the frame that shows them, counting superseded ones at their successor', () => {
    const log = new PixelLog();
    log.measuring = true;
    log.noteReading('card', 1000, 1004, 'a');
    log.noteReading('card', 1010, 1012, 'b');
    log.noteReading('card', 1020, 1022, 'c');
    let shown = 'old';
    log.frame(1016, () => shown); // the card still shows older values
    expect(log.readingsMs).toEqual([]);
    shown = 'b';
    log.frame(1033, () => shown); // b on screen: a (superseded) and b counted here, c still waiting
    expect(log.readingsMs).toEqual([33, 23]);
    expect(log.readingsArrivalMs).toEqual([4, 2]);
    expect(log.cardsWaiting()).toEqual(['card']);
    shown = 'c';
    log.frame(1050, () => shown);
    expect(log.readingsMs).toEqual([33, 23, 30]);
    expect(log.cardsWaiting()).toEqual([]);
  });

  it('formats a reading only when a frame compares it, newest first', () => {
    const log = new PixelLog();
    log.measuring = true;
    const made: string[] = [];
    const lazy = (text: string) => () => (made.push(text), text);
    log.noteReading('card', 1000, 1001, lazy('a'));
    log.noteReading('card', 1010, 1011, lazy('b'));
    log.noteReading('card', 1020, 1021, lazy('c'));
    log.frame(1030, () => 'c');
    // c matched at once: a and b, superseded, were never formatted, yet counted as shown at c's frame.
    expect(made).toEqual(['c']);
    expect(log.readingsMs).toEqual([30, 20, 10]);
    log.noteReading('card', 1040, 1041, lazy('d'));
    log.frame(1050, () => 'c');
    log.frame(1066, () => 'c');
    // d compared at each frame but formatted once.
    expect(made).toEqual(['c', 'd']);
    expect(log.cardsWaiting()).toEqual(['card']);
  });

  it('keeps nothing from before the window and leaves cards that are not shown waiting', () => {
    const log = new PixelLog();
    log.noteReading('card', 0, 1, 'a');
    log.frame(10, () => 'a');
    log.noteReading('other', 0, 1, 'x');
    log.measuring = true;
    log.frame(20, () => undefined);
    expect(log.readingsMs).toEqual([]);
    expect(log.cardsWaiting()).toEqual(['other']);
  });

  it('times traces to the next draw of their chart', () => {
    const log = new PixelLog();
    log.measuring = true;
    log.noteTrace('trace-a', 100, 110);
    log.noteTrace('trace-a', 105, 111);
    log.drawn('trace-b', 120);
    expect(log.tracesMs).toEqual([]);
    log.drawn('trace-a', 125);
    expect(log.tracesMs).toEqual([25, 20]);
    expect(log.tracesArrivalMs).toEqual([10, 6]);
    log.drawn('trace-a', 140);
    expect(log.tracesMs).toHaveLength(2);
  });
});

describe('droppedFrames', () => {
  it('counts the display periods an interval spans beyond one', () => {
    expect(droppedFrames([16.7, 16.6, 33.4, 16.7, 50.1, 16.6])).toBe(3);
    expect(droppedFrames([])).toBe(0);
    // A page whose every frame is late drops most of them, however steady it is.
    expect(droppedFrames([200, 200, 200])).toBe(33);
  });
});
