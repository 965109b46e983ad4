/**
 * Bulk samples on the wire: one block of 4 channels × 100,000 samples, as our binary frame
 * (encodeFrame + decodeFrame) against the streaming guide's JSON `acquisition_stream` message (ISO
 * timestamp per sample, `values: {CH1: [...], ...}`, `count`) through JSON.stringify + JSON.parse.
 *
 * "Per sample" means per channel-sample (400,000 in the block); JSON's shared timestamps are spread over
 * them. Message objects and typed arrays are built before timing, so neither side pays for producing
 * the samples or formatting timestamps — only for encoding and decoding them. Times are the process's CPU
 * time (all threads, GC included), measured in interleaved rounds.
 */
import {
  FrameKind,
  decodeFrame,
  encodeFrame,
  maskOfChannels,
  type FrameHeader,
} from '../../shared/codec/frame.js';
import { consume, timeInterleaved, timePerCall, type Timing } from './measure.js';
import type { BenchResult } from './types.js';

const CHANNELS = 4;
const SAMPLES = 100_000;
const SAMPLE_RATE_HZ = 100_000;
const CHANNEL_SAMPLES = CHANNELS * SAMPLES;

/** Deterministic scope-like signals: a sine, a square, a triangle and noise, each with some noise, V. */
function signals(): Float32Array[] {
  let state = 12_345;
  const noise = (): number => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31 - 0.5;
  };
  return Array.from({ length: CHANNELS }, (_, c) => {
    const out = new Float32Array(SAMPLES);
    for (let i = 0; i < SAMPLES; i++) {
      const phase = (i / SAMPLE_RATE_HZ) * 1_000 * (c + 1);
      const clean =
        c === 0
          ? Math.sin(2 * Math.PI * phase)
          : c === 1
            ? Math.sign(Math.sin(2 * Math.PI * phase))
            : c === 2
              ? 2 * Math.abs(2 * (phase - Math.floor(phase + 0.5))) - 1
              : 0;
      out[i] = 1.65 * clean + 0.01 * noise();
    }
    return out;
  });
}

interface GuideAcquisitionMessage {
  type: 'acquisition_stream';
  acquisition_id: string;
  state: string;
  stats: { samples_captured: number; duration: number };
  data: { timestamps: string[]; values: Record<string, number[]>; count: number };
}

function guideMessage(
  blocks: Float32Array[],
  t0Ms: number,
  round: (v: number) => number,
): GuideAcquisitionMessage {
  const timestamps = Array.from({ length: SAMPLES }, (_, i) =>
    new Date(t0Ms + (i * 1_000) / SAMPLE_RATE_HZ).toISOString(),
  );
  const values: Record<string, number[]> = {};
  blocks.forEach((block, c) => {
    values[`CH${c + 1}`] = Array.from(block, round);
  });
  return {
    type: 'acquisition_stream',
    acquisition_id: 'acq_12345678',
    state: 'running',
    stats: { samples_captured: SAMPLES, duration: SAMPLES / SAMPLE_RATE_HZ },
    data: { timestamps, values, count: SAMPLES },
  };
}

function jsonRoundTrip(message: GuideAcquisitionMessage): () => number {
  return () => {
    const text = JSON.stringify(message);
    const back = JSON.parse(text) as GuideAcquisitionMessage;
    return text.length + back.data.count;
  };
}

function jsonBytesPerSample(message: GuideAcquisitionMessage): number {
  return Buffer.byteLength(JSON.stringify(message)) / CHANNEL_SAMPLES;
}

const msPerBlock = (ns: number): string => `${(ns / 1e6).toFixed(2)} ms`;

