/**
 * The connection's binary-frame dispatch (src-renderer/connection/BinaryFrames.ts), driven by frames the
 * shared codecs encode: each kind reaches its own listeners and no one else's, in order; a message that
 * does not read is counted once and handed to nobody; a review reply that does not read fails its request.
 */
import { describe, expect, it } from 'vitest';
import { encodeFleetWaveformBundle } from '../../../shared/codec/fleetWaveformBundle';
import { encodeFleetWaveformFrame } from '../../../shared/codec/fleetWaveformFrame';
import { encodeFrame, FrameFlags, FrameKind, type FrameKindValue } from '../../../shared/codec/frame';
import { encodeReviewFrame } from '../../../shared/codec/reviewFrame';
import type { AcquisitionReviewMessage } from '../../../shared/protocol/review';
import { REVIEW_REPLY } from './reviewReply';
import type { ServerMessage } from '../../../shared/protocol/server';
import { BinaryFrames } from '../../../src-renderer/connection/BinaryFrames';
import { RequestError } from '../../../src-renderer/connection/connectionTypes';
import { HandlerRegistry } from '../../../src-renderer/connection/HandlerRegistry';
import type { StreamTracker } from '../../../src-renderer/connection/StreamTracker';
import { trackerWithStream } from './startedStream';

/** Everything the dispatch did, in the order it did it. */
type Call =
  | ['trackSeq', number, number]
  | ['frame', number, number]
  | ['stream', string, number]
  | ['fleet', number]
  | ['deliver', ServerMessage]
  | ['refuse', number, RequestError]
  | ['tookFlush', number]
  | ['countError']
  | ['countUnknownStream']
  | ['listenerFailed', string];

/**
 * A dispatch wired to a real tracker and registry, with stream 7 started as `psu_1/readings/2`. With
 * `throwingFirst`, a frame listener and a fleet listener that throw come before the recording ones.
 */
function harness({ throwingFirst = false } = {}): {
  frames: BinaryFrames;
  calls: Call[];
  streams: StreamTracker;
} {
  const calls: Call[] = [];
  const streams = trackerWithStream('psu_1/readings/2', { encoding: 'binary', channel: 2 });
  const handlers = new HandlerRegistry();
  handlers.onStream('psu_1/readings/2', (data) => {
    if ('streamId' in data) calls.push(['stream', 'psu_1/readings/2', data.seq]);
  });
  const frames = new BinaryFrames({
    streams,
    handlers,
    trackSeq: (streamId, seq) => calls.push(['trackSeq', streamId, seq]),
    deliver: (message) => calls.push(['deliver', message]),
    refuse: (requestId, error) => calls.push(['refuse', requestId, error]),
    tookFlush: (flush) => calls.push(['tookFlush', flush]),
    countError: () => calls.push(['countError']),
    countUnknownStream: () => calls.push(['countUnknownStream']),
    listenerFailed: (error) => calls.push(['listenerFailed', (error as Error).message]),
  });
  if (throwingFirst) {
    frames.onFrame((frame) => {
      throw new Error(`frame listener threw on seq ${frame.seq}`);
    });
    frames.onFleetWaveform((waveform) => {
      throw new Error(`fleet listener threw on channel ${waveform.channel}`);
    });
  }
  frames.onFrame((frame) => calls.push(['frame', frame.streamId, frame.seq]));
  frames.onFleetWaveform((waveform) => calls.push(['fleet', waveform.channel]));
  return { frames, calls, streams };
}

/** A sample frame of `kind` (waveform, acquisition block, readings batch): two channels, three values. */
function sampleFrame(kind: FrameKindValue, streamId = 7, seq = 3): ArrayBuffer {
  return encodeFrame(
    {
      kind,
      flags: kind === FrameKind.waveform ? FrameFlags.minMax : 0,
      streamId,
      seq,
      t0Ms: 1_765_000_000_000,
      dtS: 0.001,
      channelMask: 0b11,
      samplesPerChannel: 4,
      x0: 0,
    },
    [new Float32Array([1, 2, 3, 4]), new Float32Array([5, 6, 7, 8])],
  );
}

/** A fleet bench's waveform frame (kind 5) for scope channel `channel`. */
function fleetFrame(channel = 2): Uint8Array {
  return encodeFleetWaveformFrame(
    {
      bench: 'rig-1',
      equipment_id: 'scope_1',
      channel,
      timestamp: 1_765_000_000_000,
      sample_rate_hz: 1e6,
      x0_s: -0.005,
      samples: 10_000,
    },
    new Float32Array([-1, 1, -0.5, 0.5]),
  );
}

