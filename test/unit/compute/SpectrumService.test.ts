import { describe, expect, it } from 'vitest';
import {
  type ComputeRunner,
  type ComputeTask,
  InlineRunner,
  SharedRecords,
  type SpectrumRequest,
  SpectrumService,
} from '../../../src-main/compute/index.js';
import type { ResultOf } from '../../../src-main/compute/computeTasks.js';
import type { ScopeRecord } from '../../../src-main/instruments/InstrumentDriver.js';
import { computeSpectrum, displaySpectrum, findPeak } from '../../../shared/dsp/fft/index.js';

function record(points = 4_096, cycles = 100): ScopeRecord {
  const channels = [1, 2].map((channel) => {
    const samples = new Float32Array(points);
    for (let i = 0; i < points; i++) samples[i] = channel * Math.sin((2 * Math.PI * cycles * i) / points);
    return { channel, samples };
  });
  return { sampleRateHz: 4_096, channels } as unknown as ScopeRecord;
}

function ask(channel = 1, more: Partial<SpectrumRequest> = {}): SpectrumRequest {
  return { source: 'scope_1', channel, window: 'hann', widthPx: 300, logFrequency: false, ...more };
}

/** InlineRunner that notes each spectrum's bins buffer, and holds display tasks while `holding`. */
class WatchingRunner implements ComputeRunner {
  readonly #inline = new InlineRunner();
  readonly bins: Float64Array[] = [];
  readonly #held: (() => void)[] = [];
  holding = false;
  failNextSpectrum = false;

