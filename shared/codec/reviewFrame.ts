/**
 * A `review_acquisition` reply as one binary frame (kind 4, docs/PROTOCOL.md "Capture review"): the reply's
 * fields without its numbers as a small JSON header, then one float32 block per channel — (min, max) pairs
 * per column for kind `minmax`, the samples themselves for kind `samples`; NaN where the JSON reply has
 * null. Decoding checks the frame as strictly as the JSON reply is read: a frame that is cut short, of
 * another kind, or whose header disagrees with its blocks is refused with a sentence that says which.
 */
import { z } from 'zod';
import type { AcquisitionReviewMessage, ReviewChannel } from '../protocol/review.js';
import {
  type DecodedFrame,
  decodeFrame,
  encodeFrame,
  FRAME_HEADER_BYTES,
  FRAME_MAGIC,
  FrameDecodeError,
  FrameFlags,
  FrameKind,
} from './frame.js';

/** A review frame that cannot be read; `requestId` is the reply's, when its JSON header could be read. */
export class ReviewFrameError extends FrameDecodeError {
  override name = 'ReviewFrameError';
  constructor(
    message: string,
    readonly requestId?: string | number,
  ) {
    super(message);
  }
}

const requestId = z.union([z.string(), z.number()]);
const markersSchema = z.object({
  trigger_sample: z.number().int().min(0).optional(),
  segments: z.array(z.object({ sample: z.number(), t0_ms: z.number() })),
  alarms: z.array(
    z.object({
      sample: z.number(),
      name: z.string(),
      level: z.string(),
      text: z.string(),
      raised_ms: z.number(),
      cleared_ms: z.number().optional(),
    }),
  ),
  events: z.array(
    z.object({
      sample: z.number(),
      level: z.string(),
      kind: z.string(),
      text: z.string(),
      timestamp: z.number(),
    }),
  ),
  events_truncated: z.boolean().optional(),
});

/** The frame's JSON header: the reply without its channels' numbers. */
const reviewFrameHeaderSchema = z.object({
  type: z.literal('acquisition_review'),
  request_id: requestId.optional(),
  acquisition_id: z.string().min(1),
  sample_count: z.number().int().min(0),
  sample_rate_hz: z.number().positive(),
  t0_ms: z.number().optional(),
  running: z.boolean(),
  from_sample: z.number().int().min(0),
  to_sample: z.number().int().min(0),
  kind: z.enum(['samples', 'minmax']),
  pixels: z.number().int().min(0),
  level: z.number().int().min(0),
  channels: z
    .array(z.object({ name: z.string().min(1), unit: z.string() }))
    .min(1)
    .max(32),
  markers: markersSchema,
});

/** Bit i set for i < count: the blocks are the header's channels in its order, not channel numbers. */
function positionalMask(count: number): number {
  return count >= 32 ? 0xffffffff : ((1 << count) - 1) >>> 0;
}

function valuesPerChannel(kind: AcquisitionReviewMessage['kind'], pixels: number): number {
  return kind === 'minmax' ? 2 * pixels : pixels;
}

/** One channel's block: the samples, or (min, max) per column; null as NaN. */
function blockOf(
  channel: ReviewChannel,
  kind: AcquisitionReviewMessage['kind'],
  pixels: number,
): Float32Array {
  const out = new Float32Array(valuesPerChannel(kind, pixels));
  const value = (v: number | null | undefined): number => (v === null || v === undefined ? Number.NaN : v);
  if (kind === 'samples') {
    for (let i = 0; i < pixels; i++) out[i] = value(channel.min[i]);
    return out;
  }
  for (let i = 0; i < pixels; i++) {
    out[2 * i] = value(channel.min[i]);
    out[2 * i + 1] = value(channel.max[i]);
  }
  return out;
}

/** Encodes `reply` as a review frame (a fresh ArrayBuffer). */
export function encodeReviewFrame(reply: AcquisitionReviewMessage): ArrayBuffer {
  const { channels, ...rest } = reply;
  const header = { ...rest, channels: channels.map((c) => ({ name: c.name, unit: c.unit })) };
  return encodeFrame(
    {
      kind: FrameKind.review,
      flags: reply.kind === 'minmax' ? FrameFlags.minMax : FrameFlags.fullResolution,
      streamId: 0,
      seq: 0,
      t0Ms: reply.t0_ms ?? Number.NaN,
      dtS: 1 / reply.sample_rate_hz,
      channelMask: positionalMask(channels.length),
      samplesPerChannel: valuesPerChannel(reply.kind, reply.pixels),
      x0: reply.from_sample,
    },
    channels.map((c) => blockOf(c, reply.kind, reply.pixels)),
    JSON.stringify(header),
  );
}

