/**
 * Several fleet waveform frames (kind 5) as ONE binary message (kind 6, docs/PROTOCOL.md "Binary
 * frames"): what a dashboard's backend sends a session for all the waveforms of one flush. The page then
 * takes one message (one task) per flush instead of one per channel — 800 a second for 20 benches' scopes
 * were most of what the page received (docs/BENCHMARKS.md, "The page's rendering cost, traced per frame").
 *
 * Layout: the generic 56-byte header (kind 6; `seq` is the flush number, 0 for a session that does not
 * acknowledge flushes; `samples_per_channel` is the number of frames; every other field 0), then per
 * frame a u32 byte length, a u32 0, and the kind-5 frame's bytes unchanged. A kind-5 frame is a multiple
 * of 8 bytes long, so every frame — and its float32 values — stays 8-byte aligned in the bundle.
 * Reading checks the whole bundle, every frame included, before handing any out: a bad one is refused
 * whole with a sentence saying which frame and what.
 */
import { decodeFleetWaveformFrame, type FleetWaveformFrame } from './fleetWaveformFrame.js';
import {
  checkFramePreamble,
  FRAME_HEADER_BYTES,
  FRAME_MAGIC,
  FRAME_VERSION,
  FrameDecodeError,
  FrameKind,
} from './frame.js';

/** A bundle of fleet waveform frames that cannot be read. */
export class FleetWaveformBundleError extends FrameDecodeError {
  override name = 'FleetWaveformBundleError';
}

/** Bytes before each frame: its length (u32) and a u32 0 that keeps the frame 8-byte aligned. */
const ENTRY_PREFIX_BYTES = 8;

export interface FleetWaveformBundle {
  /** The flush these waveforms went out in (the number `fleet_ack` acknowledges); 0: not numbered. */
  flush: number;
  /** In the order the backend wrote them; values are views over the bundle's bytes. */
  waveforms: FleetWaveformFrame[];
}

/**
 * Bundles kind-5 frames (as received from NATS, checked by the backend) into one message: one copy of
 * each frame's bytes into a new buffer.
 * @throws RangeError for no frames, a frame whose length is not a multiple of 8 (not a kind-5 frame), or a
 *   flush number outside 0..2^32-1.
 */
export function encodeFleetWaveformBundle(frames: readonly Uint8Array[], flush = 0): Uint8Array<ArrayBuffer> {
  if (frames.length === 0) throw new RangeError('a fleet waveform bundle needs at least one frame');
  if (!Number.isInteger(flush) || flush < 0 || flush > 0xffff_ffff)
    throw new RangeError(`flush ${flush} is not in 0..2^32-1`);
  let total = FRAME_HEADER_BYTES;
  for (const [i, frame] of frames.entries()) {
    if (frame.byteLength < FRAME_HEADER_BYTES || frame.byteLength % 8 !== 0)
      throw new RangeError(`frame ${i}: ${frame.byteLength} bytes is not a fleet waveform frame's length`);
    total += ENTRY_PREFIX_BYTES + frame.byteLength;
  }
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, FRAME_MAGIC, true);
  view.setUint8(4, FRAME_VERSION);
  view.setUint8(5, FrameKind.fleetWaveformBundle);
  view.setUint32(12, flush, true);
  view.setUint32(36, frames.length, true);
  let at = FRAME_HEADER_BYTES;
  for (const frame of frames) {
    view.setUint32(at, frame.byteLength, true);
    bytes.set(frame, at + ENTRY_PREFIX_BYTES);
    at += ENTRY_PREFIX_BYTES + frame.byteLength;
  }
  return bytes;
}

/** Whether `input` is a frame of kind 6 (by its magic and kind only; reading it checks the rest). */
export function isFleetWaveformBundle(input: ArrayBuffer): boolean {
  if (input.byteLength < FRAME_HEADER_BYTES) return false;
  const view = new DataView(input, 0, FRAME_HEADER_BYTES);
  return view.getUint32(0, true) === FRAME_MAGIC && view.getUint8(5) === FrameKind.fleetWaveformBundle;
}

function fail(message: string): never {
  throw new FleetWaveformBundleError(`fleet waveform bundle: ${message}`);
}

/**
 * Splits a bundle into its kind-5 frames (views over its bytes), checking the bundle's own layout but not
 * the frames; what a reader that forwards or compares the bytes needs.
 * @throws FleetWaveformBundleError naming what is wrong.
 */
export function splitFleetWaveformBundle(input: ArrayBuffer | ArrayBufferView): {
  flush: number;
  frames: Uint8Array[];
} {
  const bytes = ArrayBuffer.isView(input)
    ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength)
    : new Uint8Array(input);
  const length = bytes.byteLength;
  const view = checkFramePreamble(bytes, FrameKind.fleetWaveformBundle, fail);
  const count = view.getUint32(36, true);
  if (count === 0) fail('holds no frames');
  const frames: Uint8Array[] = [];
  let at = FRAME_HEADER_BYTES;
  for (let i = 0; i < count; i++) {
    const which = `frame ${i + 1} of ${count}`;
    if (at + ENTRY_PREFIX_BYTES > length) fail(`${which}: cut short before its length (${length} bytes)`);
    const frameBytes = view.getUint32(at, true);
    if (frameBytes < FRAME_HEADER_BYTES || frameBytes % 8 !== 0)
      fail(`${which}: length ${frameBytes} is not a fleet waveform frame's (56 or more, a multiple of 8)`);
    const start = at + ENTRY_PREFIX_BYTES;
    if (start + frameBytes > length)
      fail(`${which}: ${frameBytes} bytes at ${start} run past the end (${length} bytes)`);
    frames.push(bytes.subarray(start, start + frameBytes));
    at = start + frameBytes;
  }
  if (at !== length) fail(`${length - at} bytes after the last of its ${count} frames`);
  return { flush: view.getUint32(12, true), frames };
}

/** Reads a whole bundle, every frame checked. @throws FleetWaveformBundleError naming what is wrong. */
export function decodeFleetWaveformBundle(input: ArrayBuffer | ArrayBufferView): FleetWaveformBundle {
  const { flush, frames } = splitFleetWaveformBundle(input);
  const waveforms = frames.map((frame, i) => {
    try {
      return decodeFleetWaveformFrame(frame);
    } catch (err) {
      if (!(err instanceof FrameDecodeError)) throw err;
      return fail(`frame ${i + 1} of ${frames.length}: ${err.message}`);
    }
  });
  return { flush, waveforms };
}
