/**
 * Owns every live stream. Subscriptions belong to a connection (the owner); producers are shared per
 * (instrument, stream type, interval), start with their first subscriber and stop with their last. A stop
 * affects only the subscription that asked — unlike a global stream any client could stop for everyone.
 * A phase shift never forks a producer (that would cost a read per tick per client): one subscription per
 * producer, its phase leader, steers the shared grid; see `shift`.
 */
import {
  STREAM_TYPES,
  WAVEFORM_WIDTH_DEFAULT,
  WAVEFORM_WIDTH_MAX,
  WAVEFORM_WIDTH_MIN,
  type StreamInfo,
  type StreamType,
} from '../../shared/protocol/index.js';
import {
  DEFAULT_DRIVER_TIMEOUT_MS,
  type InstrumentEvent,
  type InstrumentRegistry,
  type StreamSample,
} from '../instruments/index.js';
import { Emitter, type Logger } from '../util/index.js';
import { Producer, type ProducerFault } from './Producer.js';
import { StreamError } from './StreamError.js';

export interface SubscribeRequest {
  ownerId: string;
  equipmentId: string;
  streamType: string;
  intervalMs?: number;
  channel?: number;
  /** Called with each sample the producer reads. Must not throw; exceptions are logged and contained. */
  onSample(sample: StreamSample): void;
  /** Called for each tick with no read (the instrument offline, a read timed out); see Producer. */
  onMissed?(): void;
  /** Called when the server ends the subscription itself (driver fault), with a reason for the user. */
  onStopped(reason: string): void;
}

/** One read of one producer, as `StreamManager.samples` reports it. */
export interface StreamSampleRead {
  equipmentId: string;
  streamType: StreamType;
  sample: StreamSample;
}

export interface Subscription {
  readonly ownerId: string;
  readonly equipmentId: string;
  readonly streamType: StreamType;
  readonly intervalMs: number;
  readonly channel: number | undefined;
  readonly producer: Producer;
}

interface SubscriptionEntry extends Subscription {
  deliver(sample: StreamSample): void;
  miss(): void;
  onStopped(reason: string): void;
}

/** How a subscriber wants waveform records shown: decimated to a display width, or at full resolution. */
export interface WaveformDisplay {
  /** Display width, points: records are decimated to this many min/max pairs. */
  widthPx: number;
  /** Send raw records, undecimated. */
  fullResolution: boolean;
}

/** A stream request as a client gives it: the subscription's fields plus the waveform display options. */
export type StreamRequest = Pick<
  SubscribeRequest,
  'equipmentId' | 'streamType' | 'intervalMs' | 'channel'
> & {
  widthPx?: number;
  fullResolution?: boolean;
};

/** Default update period when a client gives none, ms, clamped to the stream's range. */
const DEFAULT_INTERVAL_MS = 100;

/**
 * Intervals closer than this fraction are one rate: a subscription joins the running producer nearest its
 * interval within it. Display-rate streams ask for the display's frame period as each page measured it,
 * and two pages on one display measure it within about 0.1 % of each other (frame times come rounded to
 * 0.1 ms and the first estimate spans ten frames); without this each would cost a read per tick.
 */
export const INTERVAL_MATCH_FRACTION = 0.002;

function isStreamType(value: string): value is StreamType {
  return (STREAM_TYPES as readonly string[]).includes(value);
}

export class StreamManager {
  readonly #registry: InstrumentRegistry;
  readonly #log: Logger;
  readonly #readTimeoutMs: number;
  readonly #producers = new Map<string, Producer>();
  readonly #subscriptions = new Set<SubscriptionEntry>();
  /** Instrument events and stream faults, for the server to broadcast. */
  readonly events = new Emitter<InstrumentEvent>();
  /** Every sample any producer reads, once per read (not per subscriber): statistics and trends. */
  readonly samples = new Emitter<StreamSampleRead>();

  constructor(registry: InstrumentRegistry, options: { log: Logger; readTimeoutMs?: number }) {
    this.#registry = registry;
    this.#log = options.log;
    this.#readTimeoutMs = options.readTimeoutMs ?? DEFAULT_DRIVER_TIMEOUT_MS;
  }

  get producerCount(): number {
    return this.#producers.size;
  }

  get subscriptionCount(): number {
    return this.#subscriptions.size;
  }