function bytesOf(input: ArrayBuffer | ArrayBufferView): Uint8Array {
  return ArrayBuffer.isView(input)
    ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength)
    : new Uint8Array(input);
}

/** True when `input` is a frame of kind 4 (review), from its first bytes alone. */
export function isReviewFrame(input: ArrayBuffer | ArrayBufferView): boolean {
  const bytes = bytesOf(input);
  if (bytes.byteLength < FRAME_HEADER_BYTES) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return view.getUint32(0, true) === FRAME_MAGIC && view.getUint8(5) === FrameKind.review;
}

/** The request id in a frame's JSON header, read however broken the rest is; undefined if unreadable. */
function peekRequestId(input: ArrayBuffer | ArrayBufferView): string | number | undefined {
  const bytes = bytesOf(input);
  if (bytes.byteLength < FRAME_HEADER_BYTES) return undefined;
  const metaBytes = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(44, true);
  if (metaBytes === 0 || FRAME_HEADER_BYTES + metaBytes > bytes.byteLength) return undefined;
  try {
    const text = new TextDecoder().decode(bytes.subarray(FRAME_HEADER_BYTES, FRAME_HEADER_BYTES + metaBytes));
    const parsed = requestId.safeParse((JSON.parse(text) as { request_id?: unknown }).request_id);
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

const KIND_NAMES: Record<number, string> = { 1: 'waveform', 2: 'acquisition block', 3: 'readings batch' };

/** Column values as the JSON reply has them: numbers, null for NaN. */
function toNullable(block: Float32Array, start: number, stride: number, count: number): (number | null)[] {
  const out = new Array<number | null>(count);
  for (let i = 0; i < count; i++) {
    const v = block[start + i * stride]!;
    out[i] = Number.isNaN(v) ? null : v;
  }
  return out;
}

/**
 * The reply a review frame carries, as `acquisition_review` would have sent it in JSON.
 * @throws ReviewFrameError naming what is wrong (with the reply's request id when it could be read).
 */
export function decodeReviewFrame(input: ArrayBuffer | ArrayBufferView): AcquisitionReviewMessage {
  const fail = (message: string): never => {
    throw new ReviewFrameError(`review reply refused: ${message}`, peekRequestId(input));
  };
  let frame: DecodedFrame;
  try {
    frame = decodeFrame(input);
  } catch (err) {
    return fail((err as Error).message);
  }
  if (frame.kind !== FrameKind.review) {
    return fail(
      `frame kind ${frame.kind} (${KIND_NAMES[frame.kind] ?? 'unknown'}) is not a review reply (kind 4)`,
    );
  }
  if (frame.meta === undefined) return fail('the frame has no JSON header');
  let json: unknown;
  try {
    json = JSON.parse(frame.meta);
  } catch {
    return fail('its JSON header is not JSON');
  }
  const parsed = reviewFrameHeaderSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return fail(`its JSON header's ${issue.path.join('.') || 'value'} is wrong: ${issue.message}`);
  }
  const header = parsed.data;
  const count = header.channels.length;
  if (frame.channels.length !== count || frame.channelMask !== positionalMask(count)) {
    return fail(`the header lists ${count} channels but the frame carries ${frame.channels.length} blocks`);
  }
  const expected = valuesPerChannel(header.kind, header.pixels);
  if (frame.samplesPerChannel !== expected) {
    return fail(
      `${header.pixels} ${header.kind === 'minmax' ? 'columns of min/max pairs' : 'samples'} need ${expected} values per channel, the frame has ${frame.samplesPerChannel}`,
    );
  }
  const minmax = header.kind === 'minmax';
  const channels = header.channels.map((c, k): ReviewChannel => {
    const block = frame.channels[k]!;
    const min = toNullable(block, 0, minmax ? 2 : 1, header.pixels);
    return { ...c, min, max: minmax ? toNullable(block, 1, 2, header.pixels) : min };
  });
  return { ...header, channels };
}
