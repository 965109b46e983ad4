/**
 * What one fleet trace costs at each hop, on the CPU clock, binary (kind 5) against the JSON path it
 * replaced (issue 19: 800 traces a second at 20 benches). A trace is one scope channel's 10,000-point
 * record decimated to 600 min/max pairs, as the agent publishes it. Per hop:
 * - the agent: JSON — `Array.from(minMax)` into a `FleetWaveform` and JSON.stringify; binary —
 *   encodeFleetWaveformFrame;
 * - the dashboard's backend: JSON — parse, zod-validate (fleetWaveformSchema) and serialise again as
 *   `fleet_waveform`; binary — readFleetWaveformHeader on the NATS payload (its bytes go on unchanged);
 * - the page: JSON — parse the `fleet_waveform` message, zod-validate it, and copy `min_max` into a
 *   Float32Array (what the opened bench and the trace charts draw from); binary — decodeFleetWaveformFrame.
 * Decimation is left out: both paths do it alike. Times are medians of interleaved rounds (measure.ts), so a
 * loaded machine stretches both alike. BENCH_SHORT=1: fewer rounds.
 */
import {
  decodeFleetWaveformFrame,
  encodeFleetWaveformFrame,
  readFleetWaveformHeader,
} from '../../shared/codec/fleetWaveformFrame.js';
import { decimateMinMax } from '../../shared/dsp/decimate.js';
import { fleetWaveformSchema, type FleetWaveform } from '../../shared/protocol/index.js';
import { timeInterleaved, type Timing } from './measure.js';
import type { BenchResult } from './types.js';

const SHORT = process.env.BENCH_SHORT === '1';
const SAMPLES = 10_000;
const COLUMNS = 600;

/** A scope channel: a 1 kHz sine at 1 MSa/s with a little deterministic noise, V. */
function record(): Float32Array {
  let state = 4_242;
  const out = new Float32Array(SAMPLES);
  for (let i = 0; i < SAMPLES; i++) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    out[i] = 1.65 * Math.sin((2 * Math.PI * i) / 1_000) + 0.01 * (state / 2 ** 31 - 0.5);
  }
  return out;
}

export function run(): Promise<BenchResult[]> {
  const minMax = decimateMinMax(record(), COLUMNS);
  const header = {
    bench: 'bench-07',
    equipment_id: 'scope',
    channel: 2,
    timestamp: 1_765_069_200_123,
    sample_rate_hz: 1e6,
    x0_s: -0.005,
    samples: SAMPLES,
  };
  const json = (): string => JSON.stringify({ ...header, min_max: Array.from(minMax) } as FleetWaveform);
  const natsJson = new TextEncoder().encode(json());
  const wsJson = JSON.stringify({
    type: 'fleet_waveform',
    bench: header.bench,
    waveform: JSON.parse(json()),
  });
  const frame = encodeFleetWaveformFrame(header, minMax);
  // What a Node NATS client hands over: a payload inside a larger read buffer, at an odd offset.
  const natsPayload = new Uint8Array(frame.length + 3);
  natsPayload.set(frame, 3);
  const received = frame.slice().buffer;

  const rounds = SHORT ? 2 : 5;
  const cpu = { clock: 'cpu' as const, minRepetitionMs: 20 };
  const pair = (binary: () => number, asJson: () => number): [Timing, Timing] =>
    timeInterleaved([binary, asJson], rounds, [cpu, cpu]) as [Timing, Timing];

  const agent = pair(
    () => encodeFleetWaveformFrame(header, minMax).length,
    () => json().length,
  );
  const backend = pair(
    () => readFleetWaveformHeader(natsPayload.subarray(3)).columns,
    () => {
      const parsed = fleetWaveformSchema.parse(JSON.parse(new TextDecoder().decode(natsJson)));
      return JSON.stringify({ type: 'fleet_waveform', bench: parsed.bench, waveform: parsed }).length;
    },
  );
  const page = pair(
    () => decodeFleetWaveformFrame(received).min_max[COLUMNS]!,
    () => {
      const message = JSON.parse(wsJson) as { waveform: unknown };
      return Float32Array.from(fleetWaveformSchema.parse(message.waveform).min_max)[COLUMNS]!;
    },
  );

  const row = (hop: string, [binary, asJson]: [Timing, Timing], notes?: string): BenchResult => ({
    name: `fleet trace, ${hop}`,
    value: binary.medianNs / 1_000,
    unit: 'µs CPU per trace',
    baseline: { name: 'the JSON path', value: asJson.medianNs / 1_000, unit: 'µs' },
    ratio: asJson.medianNs / binary.medianNs,
    ...(notes === undefined ? {} : { notes }),
  });
  const tracesPerS = 20 * 4 * 10;
  const total = (i: 0 | 1): number => agent[i].medianNs + backend[i].medianNs + page[i].medianNs;
  return Promise.resolve([
    {
      name: 'fleet trace, bytes on NATS and on the WebSocket',
      value: frame.length,
      unit: 'bytes',
      baseline: { name: 'JSON on NATS / as fleet_waveform', value: natsJson.length, unit: 'bytes' },
      ratio: natsJson.length / frame.length,
      notes: `as fleet_waveform on the WebSocket ${wsJson.length} bytes; ${COLUMNS} columns from ${SAMPLES} samples`,
    },
    row('agent: encode', agent),
    row('dashboard backend: check and forward', backend),
    row(
      'page: read into float32',
      page,
      `all three hops ${(total(0) / 1_000).toFixed(1)} µs binary against ${(total(1) / 1_000).toFixed(1)} µs JSON; ` +
        `at ${tracesPerS} traces/s (20 benches) that is ${((total(0) * tracesPerS) / 1e7).toFixed(2)} % against ${((total(1) * tracesPerS) / 1e7).toFixed(1)} % of a core`,
    ),
  ]);
}