  run<T extends ComputeTask>(task: T): Promise<ResultOf<T>> {
    if (task.kind === 'spectrum') {
      this.bins.push(task.into);
      if (this.failNextSpectrum) {
        this.failNextSpectrum = false;
        return Promise.reject(new Error('deliberate failure'));
      }
    }
    if (task.kind === 'display' && this.holding) {
      return new Promise<void>((resolve) => this.#held.push(resolve)).then(() => this.#inline.run(task));
    }
    return this.#inline.run(task);
  }

  /** Lets the held display tasks run. */
  release(): void {
    for (const resolve of this.#held.splice(0)) resolve();
  }

  get heldDisplays(): number {
    return this.#held.length;
  }

  async close(): Promise<void> {}
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('SpectrumService', () => {
  it('computes one spectrum per record, channel and window however many ask, equal to computeSpectrum', async () => {
    const spectra = new SpectrumService({ runner: new InlineRunner(), records: new SharedRecords() });
    const r = record();
    const asked = await Promise.all([spectra.view(r, ask()), spectra.view(r, ask())]);
    expect(asked[0]!.shown).toBe(asked[1]!.shown);
    expect(spectra.computed).toBe(1);
    const direct = computeSpectrum(r.channels[0]!.samples, 4_096, 'hann');
    expect(asked[0]!.shown).toEqual(displaySpectrum(direct, 300, false));
    expect(asked[0]!.peak).toEqual(findPeak(direct));
    expect(asked[0]).toMatchObject({ recordLength: 4_096, fftSize: 4_096, binHz: 1, window: 'hann' });
    await spectra.view(r, ask(1, { window: 'flat_top' }));
    await spectra.view(r, ask(2));
    await spectra.view(record(), ask());
    expect(spectra.computed).toBe(4);
  });

  it('reduces a spectrum to a width once per width and axis, as displaySpectrum does', async () => {
    const spectra = new SpectrumService({ runner: new InlineRunner(), records: new SharedRecords() });
    const r = record();
    const a = await spectra.view(r, ask(1, { logFrequency: true }));
    expect((await spectra.view(r, ask(1, { logFrequency: true }))).shown).toBe(a.shown);
    const direct = computeSpectrum(r.channels[0]!.samples, 4_096, 'hann');
    expect(a.shown).toEqual(displaySpectrum(direct, 300, true));
    expect((await spectra.view(r, ask(1))).shown).not.toBe(a.shown);
    expect(spectra.computed).toBe(1);
  });

  it('rounds the reduction to significant digits in its task when asked, apart from the exact one', async () => {
    const tasks: ComputeTask[] = [];
    const inline = new InlineRunner();
    const runner: ComputeRunner = {
      run: (task) => {
        tasks.push(task);
        return inline.run(task);
      },
      close: async () => {},
    };
    const spectra = new SpectrumService({ runner, records: new SharedRecords() });
    const r = record(4_096, 123);
    const rounded = await spectra.view(r, ask(1, { significantDigits: 7 }));
    const exact = displaySpectrum(computeSpectrum(r.channels[0]!.samples, 4_096, 'hann'), 300, false);
    const round = (v: number): number => Number(v.toPrecision(7));
    expect(Array.from(rounded.shown.frequencyHz)).toEqual(Array.from(exact.frequencyHz, round));
    expect(Array.from(rounded.shown.rmsV)).toEqual(Array.from(exact.rmsV, round));
    expect(Array.from(rounded.shown.rmsV)).not.toEqual(Array.from(exact.rmsV));
    // The worker rounds (the spectrum task carries the digits for the view that asked), not the caller.
    expect(tasks.map((t) => (t.kind === 'spectrum' ? t.display.significantDigits : t.kind))).toEqual([7]);
    // The exact reduction is another (a display task), and neither touched the spectrum's bins.
    expect((await spectra.view(r, ask())).shown).toEqual(exact);
    expect(tasks.map((t) => (t.kind === 'display' ? (t.significantDigits ?? 'exact') : t.kind))).toEqual([
      'spectrum',
      'exact',
    ]);
    expect((await spectra.view(r, ask(1, { significantDigits: 7 }))).shown).toBe(rounded.shown);
    expect(spectra.computed).toBe(1);
  });

  it("writes the reduction's arrays as JSON alone in its task for viewJson, and never sends the bins back", async () => {
    const results: unknown[] = [];
    const inline = new InlineRunner();
    const runner: ComputeRunner = {
      run: async (task) => {
        const result = await inline.run(task);
        results.push(result);
        return result;
      },
      close: async () => {},
    };
    const spectra = new SpectrumService({ runner, records: new SharedRecords() });
    const r = record(4_096, 123);
    const framed = await spectra.viewJson(r, ask(1, { significantDigits: 7 }));
    // The task's result holds the spectrum's figures and the JSON, not its bins (the caller's `into` has
    // them) nor the arrays.
    expect(results[0]).toMatchObject({ spectrum: { fftSize: 4_096 } });
    expect((results[0] as { spectrum: object }).spectrum).not.toHaveProperty('rmsV');
    expect(results[0]).not.toHaveProperty('shown');
    // Another view of the same shape as arrays is a reduction of its own, equal to the text.
    const plain = await spectra.view(r, ask(1, { significantDigits: 7 }));
    expect(plain).not.toHaveProperty('json');
    const decode = (bytes: Uint8Array): unknown => JSON.parse(new TextDecoder().decode(bytes));
    expect(decode(framed.json.frequencyHz)).toEqual(Array.from(plain.shown.frequencyHz));
    expect(decode(framed.json.rmsV)).toEqual(Array.from(plain.shown.rmsV));
    // Both arrays' text in one buffer: one ArrayBuffer to send back, not two.
    expect(framed.json.frequencyHz.buffer).toBe(framed.json.rmsV.buffer);
    expect(spectra.computed).toBe(1);
  });

  it('refuses a channel the record does not carry, and computes a failed spectrum afresh when asked again', async () => {
    const spectra = new SpectrumService({ runner: new InlineRunner(), records: new SharedRecords() });
    const r = record();
    await expect(spectra.view(r, ask(3))).rejects.toThrow('channel 3 is not in the record');
    const tiny = {
      sampleRateHz: 0,
      channels: [{ channel: 1, samples: new Float32Array(8) }],
    } as unknown as ScopeRecord;
    await expect(spectra.view(tiny, ask())).rejects.toThrow(/sample rate/);
    await expect(spectra.view(tiny, ask())).rejects.toThrow(/sample rate/);
    expect(spectra.computed).toBe(2);
  });

  it("writes a superseded spectrum's bins buffer again for the next record of the same size, with that record's values", async () => {
    const runner = new WatchingRunner();
    const spectra = new SpectrumService({ runner, records: new SharedRecords() });
    const first = record(4_096, 100);
    const second = record(4_096, 300);
    const a = await spectra.view(first, ask());
    const b = await spectra.view(second, ask());
    expect(runner.bins[1]).toBe(runner.bins[0]);
    expect(spectra.reused).toBe(1);
    expect(b.shown).toEqual(
      displaySpectrum(computeSpectrum(second.channels[0]!.samples, 4_096, 'hann'), 300, false),
    );
    expect(b.peak!.frequencyHz).toBeCloseTo(300, 1);
    // The first view's answer is its own, and the first record asked again is computed afresh.
    expect(a.shown).toEqual(
      displaySpectrum(computeSpectrum(first.channels[0]!.samples, 4_096, 'hann'), 300, false),
    );
    expect((await spectra.view(first, ask())).peak!.frequencyHz).toBeCloseTo(100, 1);
    expect(spectra.computed).toBe(3);
    // Another source, another channel or window, or another size is not a supersession / not a fit.
    await spectra.view(record(4_096), ask(1, { source: 'scope_2' }));
    await spectra.view(record(4_096), ask(2));
    await spectra.view(record(8_192), ask(1, { source: 'scope_3' }));
    expect(new Set(runner.bins).size).toBe(4);
  });

  it('reduces for the view that asks first in the spectrum task itself, for any other view in a display task', async () => {
    const tasks: ComputeTask['kind'][] = [];
    const inline = new InlineRunner();
    const runner: ComputeRunner = {
      run: (task) => {
        tasks.push(task.kind);
        return inline.run(task);
      },
      close: async () => {},
    };
    const spectra = new SpectrumService({ runner, records: new SharedRecords() });
    const r = record(4_096, 123);
    const first = await spectra.view(r, ask(1, { widthPx: 300 }));
    expect(tasks).toEqual(['spectrum']);
    const other = await spectra.view(r, ask(1, { widthPx: 200, logFrequency: true }));
    expect(tasks).toEqual(['spectrum', 'display']);
    const direct = computeSpectrum(r.channels[0]!.samples, 4_096, 'hann');
    expect(first.shown).toEqual(displaySpectrum(direct, 300, false));
    expect(other.shown).toEqual(displaySpectrum(direct, 200, true));
    expect(other.peak).toEqual(first.peak);
  });

  it('warms every thread once per view shape when a view opens, before its first spectrum', async () => {
    const tasks: ComputeTask[] = [];
    const inline = new InlineRunner();
    const runner: ComputeRunner = {
      threads: 2,
      run: (task) => {
        tasks.push(task);
        return inline.run(task);
      },
      close: async () => {},
    };
    const spectra = new SpectrumService({ runner, records: new SharedRecords() });
    const kinds = (): string[] => tasks.splice(0).map((t) => t.kind);
    await Promise.all([spectra.view(record(), ask(1)), spectra.view(record(), ask(2))]);
    // Two views of one shape opening together: one warm task per thread, queued first.
    expect(kinds()).toEqual(['warm', 'warm', 'spectrum', 'spectrum']);
    await spectra.view(record(), ask(1));
    expect(kinds()).toEqual(['spectrum']);
    // A new record length warms again; so does another window.
    await spectra.view(record(8_192), ask(1));
    expect(kinds()).toEqual(['warm', 'warm', 'spectrum']);
    await spectra.view(record(8_192), ask(1, { window: 'flat_top' }));
    expect(kinds()).toEqual(['warm', 'warm', 'spectrum']);
    // The warm tasks carry the view's shape, for the pool's two threads.
    await spectra.view(record(4_096), ask(1, { widthPx: 640, logFrequency: true, significantDigits: 7 }));
    const [warm] = tasks.filter((t) => t.kind === 'warm');
    expect(warm).toMatchObject({
      points: 4_096,
      sampleRateHz: 4_096,
      window: 'hann',
      display: { widthPx: 640, logFrequency: true, significantDigits: 7 },
      parties: 2,
    });
  });

  it("does not warm a runner on the caller's thread, and a failing warm task fails nothing", async () => {
    const tasks: ComputeTask['kind'][] = [];
    const inline = new InlineRunner();
    const runner: ComputeRunner = {
      threads: 1,
      run: (task) => {
        tasks.push(task.kind);
        return task.kind === 'warm' ? Promise.reject(new Error('deliberate')) : inline.run(task);
      },
      close: async () => {},
    };
    const warmed = new SpectrumService({ runner, records: new SharedRecords() });
    expect((await warmed.view(record(), ask())).peak!.frequencyHz).toBeCloseTo(100, 1);
    expect(tasks).toEqual(['warm', 'spectrum']);
    tasks.length = 0;
    const onCaller: ComputeRunner = { run: runner.run, close: runner.close };
    const unwarmed = new SpectrumService({ runner: onCaller, records: new SharedRecords() });
    await unwarmed.view(record(), ask());
    expect(tasks).toEqual(['spectrum']);
  });

  it("keeps a buffer whose other view's reduction is running until it ends, then reuses it", async () => {
    const runner = new WatchingRunner();
    const spectra = new SpectrumService({ runner, records: new SharedRecords() });
    const first = record(4_096, 100);
    await spectra.view(first, ask());
    // A view of another width reduces the held bins in a display task, held here while the next records'
    // spectra supersede this one.
    runner.holding = true;
    const a = spectra.view(first, ask(1, { widthPx: 200 }));
    await settle();
    expect(runner.heldDisplays).toBe(1);
    runner.holding = false;
    await spectra.view(record(4_096, 200), ask()); // supersedes the first, still being reduced
    await spectra.view(record(4_096, 300), ask()); // supersedes the second, which nothing reads
    const [first1, second, third] = runner.bins;
    expect(second).not.toBe(first1);
    expect(third).toBe(second);
    runner.release();
    expect((await a).shown).toEqual(
      displaySpectrum(computeSpectrum(first.channels[0]!.samples, 4_096, 'hann'), 200, false),
    );
    await spectra.view(record(4_096, 400), ask());
    expect(runner.bins[3]).toBe(first1);
    expect(spectra.reused).toBe(2);
  });

  it('returns the buffer of a failed spectrum to the free list', async () => {
    const runner = new WatchingRunner();
    const spectra = new SpectrumService({ runner, records: new SharedRecords() });
    runner.failNextSpectrum = true;
    await expect(spectra.view(record(), ask())).rejects.toThrow('deliberate failure');
    expect(spectra.freeBuffers).toBe(1);
    await spectra.view(record(), ask());
    expect(runner.bins[1]).toBe(runner.bins[0]);
    expect(spectra.freeBuffers).toBe(0);
  });

  it('keeps at most 8 free buffers, the newest', async () => {
    const runner = new WatchingRunner();
    const spectra = new SpectrumService({ runner, records: new SharedRecords() });
    // Each new record length supersedes the last spectrum without fitting its buffer.
    for (let points = 8; points <= 8 << 11; points *= 2) await spectra.view(record(points), ask());
    expect(spectra.freeBuffers).toBe(8);
    expect(spectra.reused).toBe(0);
    // The newest sizes are kept (the oldest went): a record of the length before last fits.
    await spectra.view(record(8 << 10), ask());
    expect(spectra.reused).toBe(1);
  });
});
