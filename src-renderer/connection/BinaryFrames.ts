/**
 * What the connection does with a binary WebSocket message (docs/PROTOCOL.md "Binary frames"): tells its
 * kind from the preamble, reads it with the shared codec and hands it on — a review reply (kind 4) as its
 * JSON twin would be delivered, a fleet waveform (kind 5) or a flush's bundle of them (kind 6) to the fleet
 * listeners, any other frame (waveform, acquisition block, readings batch) to the raw frame listeners and
 * its stream's handlers. A message that does not read, or a sample frame whose stream id is no stream or
 * live view of this session, is counted (each in its own figure) and handed to nobody; a review reply that
 * does not read also fails its request at once rather than leaving it to time out. Each listener is called
 * on its own (callEach): one that throws is reported and keeps nothing from the others, the stream's
 * handlers or the flush's ack.
 *
 * Apart from ConnectionManager.ts, which keeps the socket's life cycle: what this needs of the connection
 * is passed in (BinaryFramesOptions), so it is driven in tests by encoded frames alone.
 */
import {
  decodeFleetWaveformBundle,
  type FleetWaveformBundle,
  FleetWaveformBundleError,
  isFleetWaveformBundle,
} from '../../shared/codec/fleetWaveformBundle';
import {
  decodeFleetWaveformFrame,
  FleetWaveformFrameError,
  isFleetWaveformFrame,
  type FleetWaveformFrame,
} from '../../shared/codec/fleetWaveformFrame';
import { decodeFrame, type DecodedFrame } from '../../shared/codec/frame';
import { decodeReviewFrame, isReviewFrame, ReviewFrameError } from '../../shared/codec/reviewFrame';
import type { ServerMessage } from '../../shared/protocol/server';
import { callEach } from './callEach';
import { RequestError } from './connectionTypes';
import type { HandlerRegistry } from './HandlerRegistry';
import type { StreamTracker } from './StreamTracker';

export interface BinaryFramesOptions {
  /**
   * Which stream of the current session a frame's stream id stands for (its key routes the frame), and
   * whether the id is one of the session's streams or live views at all.
   */
  streams: Pick<StreamTracker, 'get' | 'knows'>;
  /** Per-stream handlers, by stream key. */
  handlers: Pick<HandlerRegistry, 'dispatchStream'>;
  /** Records a sample frame's seq for its stream (gaps, rate); called before anyone sees the frame. */
  trackSeq(streamId: number, seq: number): void;
  /** A review reply read from its frame: delivered as the JSON reply would be (request, handlers). */
  deliver(message: ServerMessage): void;
  /** Fails request `requestId` now with `error`, if it is still pending. */
  refuse(requestId: number, error: RequestError): void;
  /** A numbered fleet flush was taken (its bundle's waveforms handed on): to be acknowledged. */
  tookFlush(flush: number): void;
  /** A binary message that did not read (`stats.errors`). */
  countError(): void;
  /** A frame that reads but is of no stream or live view of this session (`stats.unknownStreamData`). */
  countUnknownStream(): void;
  /** What a frame or fleet waveform listener threw (the others are called all the same). */
  listenerFailed(error: unknown): void;
}

export class BinaryFrames {
  readonly #o: BinaryFramesOptions;
  readonly #frameListeners = new Set<(frame: DecodedFrame) => void>();
  readonly #fleetWaveformListeners = new Set<(waveform: FleetWaveformFrame) => void>();

  constructor(options: BinaryFramesOptions) {
    this.#o = options;
  }

  /**
   * Sample frames (kinds 1–3), decoded (views over the received bytes): every one that reads and belongs
   * to a stream or acquisition live view this session started and has not seen stopped.
   */
  onFrame(listener: (frame: DecodedFrame) => void): () => void {
    this.#frameListeners.add(listener);
    return () => this.#frameListeners.delete(listener);
  }

  /** Fleet waveforms (kind 5, one at a time or a flush's worth bundled as kind 6), decoded and checked. */
  onFleetWaveform(listener: (waveform: FleetWaveformFrame) => void): () => void {
    this.#fleetWaveformListeners.add(listener);
    return () => this.#fleetWaveformListeners.delete(listener);
  }

  /** One binary message as received. */
  take(data: ArrayBuffer): void {
    if (isReviewFrame(data)) return this.#takeReview(data);
    if (isFleetWaveformFrame(data)) return this.#takeFleetWaveform(data);
    if (isFleetWaveformBundle(data)) return this.#takeFleetWaveformBundle(data);
    let frame: DecodedFrame;
    try {
      frame = decodeFrame(data);
    } catch {
      this.#o.countError();
      return;
    }
    // The server sends a stream's frames only between its started and stopped messages, and the id stays
    // known until the stopped one arrives, so frames still on their way when a stream is stopped are
    // taken: any other id is a peer's mistake (docs/PROTOCOL.md "Binary frames").
    if (!this.#o.streams.knows(frame.streamId)) {
      this.#o.countUnknownStream();
      return;
    }
    this.#o.trackSeq(frame.streamId, frame.seq);
    callEach(this.#frameListeners, frame, this.#o.listenerFailed);
    const stream = this.#o.streams.get(frame.streamId);
    if (stream) this.#o.handlers.dispatchStream(stream.key, frame);
  }

  /**
   * A review reply sent as a binary frame: delivered as the JSON reply would be, or — a frame that does not
   * read — its request is refused with the decoder's reason at once rather than left to time out.
   */
  #takeReview(data: ArrayBuffer): void {
    try {
      this.#o.deliver(decodeReviewFrame(data));
    } catch (err) {
      if (!(err instanceof ReviewFrameError)) throw err;
      this.#o.countError();
      if (typeof err.requestId === 'number')
        this.#o.refuse(err.requestId, new RequestError('bad_frame', err.message));
    }
  }

  #takeFleetWaveform(data: ArrayBuffer): void {
    let waveform: FleetWaveformFrame;
    try {
      waveform = decodeFleetWaveformFrame(data);
    } catch (err) {
      if (!(err instanceof FleetWaveformFrameError)) throw err;
      this.#o.countError();
      return;
    }
    callEach(this.#fleetWaveformListeners, waveform, this.#o.listenerFailed);
  }

  /** A flush's waveforms in one message (kind 6): checked whole, then each handed on as a kind-5 frame is. */
  #takeFleetWaveformBundle(data: ArrayBuffer): void {
    let bundle: FleetWaveformBundle;
    try {
      bundle = decodeFleetWaveformBundle(data);
    } catch (err) {
      if (!(err instanceof FleetWaveformBundleError)) throw err;
      this.#o.countError();
      return;
    }
    for (const waveform of bundle.waveforms)
      callEach(this.#fleetWaveformListeners, waveform, this.#o.listenerFailed);
    if (bundle.flush > 0) this.#o.tookFlush(bundle.flush);
  }
}
