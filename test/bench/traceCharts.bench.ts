/**
 * The fleetPixel page's 20 small trace charts (TraceGrid: uPlot, 135 × 80 px, 4 series, no axes), each
 * given new 600-column min/max traces (1,200 points a series, as the fleet agents send them): setData on
 * all 20 and the microtask uPlot draws in, timed per round in a headless Chromium — every point, against
 * the traces reduced to one (min, max) column per pixel first (reduceMinMaxPairs, timed with it), and the
 * same two with a fixed y range. Variants alternate round by round, so load on the machine stretches them
 * alike; the median of 40 rounds after 10 of warm-up. No WebSocket, no overview: the draw cost alone.
 */
import { chromium } from '@playwright/test';
import { reduceMinMaxPairs } from '../../shared/dsp/minMaxPairs.js';
import { CHROMIUM_ARGS, chromiumExecutable } from '../e2e/chromium.js';
import { ROOT } from './lib/chromiumProbe.js';
import type { BenchResult } from './types.js';

const ROUNDS = process.env.BENCH_SHORT === '1' ? 12 : 50;

export async function run(): Promise<BenchResult[]> {
  const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 800, height: 600 }, deviceScaleFactor: 1 });
    await page.addScriptTag({ path: `${ROOT}/node_modules/uplot/dist/uPlot.iife.min.js` });
    // The real function, as the page gets it (tsx's name helper is a no-op there).
    await page.addScriptTag({
      content: `var __name = (f) => f; var reduce = ${reduceMinMaxPairs.toString()};`,
    });
    const medians = await page.evaluate(async (rounds) => {
      type Plot = { setData(data: ArrayLike<number>[], reset: boolean): void };
      const w = window as unknown as {
        uPlot: new (opts: object, data: ArrayLike<number>[], into: HTMLElement) => Plot;
        reduce: (p: Float32Array, c: number, out: Float32Array, x: Float64Array) => void;
      };
      const width = 135;
      const points = 1_200;
      const colours = ['#e6b800', '#00b3b3', '#d633ad', '#3d7eff'];
      const options = (fixedY: boolean): object => ({
        width,
        height: 80,
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: false }, ...(fixedY ? { y: { auto: false, range: [-3, 3] } } : {}) },
        axes: [{ show: false }, { show: false }],
        series: [{}, ...colours.map((stroke) => ({ stroke, width: 1, points: { show: false } }))],
      });
      const xs = Float64Array.from({ length: points }, (_, i) => i);
      const traces = Array.from({ length: 16 }, (_, k) => {
        const t = new Float32Array(points);
        for (let i = 0; i < points / 2; i++) {
          const v = Math.sin(i / 20 + k) + 0.3 * Math.random();
          t[2 * i] = v - 0.05;
          t[2 * i + 1] = v + 0.05;
        }
        return t;
      });
      const variants = {
        every: [false, false],
        reduced: [true, false],
        everyFixedY: [false, true],
        reducedFixedY: [true, true],
      };
      const charts = Object.fromEntries(
        Object.entries(variants).map(([name, [, fixedY]]) => [
          name,
          Array.from({ length: 20 }, () => {
            const into = document.createElement('div');
            document.body.append(into);
            const x = new Float64Array(2 * width);
            const outs = [0, 1, 2, 3].map(() => new Float32Array(2 * width));
            return { plot: new w.uPlot(options(fixedY!), [xs, ...traces.slice(0, 4)], into), x, outs };
          }),
        ]),
      );
      let n = 0;
      const times: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
      for (let r = 0; r < rounds; r++) {
        for (const [name, [reduced]] of Object.entries(variants)) {
          const startMs = performance.now();
          for (const chart of charts[name]!) {
            const four = [0, 1, 2, 3].map((i) => traces[(n++ + i) % 16]!);
            if (reduced) {
              four.forEach((t, i) => w.reduce(t, width, chart.outs[i]!, chart.x));
              chart.plot.setData([chart.x, ...chart.outs], true);
            } else chart.plot.setData([xs, ...four], true);
          }
          await Promise.resolve(); // uPlot draws in a microtask
          await Promise.resolve();
          times[name]!.push(performance.now() - startMs);
        }
        await new Promise((resolve) => requestAnimationFrame(resolve));
      }
      const median = (v: number[]): number => [...v].sort((a, b) => a - b)[v.length >> 1]!;
      return Object.fromEntries(
        Object.entries(times).map(([k, v]) => [k, median(v.slice(Math.min(10, rounds >> 1)))]),
      );
    }, ROUNDS);
    const row = (name: string, key: string, base: string): BenchResult => ({
      name,
      value: medians[key]!,
      unit: 'ms per 20 charts',
      baseline: { name: 'every point', value: medians[base]!, unit: 'ms' },
      ratio: medians[base]! / medians[key]!,
    });
    return [
      {
        name: '20 trace charts, every point (1,200 a series)',
        value: medians.every!,
        unit: 'ms per 20 charts',
      },
      row('20 trace charts, one (min, max) column per pixel', 'reduced', 'every'),
      row('20 trace charts, every point, fixed y range', 'everyFixedY', 'every'),
      row('20 trace charts, column per pixel, fixed y range', 'reducedFixedY', 'every'),
    ];
  } finally {
    await browser.close();
  }
}
