/**
 * An oscilloscope's math channels (M1 = CH1 − CH2 …) as capture channels, around whatever source captures
 * its inputs — the simulator's synthesis, the generic record reader — so a math channel is captured like
 * an input, with its own unit (V, V², or none for a ratio), whichever driver the scope runs on. The math
 * definitions are read when a capture opens and hold for that capture; the sources it needs are captured
 * alongside (and not stored unless asked for).
 */
import {
  computeMath,
  type MathDefinition,
  scopeChannelName,
  usesSourceB,
} from '../../../../shared/analysis/mathChannels.js';
import type { AcquisitionChannel } from '../../config.js';
import type {
  CapturedRecord,
  CaptureSource,
  NoRecord,
  RecordCaptureSource,
  RecordReader,
  SampleGenerator,
  StreamCaptureSource,
} from './types.js';

/** A math channel that is on, as the host lists it. */
export interface MathChannelOffer {
  name: string;
  unit: string;
  definition: MathDefinition;
}

/** How the requested channels map onto the inner source's: which inputs to read, and what to compute. */
interface MathPlan {
  /** Inputs the inner source captures: the requested ones, then the math sources not requested. */
  inner: string[];
  /** Per requested channel: an index into `inner`, or a math definition over `inner` indices. */
  outputs: ({ kind: 'input'; index: number } | { kind: 'math'; def: MathDefinition; a: number; b: number })[];
}

function plan(channels: readonly string[], offers: readonly MathChannelOffer[]): MathPlan {
  const inner: string[] = [];
  const indexOf = (name: string): number => {
    let i = inner.indexOf(name);
    if (i < 0) i = inner.push(name) - 1;
    return i;
  };
  const requestedInputs = channels.filter((name) => !offers.some((o) => o.name === name));
  requestedInputs.forEach(indexOf);
  const outputs = channels.map((name): MathPlan['outputs'][number] => {
    const offer = offers.find((o) => o.name === name);
    if (offer === undefined) return { kind: 'input', index: indexOf(name) };
    const def = offer.definition;
    const a = indexOf(scopeChannelName(def.sourceA));
    const b = usesSourceB(def.function) ? indexOf(scopeChannelName(def.sourceB)) : a;
    return { kind: 'math', def, a, b };
  });
  return { inner, outputs };
}

function mathOf(
  def: MathDefinition,
  inner: readonly string[],
  buffers: readonly Float32Array[],
  a: number,
  b: number,
  sampleRateHz: number,
): Float32Array {
  const operand = (i: number) => ({ name: inner[i]!, samples: buffers[i]!, sampleRateHz });
  return computeMath(def.function, operand(a), operand(b));
}

/** Which source each math wrapper captures the inputs with (for tests and diagnostics). */
const wrapped = new WeakMap<CaptureSource, CaptureSource>();

/** The source under a math wrapper (withMathChannels), or `source` itself when it is not one. */
export function sourceUnderMath(source: CaptureSource): CaptureSource {
  return wrapped.get(source) ?? source;
}

/** `source` with the math channels `offers()` lists (read at each use: they come and go) added to its channels. */
export function withMathChannels(
  source: CaptureSource,
  offers: () => readonly MathChannelOffer[],
): CaptureSource {
  const channels = (): readonly AcquisitionChannel[] => [
    ...source.channels,
    ...offers().map((o) => ({ name: o.name, unit: o.unit })),
  ];
  const withMath =
    source.pacing === 'stream'
      ? streamWithMath(source, channels, offers)
      : recordsWithMath(source, channels, offers);
  wrapped.set(withMath, source);
  return withMath;
}

function streamWithMath(
  source: StreamCaptureSource,
  channels: () => readonly AcquisitionChannel[],
  offers: () => readonly MathChannelOffer[],
): StreamCaptureSource {
  return {
    pacing: 'stream',
    equipmentId: source.equipmentId,
    get channels() {
      return channels();
    },
    maxSampleRateHz: source.maxSampleRateHz,
    ...(source.blockIntervalMs !== undefined && { blockIntervalMs: source.blockIntervalMs }),
    ...(source.admit !== undefined && { admit: source.admit.bind(source) }),
    settings: () => source.settings(),
    open(names, sampleRateHz): SampleGenerator {
      const p = plan(names, offers());
      const generator = source.open(p.inner, sampleRateHz);
      let buffers: Float32Array[] = [];
      return {
        ...(generator.stats !== undefined && { stats: () => generator.stats!() }),
        async generate(count, firstTimeMs, out) {
          if (buffers[0]?.length !== count) buffers = p.inner.map(() => new Float32Array(count));
          await generator.generate(count, firstTimeMs, buffers);
          p.outputs.forEach((o, i) => {
            const target = out[i]!;
            if (o.kind === 'input') target.set(buffers[o.index]!.subarray(0, count));
            else target.set(mathOf(o.def, p.inner, buffers, o.a, o.b, sampleRateHz));
          });
        },
      };
    },
  };
}

function recordsWithMath(
  source: RecordCaptureSource,
  channels: () => readonly AcquisitionChannel[],
  offers: () => readonly MathChannelOffer[],
): RecordCaptureSource {
  return {
    pacing: 'records',
    equipmentId: source.equipmentId,
    get channels() {
      return channels();
    },
    maxSampleRateHz: source.maxSampleRateHz,
    minReadIntervalMs: source.minReadIntervalMs,
    ...(source.endsOnOutage !== undefined && { endsOnOutage: source.endsOnOutage }),
    ...(source.admit !== undefined && { admit: source.admit.bind(source) }),
    settings: () => source.settings(),
    openRecords(names, sampleRateHz, options): RecordReader {
      const p = plan(names, offers());
      const reader = source.openRecords(p.inner, sampleRateHz, options);
      return {
        ...(reader.cancel !== undefined && { cancel: () => reader.cancel!() }),
        async next(): Promise<CapturedRecord | NoRecord> {
          const record = await reader.next();
          if (record.kind !== 'record') return record;
          const computed = p.outputs.map((o) =>
            o.kind === 'input'
              ? record.channels[o.index]!
              : mathOf(o.def, p.inner, record.channels, o.a, o.b, record.sampleRateHz),
          );
          return { ...record, channels: computed };
        },
      };
    },
  };
}