export async function run(): Promise<BenchResult[]> {
  const blocks = signals();
  const t0Ms = Date.UTC(2024, 10, 8, 12, 0, 0);
  const header: FrameHeader = {
    kind: FrameKind.acquisitionBlock,
    flags: 0,
    streamId: 1,
    seq: 0,
    t0Ms,
    dtS: 1 / SAMPLE_RATE_HZ,
    channelMask: maskOfChannels([1, 2, 3, 4]),
    samplesPerChannel: SAMPLES,
    x0: 0,
  };

  const frameBytes = encodeFrame(header, blocks).byteLength;
  const fullMessage = guideMessage(blocks, t0Ms, (v) => v);
  const roundedMessage = guideMessage(blocks, t0Ms, (v) => Number(v.toPrecision(6)));
  // Interleaved rounds, so a busy spell of the (shared) machine weighs on both sides of each ratio alike.
  const jsonOptions = { minRepetitionMs: 1, repetitions: 3, clock: 'cpu' } as const;
  const [binary, full, rounded] = timeInterleaved(
    [
      () => {
        const frame = decodeFrame(encodeFrame(header, blocks));
        return frame.channels[CHANNELS - 1]![SAMPLES - 1]! + frame.seq;
      },
      jsonRoundTrip(fullMessage),
      jsonRoundTrip(roundedMessage),
    ],
    5,
    [{ clock: 'cpu' }, jsonOptions, jsonOptions],
  ) as [Timing, Timing, Timing];
  // What a Node client gets from ws: a Buffer, possibly at an unaligned offset, which decodeFrame copies.
  const received = Buffer.alloc(frameBytes + 1);
  received.set(new Uint8Array(encodeFrame(header, blocks)), 1);
  const unalignedDecode = timePerCall(() => decodeFrame(received.subarray(1)).channels[0]![0]!, {
    clock: 'cpu',
  });
  consume(frameBytes);

  const binaryNs = binary.medianNs / CHANNEL_SAMPLES;
  const fullNs = full.medianNs / CHANNEL_SAMPLES;
  const roundedNs = rounded.medianNs / CHANNEL_SAMPLES;
  const binaryBytes = frameBytes / CHANNEL_SAMPLES;
  const fullBytes = jsonBytesPerSample(fullMessage);
  const roundedBytes = jsonBytesPerSample(roundedMessage);

  const cpuTarget = 100;
  return [
    {
      name: 'bytes on the wire, binary frame vs guide JSON',
      value: binaryBytes,
      unit: 'bytes/sample',
      baseline: { name: 'JSON acquisition_stream', value: fullBytes },
      ratio: fullBytes / binaryBytes,
      target: '≤ 4.1 bytes/sample',
      pass: binaryBytes <= 4.1,
      notes: `one frame = ${frameBytes.toLocaleString('en-US')} bytes for ${CHANNELS} × ${SAMPLES.toLocaleString('en-US')} samples`,
    },
    {
      name: 'encode+decode CPU, binary frame vs guide JSON',
      value: binaryNs,
      unit: 'ns/sample',
      baseline: { name: 'JSON stringify+parse', value: fullNs },
      ratio: fullNs / binaryNs,
      target: `≥ ${cpuTarget}× less CPU than JSON`,
      pass: fullNs / binaryNs >= cpuTarget,
      notes:
        `CPU time, median of 5 interleaved rounds: binary ${msPerBlock(binary.medianNs)} per block ` +
        `(${msPerBlock(binary.minNs)}–${msPerBlock(binary.maxNs)}), JSON ${msPerBlock(full.medianNs)} ` +
        `(${msPerBlock(full.minNs)}–${msPerBlock(full.maxNs)}); ` +
        'decodeFrame views the samples in place, JSON.parse builds arrays of numbers',
    },
    {
      name: 'bytes on the wire vs JSON rounded to 6 digits',
      value: binaryBytes,
      unit: 'bytes/sample',
      baseline: { name: 'JSON, values to 6 significant digits', value: roundedBytes },
      ratio: roundedBytes / binaryBytes,
      notes: 'a kinder baseline: float32 values printed with 6 significant digits instead of 17',
    },
    {
      name: 'encode+decode CPU vs JSON rounded to 6 digits',
      value: binaryNs,
      unit: 'ns/sample',
      baseline: { name: 'JSON, values to 6 significant digits', value: roundedNs },
      ratio: roundedNs / binaryNs,
      notes: `JSON ${msPerBlock(rounded.medianNs)} per block (${msPerBlock(rounded.minNs)}–${msPerBlock(rounded.maxNs)})`,
    },
    {
      name: 'decode from an unaligned Node Buffer (one copy)',
      value: unalignedDecode.medianNs / CHANNEL_SAMPLES,
      unit: 'ns/sample',
      notes: 'what a Node client sees from ws; browsers get aligned ArrayBuffers and decode without copying',
    },
  ];
}
