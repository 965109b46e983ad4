/**
 * Fleet waveforms as binary frames (shared/codec/fleetWaveformFrame.ts, kind 5): what a bench encodes
 * reads back exactly (header and float32 min/max), through the generic frame reader too; a frame that is
 * cut, padded, of another kind, or whose fields disagree with each other is refused with a sentence that
 * says which.
 */
import { describe, expect, it } from 'vitest';
import {
  decodeFleetWaveformFrame,
  encodeFleetWaveformFrame,
  FleetWaveformFrameError,
  type FleetWaveformHeader,
  isFleetWaveformFrame,
  readFleetWaveformHeader,
} from '../../../shared/codec/fleetWaveformFrame.js';
import { decodeFrame, FRAME_HEADER_BYTES, FrameFlags, FrameKind } from '../../../shared/codec/frame.js';

const HEADER: Omit<FleetWaveformHeader, 'columns'> = {
  bench: 'rig-7',
  equipment_id: 'scope_1',
  channel: 3,
  timestamp: 1_765_069_200_123.5,
  sample_rate_hz: 1e6,
  x0_s: -0.005,
  samples: 10_000,
};

/** 600 columns of a sine's min/max, as a bench's decimation gives. */
function pairs(columns = 600): Float32Array {
  const out = new Float32Array(columns * 2);
  for (let i = 0; i < columns; i++) {
    const v = Math.sin(i / 20);
    out[2 * i] = v - 0.01;
    out[2 * i + 1] = v + 0.01;
  }
  return out;
}

function patched(change: (view: DataView, bytes: Uint8Array) => void): Uint8Array {
  const bytes = encodeFleetWaveformFrame(HEADER, pairs(4));
  change(new DataView(bytes.buffer), bytes);
  return bytes;
}

/** The frame with its JSON header replaced by `meta` (the length fields fixed to match). */
function withMeta(meta: string): Uint8Array {
  const good = encodeFleetWaveformFrame(HEADER, pairs(4));
  const metaBytes = new TextEncoder().encode(meta);
  const blocksAt = FRAME_HEADER_BYTES + Math.ceil(metaBytes.length / 8) * 8;
  const out = new Uint8Array(blocksAt + 8 * 4).fill(0x20, FRAME_HEADER_BYTES, blocksAt);
  out.set(good.subarray(0, FRAME_HEADER_BYTES));
  out.set(metaBytes, FRAME_HEADER_BYTES);
  out.set(good.subarray(good.length - 32), blocksAt);
  new DataView(out.buffer).setUint32(44, metaBytes.length, true);
  return out;
}

function refused(bytes: Uint8Array, reason: RegExp): void {
  expect(() => decodeFleetWaveformFrame(bytes)).toThrow(FleetWaveformFrameError);
  expect(() => readFleetWaveformHeader(bytes)).toThrow(reason);
}