  producers(): Producer[] {
    return [...this.#producers.values()];
  }

  /** Checks a request against the catalog; throws StreamError with the protocol code on any problem. */
  resolve(request: StreamRequest): {
    streamType: StreamType;
    intervalMs: number;
    info: StreamInfo;
    /** Set for waveform streams (defaults applied); undefined for the others. */
    display: WaveformDisplay | undefined;
  } {
    const host = this.#registry.get(request.equipmentId);
    if (!host) {
      throw new StreamError('unknown_equipment', `no instrument "${request.equipmentId}"`, {
        equipment_id: request.equipmentId,
        known: this.#registry.ids(),
      });
    }
    const caps = host.capabilities();
    if (!host.described) {
      // Streams of an instrument that was online once are accepted and paused while it is away; one never
      // reached has no known streams yet.
      const why = caps.state_reason === undefined ? '' : `: ${caps.state_reason}`;
      throw new StreamError(
        'instrument_fault',
        `${host.id} has not been reached yet (${caps.state}${why}); its streams are not known`,
        { equipment_id: host.id, state: caps.state },
      );
    }
    const offered = caps.streams.map((s) => s.stream_type);
    if (!isStreamType(request.streamType)) {
      throw new StreamError('unknown_stream_type', `unknown stream_type "${request.streamType}"`, {
        stream_type: request.streamType,
        known: STREAM_TYPES,
      });
    }
    const info = caps.streams.find((s) => s.stream_type === request.streamType);
    if (!info) {
      throw new StreamError(
        'unknown_stream_type',
        `${host.id} has no ${request.streamType} stream (it offers ${offered.join(', ')})`,
        { stream_type: request.streamType, offered },
      );
    }
    const intervalMs =
      request.intervalMs ??
      Math.min(info.max_interval_ms, Math.max(info.min_interval_ms, DEFAULT_INTERVAL_MS));
    if (
      !Number.isFinite(intervalMs) ||
      intervalMs < info.min_interval_ms ||
      intervalMs > info.max_interval_ms
    ) {
      throw new StreamError(
        'out_of_range',
        `interval_ms must be between ${info.min_interval_ms} and ${info.max_interval_ms} for ${host.id} ${info.stream_type}; got ${intervalMs}`,
        { field: 'interval_ms', min: info.min_interval_ms, max: info.max_interval_ms, value: intervalMs },
      );
    }
    if (request.channel !== undefined && request.channel > caps.channels.length) {
      throw new StreamError('out_of_range', `${host.id} has channels 1 to ${caps.channels.length}`, {
        field: 'channel',
        min: 1,
        max: caps.channels.length,
        value: request.channel,
      });
    }
    return {
      streamType: info.stream_type,
      intervalMs,
      info,
      display: resolveDisplay(info.stream_type, request),
    };
  }

  subscribe(request: SubscribeRequest): Subscription {
    const { streamType, intervalMs: requestedMs } = this.resolve(request);
    const host = this.#registry.get(request.equipmentId)!;
    let producer = this.#nearestProducer(host.id, streamType, requestedMs);
    if (!producer) {
      producer = this.#createProducer(host, streamType, requestedMs);
      this.#producers.set(producer.key, producer);
    }
    const { key, intervalMs } = producer;
    const log = this.#log;
    const entry: SubscriptionEntry = {
      ownerId: request.ownerId,
      equipmentId: host.id,
      streamType,
      intervalMs,
      channel: request.channel,
      producer,
      deliver(sample) {
        try {
          request.onSample(sample);
        } catch (err) {
          log.error(`stream subscriber for ${key} threw`, err);
        }
      },
      miss() {
        try {
          request.onMissed?.();
        } catch (err) {
          log.error(`stream subscriber for ${key} threw`, err);
        }
      },
      onStopped: request.onStopped,
    };
    producer.subscribers.add(entry);
    this.#subscriptions.add(entry);
    if (!producer.running) producer.start();
    return entry;
  }

  /**
   * Moves the ticks of a subscription's producer by `shiftMs` (later when positive), keeping its period: a
   * client uses it to have records arrive just before its display's frames. The producer stays shared —
   * one read per tick serves every subscriber — so only its phase leader steers it: the first subscription
   * to ask, until it ends. Moving the grid moves it for every subscriber (each sees one period stretched or
   * shortened by the shift; no tick is dropped or doubled). Returns whether the grid moved: false when
   * another subscription leads, and then nothing changed. |shiftMs| may be at most one interval (phase is
   * periodic: a longer shift is never needed).
   */
  shift(subscription: Subscription, shiftMs: number): boolean {
    const entry = subscription as SubscriptionEntry;
    if (!this.#subscriptions.has(entry)) {
      throw new StreamError('not_found', `the ${entry.streamType} stream of ${entry.equipmentId} has ended`);
    }
    if (!Number.isFinite(shiftMs) || Math.abs(shiftMs) > entry.intervalMs) {
      throw new StreamError(
        'out_of_range',
        `shift_ms must be between -${entry.intervalMs} and ${entry.intervalMs} (one interval) for this stream; got ${shiftMs}`,
        { field: 'shift_ms', min: -entry.intervalMs, max: entry.intervalMs, value: shiftMs },
      );
    }
    return entry.producer.shiftFor(entry, shiftMs);
  }

  unsubscribe(subscription: Subscription): void {
    const entry = subscription as SubscriptionEntry;
    if (!this.#subscriptions.delete(entry)) return;
    const producer = entry.producer;
    producer.remove(entry);
    if (producer.subscribers.size === 0) {
      producer.stop();
      this.#producers.delete(producer.key);
    }
  }

  /** Removes every subscription of one owner (a closed connection). */
  removeOwner(ownerId: string): number {
    let removed = 0;
    for (const entry of [...this.#subscriptions]) {
      if (entry.ownerId === ownerId) {
        this.unsubscribe(entry);
        removed++;
      }
    }
    return removed;
  }

  /**
   * Ends every subscription of one instrument (it is being removed), telling each subscriber `reason`.
   * Returns how many there were.
   */
  endEquipment(equipmentId: string, reason: string): number {
    const affected = [...this.#subscriptions].filter((entry) => entry.equipmentId === equipmentId);
    for (const entry of affected) this.unsubscribe(entry);
    for (const entry of affected) entry.onStopped(reason);
    return affected.length;
  }

  /** Stops everything; used at shutdown. */
  close(): void {
    for (const entry of [...this.#subscriptions]) this.unsubscribe(entry);
  }

  /** The running producer of this stream whose interval is nearest `intervalMs`, if one is close enough. */
  #nearestProducer(equipmentId: string, streamType: StreamType, intervalMs: number): Producer | undefined {
    const exact = this.#producers.get(Producer.keyOf(equipmentId, streamType, intervalMs));
    if (exact) return exact;
    let nearest: Producer | undefined;
    for (const producer of this.#producers.values()) {
      if (producer.host.id !== equipmentId || producer.streamType !== streamType) continue;
      const offMs = Math.abs(producer.intervalMs - intervalMs);
      if (offMs > intervalMs * INTERVAL_MATCH_FRACTION) continue;
      if (!nearest || offMs < Math.abs(nearest.intervalMs - intervalMs)) nearest = producer;
    }
    return nearest;
  }

  #createProducer(host: Producer['host'], streamType: StreamType, intervalMs: number): Producer {
    return new Producer({
      host,
      streamType,
      intervalMs,
      readTimeoutMs: this.#readTimeoutMs,
      onFault: (fault) => this.#onProducerFault(fault),
      onSample: (producer, sample) =>
        this.samples.emit({ equipmentId: producer.host.id, streamType: producer.streamType, sample }),
    });
  }

  #onProducerFault({ producer, error }: ProducerFault): void {
    // A faulty read ends this producer's streams (with a reason each subscriber sees) and is reported as an
    // event; other producers, even on the same instrument, carry on.
    const reason = `${producer.host.id} ${producer.streamType} stopped: ${error.message}`;
    this.#log.warn(reason);
    const affected = [...producer.subscribers] as SubscriptionEntry[];
    for (const entry of affected) this.unsubscribe(entry);
    for (const entry of affected) entry.onStopped(reason);
    this.events.emit({
      equipmentId: producer.host.id,
      level: 'error',
      kind: 'stream_fault',
      message: reason,
      details: { stream_type: producer.streamType, interval_ms: producer.intervalMs },
      timestampMs: Date.now(),
    });
  }
}

/** Validates the waveform display options: only waveform streams take them, and width has a range. */
function resolveDisplay(streamType: StreamType, request: StreamRequest): WaveformDisplay | undefined {
  if (streamType !== 'waveform') {
    if (request.widthPx === undefined && request.fullResolution === undefined) return undefined;
    const field = request.widthPx !== undefined ? 'width' : 'full_resolution';
    throw new StreamError('invalid_message', `${field} applies to waveform streams only, not ${streamType}`, {
      field,
      stream_type: streamType,
    });
  }
  const widthPx = request.widthPx ?? WAVEFORM_WIDTH_DEFAULT;
  if (!Number.isInteger(widthPx) || widthPx < WAVEFORM_WIDTH_MIN || widthPx > WAVEFORM_WIDTH_MAX) {
    throw new StreamError(
      'out_of_range',
      `width must be a whole number of points between ${WAVEFORM_WIDTH_MIN} and ${WAVEFORM_WIDTH_MAX}; got ${widthPx}`,
      { field: 'width', min: WAVEFORM_WIDTH_MIN, max: WAVEFORM_WIDTH_MAX, value: widthPx },
    );
  }
  return { widthPx, fullResolution: request.fullResolution ?? false };
}
