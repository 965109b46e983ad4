/**
 * The `spectrum` reply sent in fragments (spectrumReply.ts) is the very text JSON.stringify makes of the
 * whole message, so the wire does not change when the worker writes the arrays' JSON.
 */
import { describe, expect, it } from 'vitest';
import type { SpectrumMessage } from '../../../shared/protocol/index.js';
import type { DisplayJson } from '../../../src-main/compute/index.js';
import { runComputeTask } from '../../../src-main/compute/computeTasks.js';
import { spectrumReplyFrame } from '../../../src-main/server/spectrum/spectrumReply.js';

/** A spectrum of `values` reduced in display tasks as get_spectrum asks (7 digits), as arrays and as JSON. */
function reduced(values: number[]): { frequencyHz: Float64Array; rmsV: Float64Array; json: DisplayJson } {
  const spectrum = {
    binHz: 0.1,
    fftSize: 2 * (values.length - 1),
    recordLength: 2 * (values.length - 1),
    window: 'hann' as const,
    rmsV: new Float64Array(values),
  };
  const reducedTo = (json: boolean) =>
    runComputeTask({
      kind: 'display',
      spectrum,
      widthPx: 1000,
      logFrequency: false,
      significantDigits: 7,
      json,
    });
  const { shown } = reducedTo(false);
  const { json } = reducedTo(true);
  if (shown === undefined || json === undefined) throw new Error('no reduction made');
  return { ...shown, json };
}

/** The message's text, its fragments joined as a client joins them. */
function text(frame: ReturnType<typeof spectrumReplyFrame>): string {
  expect(frame.binary).toBe(false);
  const parts = frame.parts.map((p) => (p instanceof Uint8Array ? p : new Uint8Array(p)));
  for (const part of parts) expect(part.byteLength).toBeGreaterThan(0);
  return Buffer.concat(parts).toString('utf8');
}

describe('spectrumReplyFrame', () => {
  const values = [0, 1e-9, 0.12345678, 3.5, Number.NaN, Infinity, -0, 1 / 3, 2e21, 7.000001e-300];
  const { frequencyHz, rmsV, json } = reduced(values);
  const message = (more: Partial<SpectrumMessage>): SpectrumMessage => ({
    type: 'spectrum',
    request_id: 'r-1',
    equipment_id: 'scope_1',
    channel: 'M1',
    window: 'hann',
    timestamp: 1_765_000_000_123.5,
    sample_rate: 1e8,
    record_length: 100_000,
    fft_size: 131_072,
    bin_hz: 762.939453125,
    frequency_hz: Array.from(frequencyHz),
    rms_v: Array.from(rmsV),
    ...more,
  });

  it.each([
    ['with a peak', { peak: { frequency_hz: 1_000.25, rms_v: 0.7071, dbv: -3.0103 } }],
    ['without a peak', {}],
    ['without a request id', { request_id: undefined }],
    ['with a numeric request id', { request_id: 42 }],
  ])('is JSON.stringify of the whole message, %s', (_name, more: Partial<SpectrumMessage>) => {
    const whole = message(more);
    const { frequency_hz: _f, rms_v: _r, ...head } = whole;
    expect(text(spectrumReplyFrame(head, json))).toBe(JSON.stringify(whole));
  });

  it('carries the values rounded as the reply always had them (7 significant digits, NaN and ∞ as null)', () => {
    const parsed = JSON.parse(new TextDecoder().decode(json.rmsV)) as (number | null)[];
    expect(parsed).toEqual(Array.from(rmsV, (v) => (Number.isFinite(v) ? v : null)));
    expect(parsed[2]).toBe(0.1234568);
  });
});