/** A fleet frame whose mask claims two channels for its one block: reads as inconsistent. */
function inconsistentFleetFrame(): Uint8Array {
  const bytes = fleetFrame().slice();
  new DataView(bytes.buffer).setUint32(40, 0b11, true);
  return bytes;
}

const asBuffer = (bytes: Uint8Array): ArrayBuffer => bytes.slice().buffer;

const REVIEW: AcquisitionReviewMessage = { ...REVIEW_REPLY, request_id: 12 };

describe('BinaryFrames', () => {
  it.each([
    ['waveform', FrameKind.waveform],
    ['acquisition block', FrameKind.acquisitionBlock],
    ['readings batch', FrameKind.readingsBatch],
  ])('tracks a %s frame, then hands it to the frame listeners, then to its stream', (_, kind) => {
    const { frames, calls } = harness();
    frames.take(sampleFrame(kind));
    expect(calls).toEqual([
      ['trackSeq', 7, 3],
      ['frame', 7, 3],
      ['stream', 'psu_1/readings/2', 3],
    ]);
  });

  it('hands a frame the listeners decoded, as views over the bytes received', () => {
    const { frames } = harness();
    const got: unknown[] = [];
    frames.onFrame((frame) => got.push(frame));
    const bytes = sampleFrame(FrameKind.waveform);
    frames.take(bytes);
    expect(got).toHaveLength(1);
    const frame = got[0] as { channels: Float32Array[]; channelNumbers: number[]; flags: number };
    expect(frame.channelNumbers).toEqual([1, 2]);
    expect(frame.channels.map((c) => Array.from(c))).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ]);
    expect(frame.channels[0]!.buffer).toBe(bytes);
    expect(frame.flags).toBe(FrameFlags.minMax);
  });

  it('drops a frame of a stream id this session never started, counts it, and hands it to nobody', () => {
    const { frames, calls } = harness();
    frames.take(sampleFrame(FrameKind.readingsBatch, 8, 0));
    // Counted apart from frames that do not read: this one reads, and is only out of turn.
    expect(calls).toEqual([['countUnknownStream']]);
  });

  it('drops and counts a frame of a stream once its stopped message came (the server sends none after)', () => {
    const { frames, calls, streams } = harness();
    frames.take(sampleFrame(FrameKind.waveform, 7, 3));
    streams.stopped(7);
    frames.take(sampleFrame(FrameKind.waveform, 7, 4));
    expect(calls).toEqual([
      ['trackSeq', 7, 3],
      ['frame', 7, 3],
      ['stream', 'psu_1/readings/2', 3],
      ['countUnknownStream'],
    ]);
  });

  it('hands an acquisition live view’s block to the frame listeners while the view runs, then drops it', () => {
    const { frames, calls, streams } = harness();
    const VIEW = 2 ** 31;
    streams.viewStarted(VIEW);
    frames.take(sampleFrame(FrameKind.acquisitionBlock, VIEW, 0));
    streams.viewStopped(VIEW);
    frames.take(sampleFrame(FrameKind.acquisitionBlock, VIEW, 1));
    // AcquisitionViews routes a view's blocks by its id: no stream handler has it.
    expect(calls).toEqual([['trackSeq', VIEW, 0], ['frame', VIEW, 0], ['countUnknownStream']]);
  });

  it.each([
    ['shorter than the header', () => sampleFrame(FrameKind.waveform).slice(0, 40)],
    ['cut short in its blocks', () => sampleFrame(FrameKind.waveform).slice(0, 56 + 4 * 7)],
    ['of an unknown kind', () => withByte(sampleFrame(FrameKind.waveform), 5, 7)],
    ['of another version', () => withByte(sampleFrame(FrameKind.waveform), 4, 2)],
    ['without the magic', () => withByte(sampleFrame(FrameKind.waveform), 0, 0)],
  ])('counts a frame %s once and hands it to nobody', (_, bytes) => {
    const { frames, calls } = harness();
    frames.take(bytes());
    expect(calls).toEqual([['countError']]);
  });

  it('delivers a review reply (kind 4) as its JSON twin, to nothing else', () => {
    const { frames, calls } = harness();
    frames.take(encodeReviewFrame(REVIEW));
    expect(calls).toEqual([['deliver', REVIEW]]);
  });

  it('counts a review reply that does not read and refuses its request with the reason', () => {
    const { frames, calls } = harness();
    const bytes = encodeReviewFrame(REVIEW);
    frames.take(bytes.slice(0, bytes.byteLength - 4));
    expect(calls).toHaveLength(2);
    expect(calls[0]).toEqual(['countError']);
    const [what, requestId, error] = calls[1] as ['refuse', number, RequestError];
    expect([what, requestId]).toEqual(['refuse', 12]);
    expect(error).toBeInstanceOf(RequestError);
    expect(error.code).toBe('bad_frame');
    expect(error.message).toMatch(/^review reply refused: frame is \d+ bytes, header says \d+$/);
  });

  it('counts a review reply cut inside its JSON header, with no request to refuse', () => {
    const { frames, calls } = harness();
    frames.take(encodeReviewFrame(REVIEW).slice(0, 64));
    expect(calls).toEqual([['countError']]);
  });

  it('hands a fleet waveform (kind 5) to the fleet listeners only, decoded', () => {
    const { frames, calls } = harness();
    const got: unknown[] = [];
    frames.onFleetWaveform((waveform) => got.push(waveform));
    frames.take(asBuffer(fleetFrame()));
    expect(calls).toEqual([['fleet', 2]]);
    expect(got[0]).toMatchObject({ bench: 'rig-1', equipment_id: 'scope_1', channel: 2, columns: 2 });
  });

  it('counts a cut or inconsistent fleet waveform once each and hands it to nobody', () => {
    const { frames, calls } = harness();
    const bytes = fleetFrame();
    frames.take(asBuffer(bytes.subarray(0, bytes.length - 4)));
    frames.take(asBuffer(inconsistentFleetFrame()));
    expect(calls).toEqual([['countError'], ['countError']]);
  });

  it('hands a bundle’s (kind 6) waveforms on in order, then reports its flush taken', () => {
    const { frames, calls } = harness();
    frames.take(encodeFleetWaveformBundle([fleetFrame(2), fleetFrame(4), fleetFrame(1)], 7).buffer);
    expect(calls).toEqual([
      ['fleet', 2],
      ['fleet', 4],
      ['fleet', 1],
      ['tookFlush', 7],
    ]);
  });

  it('reports no flush for a bundle that is not numbered (flush 0)', () => {
    const { frames, calls } = harness();
    frames.take(encodeFleetWaveformBundle([fleetFrame(3)]).buffer);
    expect(calls).toEqual([['fleet', 3]]);
  });

  it('counts a bundle with one bad frame once and hands none of it on, nor its flush', () => {
    const { frames, calls } = harness();
    frames.take(encodeFleetWaveformBundle([fleetFrame(), inconsistentFleetFrame()], 9).buffer);
    const cut = encodeFleetWaveformBundle([fleetFrame()], 10);
    frames.take(cut.slice(0, cut.length - 8).buffer);
    expect(calls).toEqual([['countError'], ['countError']]);
  });

  it('reports a frame listener that throws and still calls the next ones and the stream’s handlers', () => {
    const { frames, calls } = harness({ throwingFirst: true });
    frames.take(sampleFrame(FrameKind.waveform));
    expect(calls).toEqual([
      ['trackSeq', 7, 3],
      ['listenerFailed', 'frame listener threw on seq 3'],
      ['frame', 7, 3],
      ['stream', 'psu_1/readings/2', 3],
    ]);
  });

  it('reports a fleet listener that throws and still hands on a bundle’s every waveform, then its flush', () => {
    const { frames, calls } = harness({ throwingFirst: true });
    frames.take(encodeFleetWaveformBundle([fleetFrame(2), fleetFrame(4)], 7).buffer);
    // Without the flush the page never acknowledges it, and the backend holds every bench's next flush
    // until its ack timeout.
    expect(calls).toEqual([
      ['listenerFailed', 'fleet listener threw on channel 2'],
      ['fleet', 2],
      ['listenerFailed', 'fleet listener threw on channel 4'],
      ['fleet', 4],
      ['tookFlush', 7],
    ]);
    frames.take(asBuffer(fleetFrame(1)));
    expect(calls.slice(5)).toEqual([
      ['listenerFailed', 'fleet listener threw on channel 1'],
      ['fleet', 1],
    ]);
  });

  it('stops handing frames to a listener once it unsubscribed', () => {
    const { frames, calls } = harness();
    const late: unknown[] = [];
    const offFrame = frames.onFrame((frame) => late.push(frame));
    const offFleet = frames.onFleetWaveform((waveform) => late.push(waveform));
    offFrame();
    offFleet();
    frames.take(sampleFrame(FrameKind.waveform));
    frames.take(asBuffer(fleetFrame()));
    expect(late).toEqual([]);
    expect(calls.map((c) => c[0])).toEqual(['trackSeq', 'frame', 'stream', 'fleet']);
  });
});

/** A copy of `bytes` with the byte at `offset` set to `value`. */
function withByte(bytes: ArrayBuffer, offset: number, value: number): ArrayBuffer {
  const copy = bytes.slice(0);
  new Uint8Array(copy)[offset] = value;
  return copy;
}
