/**
 * Bundles of fleet waveform frames (shared/codec/fleetWaveformBundle.ts, kind 6): the frames of one flush
 * read back exactly, in order, with the flush number; a bundle that is cut, padded, of another kind, or
 * holds one bad frame is refused whole with a sentence naming the frame and what is wrong.
 */
import { describe, expect, it } from 'vitest';
import {
  decodeFleetWaveformBundle,
  encodeFleetWaveformBundle,
  FleetWaveformBundleError,
  isFleetWaveformBundle,
} from '../../../shared/codec/fleetWaveformBundle.js';
import {
  encodeFleetWaveformFrame,
  type FleetWaveformHeader,
  isFleetWaveformFrame,
} from '../../../shared/codec/fleetWaveformFrame.js';
import { decodeFrame, FRAME_HEADER_BYTES, FrameKind } from '../../../shared/codec/frame.js';

function frame(bench: string, channel: number, columns = 600): Uint8Array {
  const header: Omit<FleetWaveformHeader, 'columns'> = {
    bench,
    equipment_id: 'scope_1',
    channel,
    timestamp: 1_765_069_200_000 + channel,
    sample_rate_hz: 1e6,
    x0_s: -0.005,
    samples: 10_000,
  };
  const values = new Float32Array(columns * 2).map((_, i) => Math.sin(i / 7) + channel);
  return encodeFleetWaveformFrame(header, values);
}

function refused(bytes: Uint8Array, reason: RegExp): void {
  expect(() => decodeFleetWaveformBundle(bytes)).toThrow(FleetWaveformBundleError);
  expect(() => decodeFleetWaveformBundle(bytes)).toThrow(reason);
}

describe('fleet waveform bundles (kind 6)', () => {
  it('round-trips every frame, in order, its values viewed in place, and the flush number', () => {
    const frames = [frame('rig-1', 1), frame('rig-1', 2), frame('rig-2', 4, 3)];
    const bytes = encodeFleetWaveformBundle(frames, 4_000_000_000);
    expect(bytes.length).toBe(FRAME_HEADER_BYTES + frames.reduce((n, f) => n + 8 + f.length, 0));
    expect(isFleetWaveformBundle(bytes.buffer)).toBe(true);
    expect(isFleetWaveformFrame(bytes)).toBe(false);
    const bundle = decodeFleetWaveformBundle(bytes.buffer);
    expect(bundle.flush).toBe(4_000_000_000);
    expect(bundle.waveforms.map((w) => [w.bench, w.channel, w.columns])).toEqual([
      ['rig-1', 1, 600],
      ['rig-1', 2, 600],
      ['rig-2', 4, 3],
    ]);
    for (const [i, w] of bundle.waveforms.entries()) {
      expect(w.min_max.buffer).toBe(bytes.buffer); // no copy: every frame stays 8-byte aligned
      const original = new Float32Array(frames[i]!.slice().buffer, frames[i]!.length - w.columns * 8);
      expect(w.min_max).toEqual(original);
    }
    expect(decodeFleetWaveformBundle(encodeFleetWaveformBundle([frame('a', 1)])).flush).toBe(0);
  });

  it('is not taken for a generic frame, nor a kind-5 frame for a bundle', () => {
    const bytes = encodeFleetWaveformBundle([frame('rig-1', 1)], 1);
    expect(() => decodeFrame(bytes.buffer)).toThrow(/unknown frame kind 6/);
    expect(isFleetWaveformBundle(frame('rig-1', 1).slice().buffer)).toBe(false);
    expect(isFleetWaveformBundle(new ArrayBuffer(8))).toBe(false);
  });

  it('refuses to encode no frames, a length that is no frame, or a flush number out of range', () => {
    expect(() => encodeFleetWaveformBundle([])).toThrow(RangeError);
    expect(() => encodeFleetWaveformBundle([new Uint8Array(60)])).toThrow(/frame 0: 60 bytes/);
    expect(() => encodeFleetWaveformBundle([frame('a', 1)], -1)).toThrow(RangeError);
    expect(() => encodeFleetWaveformBundle([frame('a', 1)], 2 ** 32)).toThrow(RangeError);
  });

  it('refuses a cut bundle, one with bytes after its last frame, and one with no frames', () => {
    const bytes = encodeFleetWaveformBundle([frame('rig-1', 1, 4), frame('rig-1', 2, 4)], 3);
    refused(bytes.subarray(0, 20), /shorter than the 56-byte header/);
    refused(bytes.subarray(0, bytes.length - 8), /frame 2 of 2: .* run past the end/);
    refused(bytes.subarray(0, FRAME_HEADER_BYTES + 4), /frame 1 of 2: cut short before its length/);
    const longer = new Uint8Array(bytes.length + 8);
    longer.set(bytes);
    refused(longer, /8 bytes after the last of its 2 frames/);
    const empty = bytes.slice(0, FRAME_HEADER_BYTES);
    new DataView(empty.buffer).setUint32(36, 0, true);
    refused(empty, /holds no frames/);
  });

  it('refuses another magic, version or kind', () => {
    const patched = (at: number, value: number): Uint8Array => {
      const bytes = encodeFleetWaveformBundle([frame('rig-1', 1, 4)]);
      bytes[at] = value;
      return bytes;
    };
    refused(patched(0, 0), /bad magic/);
    refused(patched(4, 2), /unsupported version 2/);
    refused(patched(5, FrameKind.fleetWaveform), /kind 5, expected 6/);
  });

  it('refuses the whole bundle for one bad frame, naming it and what is wrong with it', () => {
    const bytes = encodeFleetWaveformBundle([frame('rig-1', 1, 4), frame('rig-1', 2, 4)]);
    const secondAt = FRAME_HEADER_BYTES + 8 + frame('rig-1', 1, 4).length;
    const badKind = bytes.slice();
    badKind[secondAt + 8 + 5] = FrameKind.waveform;
    refused(badKind, /frame 2 of 2: fleet waveform frame: kind 1, expected 5/);
    const oddLength = bytes.slice();
    new DataView(oddLength.buffer).setUint32(secondAt, 60, true);
    refused(oddLength, /frame 2 of 2: length 60 is not a fleet waveform frame's/);
  });
});