describe('fleet waveform frames (kind 5)', () => {
  it('round-trips the header and the float32 min/max pairs', () => {
    const values = pairs();
    const bytes = encodeFleetWaveformFrame(HEADER, values);
    expect(isFleetWaveformFrame(bytes)).toBe(true);
    // 56-byte header, a JSON header padded to 8, 4 bytes a value: 5,000 bytes smaller than 1,200 JSON numbers.
    expect(bytes.length % 8).toBe(0);
    expect(bytes.length).toBeLessThan(FRAME_HEADER_BYTES + 128 + 1_200 * 4);
    const frame = decodeFleetWaveformFrame(bytes.slice().buffer);
    expect(frame).toMatchObject({ ...HEADER, columns: 600 });
    expect(frame.min_max).toEqual(values);
    expect(readFleetWaveformHeader(bytes)).toEqual({ ...HEADER, columns: 600 });
  });

  it('reads a frame at an odd offset (a NATS payload inside a larger buffer) by copying it once', () => {
    const bytes = encodeFleetWaveformFrame(HEADER, pairs(8));
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    const frame = decodeFleetWaveformFrame(shifted.subarray(3));
    expect(frame.min_max).toEqual(pairs(8));
    expect(readFleetWaveformHeader(shifted.subarray(3)).channel).toBe(3);
  });

  it('is a well-formed frame to the generic reader: one channel of min/max pairs, dt between pairs', () => {
    const frame = decodeFrame(encodeFleetWaveformFrame(HEADER, pairs()).slice().buffer);
    expect(frame.kind).toBe(FrameKind.fleetWaveform);
    expect(frame.flags & FrameFlags.minMax).toBe(FrameFlags.minMax);
    expect(frame.channelNumbers).toEqual([3]);
    expect(frame.samplesPerChannel).toBe(1_200);
    expect(frame.t0Ms).toBe(HEADER.timestamp);
    expect(frame.x0).toBe(HEADER.x0_s);
    expect(frame.dtS).toBeCloseTo(10_000 / 600 / 1e6, 15);
    expect(JSON.parse(frame.meta ?? '')).toEqual({
      bench: 'rig-7',
      equipment_id: 'scope_1',
      sample_rate_hz: 1e6,
      samples: 10_000,
    });
  });

  it('gives each frame its own header when frames of several records and benches follow one another', () => {
    // A record's channels share their JSON header, encoded once: a frame with another must not get it.
    const headers = [
      HEADER,
      { ...HEADER, channel: 4 },
      { ...HEADER, bench: 'rig-8' },
      { ...HEADER, bench: 'rig-8', equipment_id: 'scope_2' },
      { ...HEADER, bench: 'rig-8', equipment_id: 'scope_2', sample_rate_hz: 2e6 },
      { ...HEADER, bench: 'rig-8', equipment_id: 'scope_2', sample_rate_hz: 2e6, samples: 20_000 },
      HEADER,
    ];
    for (const header of headers) {
      expect(readFleetWaveformHeader(encodeFleetWaveformFrame(header, pairs()))).toEqual({
        ...header,
        columns: 600,
      });
    }
    // A refused header leaves nothing behind for the next frame.
    expect(() => encodeFleetWaveformFrame({ ...HEADER, bench: 'a.b' }, pairs())).toThrow();
    expect(readFleetWaveformHeader(encodeFleetWaveformFrame(HEADER, pairs()))).toEqual({
      ...HEADER,
      columns: 600,
    });
  });

  it('refuses to encode what no reader would take', () => {
    expect(() => encodeFleetWaveformFrame(HEADER, new Float32Array(3))).toThrow(RangeError);
    expect(() => encodeFleetWaveformFrame(HEADER, new Float32Array(0))).toThrow(RangeError);
    expect(() => encodeFleetWaveformFrame({ ...HEADER, channel: 0 }, pairs(2))).toThrow(RangeError);
    expect(() => encodeFleetWaveformFrame({ ...HEADER, samples: 1 }, pairs(2))).toThrow(RangeError);
    expect(() => encodeFleetWaveformFrame({ ...HEADER, bench: 'a.b' }, pairs(2))).toThrow();
  });

  it('refuses a cut frame and one with bytes after its values', () => {
    const bytes = encodeFleetWaveformFrame(HEADER, pairs(4));
    refused(bytes.subarray(0, bytes.length - 4), /cut short/);
    refused(bytes.subarray(0, 20), /shorter than the 56-byte header/);
    const longer = new Uint8Array(bytes.length + 8);
    longer.set(bytes);
    refused(longer, /its header says/);
  });

  it('refuses another magic, version or kind, and values that are not min/max pairs', () => {
    refused(
      patched((v) => v.setUint32(0, 0, true)),
      /bad magic/,
    );
    refused(
      patched((v) => v.setUint8(4, 2)),
      /version 2/,
    );
    refused(
      patched((v) => v.setUint8(5, FrameKind.waveform)),
      /kind 1, expected 5/,
    );
    refused(
      patched((v) => v.setUint16(6, 0, true)),
      /not min\/max pairs/,
    );
  });

  it('refuses a frame whose fields disagree: channels, value count, dt, samples', () => {
    refused(
      patched((v) => v.setUint32(40, 0b101, true)),
      /one channel per frame/,
    );
    refused(
      patched((v) => v.setUint32(40, 0, true)),
      /one channel per frame/,
    );
    // 7 values and a length to match them: not pairs.
    const odd = encodeFleetWaveformFrame(HEADER, pairs(4)).subarray(0, -4);
    new DataView(odd.buffer, odd.byteOffset).setUint32(36, 7, true);
    refused(odd, /7 values per channel/);
    refused(
      patched((v) => v.setFloat64(24, 1e-3, true)),
      /dt_s 0.001 disagrees/,
    );
    refused(
      patched((v) => v.setFloat64(16, Number.NaN, true)),
      /finite/,
    );
    refused(withMeta(JSON.stringify({ ...JSON.parse(metaOf()), samples: 3 })), /4 columns from 3 samples/);
  });

  it('refuses a JSON header that is not JSON, or not a valid one, naming the field', () => {
    refused(withMeta('{"bench":'), /not JSON/);
    refused(withMeta(JSON.stringify({ ...JSON.parse(metaOf()), bench: 'a b' })), /JSON header: bench:/);
    refused(withMeta(JSON.stringify({ ...JSON.parse(metaOf()), sample_rate_hz: -1 })), /sample_rate_hz/);
    refused(withMeta(JSON.stringify({ ...JSON.parse(metaOf()), extra: 1 })), /JSON header/);
  });

  // The header is checked by hand when well formed (no looser than the schema); everything else is
  // judged by the schema, which names the field: each of these must still be refused so.
  it.each([
    ['samples', { samples: 1.5 }],
    ['samples', { samples: 0 }],
    ['samples', { samples: 2 ** 53 }],
    ['samples', { samples: '10000' }],
    ['sample_rate_hz', { sample_rate_hz: 0 }],
    ['sample_rate_hz', { sample_rate_hz: '1e6' }],
    ['bench', { bench: '' }],
    ['bench', { bench: 'x'.repeat(65) }],
    ['bench', { bench: 7 }],
    ['equipment_id', { equipment_id: 'scope.1' }],
    ['equipment_id', { equipment_id: undefined }],
  ])('refuses a JSON header whose %s is out of the schema, naming it', (field, change) => {
    refused(
      withMeta(JSON.stringify({ ...JSON.parse(metaOf()), ...change })),
      new RegExp(`JSON header: ${field}`),
    );
  });

  it('refuses a JSON header of infinite rate, a list or null, and takes one with its keys in another order', () => {
    refused(
      withMeta(metaOf().replace(/"sample_rate_hz":[^,}]+/, '"sample_rate_hz":1e999')),
      /sample_rate_hz/,
    );
    refused(withMeta('[]'), /JSON header/);
    refused(withMeta('null'), /JSON header/);
    const meta = JSON.parse(metaOf()) as Record<string, unknown>;
    const reordered = Object.fromEntries(Object.entries(meta).reverse());
    expect(readFleetWaveformHeader(withMeta(JSON.stringify(reordered)))).toMatchObject({
      bench: 'rig-7',
      equipment_id: 'scope_1',
      samples: 10_000,
    });
  });
});

function metaOf(): string {
  return decodeFrame(encodeFleetWaveformFrame(HEADER, pairs(4)).slice().buffer).meta ?? '';
}
