/**
 * One producer per (instrument, stream type, interval): it reads the instrument once per tick and hands the
 * sample to every subscriber, so ten clients watching the same supply cost one read, not ten.
 *
 * While the instrument is not online the producer pauses rather than fails: each tick it cannot read is
 * counted as missed and told to the subscribers (who spend a `seq` on it, so a client sees the gap), and the
 * first tick after the instrument is back reads again. A read that times out on an online instrument is a
 * missed tick too (the host decides when timeouts mean the link is lost). Any other failure ends the
 * producer's streams (onFault).
 *
 * Its phase is steered by one subscriber at most, the phase leader: the first to ask for a shift (a client
 * locking the stream to its display). Moving the grid for one subscriber moves it for all, so the others'
 * requests are declined, not honoured with a second producer — that would cost a second read per tick.
 */
import type { StreamType } from '../../shared/protocol/index.js';
import { DriverError, type InstrumentHost, type StreamSample } from '../instruments/index.js';
import { DeadlineTimer } from './DeadlineTimer.js';

export interface ProducerSubscriber {
  deliver(sample: StreamSample): void;
  /** A tick that produced nothing because the instrument could not be read (offline, timed out). */
  miss(): void;
}

export interface ProducerFault {
  producer: Producer;
  error: Error;
}

export class Producer {
  readonly key: string;
  readonly host: InstrumentHost;
  readonly streamType: StreamType;
  readonly intervalMs: number;
  readonly subscribers = new Set<ProducerSubscriber>();
  readonly #timer: DeadlineTimer;
  readonly #readTimeoutMs: number;
  readonly #onFault: (fault: ProducerFault) => void;
  readonly #onSample: ((producer: Producer, sample: StreamSample) => void) | undefined;
  #readInFlight = false;
  /** Ticks that found the previous read still running (a slow instrument), counted as skipped. */
  #busySkips = 0;
  #samples = 0;
  #emptyReads = 0;
  #missedTicks = 0;
  /**
   * Whether a read may be served a record another producer acquired (up to one interval old). A producer
   * whose phase a client set reads fresh: sharing would hand it a record from someone else's tick, as
   * old as the phase difference, which is the delay the shift was meant to remove.
   */
  #sharesRecords = true;
  /** The subscriber whose shifts move this producer's grid; undefined until one asks (or after it left). */
  #phaseLeader: ProducerSubscriber | undefined;

  constructor(options: {
    host: InstrumentHost;
    streamType: StreamType;
    intervalMs: number;
    readTimeoutMs: number;
    onFault: (fault: ProducerFault) => void;
    /** Every sample read, before the subscribers get it (statistics and trends tap the streams here). */
    onSample?: (producer: Producer, sample: StreamSample) => void;
  }) {
    this.host = options.host;
    this.streamType = options.streamType;
    this.intervalMs = options.intervalMs;
    this.key = Producer.keyOf(options.host.id, options.streamType, options.intervalMs);
    this.#readTimeoutMs = options.readTimeoutMs;
    this.#onFault = options.onFault;
    this.#onSample = options.onSample;
    this.#timer = new DeadlineTimer(options.intervalMs, () => this.#tick());
  }

  static keyOf(equipmentId: string, streamType: string, intervalMs: number): string {
    return `${equipmentId}/${streamType}/${intervalMs}`;
  }

  get running(): boolean {
    return this.#timer.running;
  }

  /** Ticks not served on time: late timer wake-ups plus ticks that found a read still in flight. */
  get skippedTicks(): number {
    return this.#timer.skippedTicks + this.#busySkips;
  }

  get lagMs(): number {
    return this.#timer.lastLagMs;
  }

  /** Ticks run since start (skipped ones not included). */
  get ticks(): number {
    return this.#timer.ticks;
  }

  /** Mean period between the ticks that ran, ms; see DeadlineTimer.meanPeriodMs. */
  get meanPeriodMs(): number {
    return this.#timer.meanPeriodMs;
  }

  get samplesProduced(): number {
    return this.#samples;
  }

  /** Reads that resolved with no sample (`kind: 'none'`), e.g. a scope waiting for its trigger. */
  get emptyReads(): number {
    return this.#emptyReads;
  }

  /** Ticks with no read because the instrument was not online, or whose read timed out. */
  get missedTicks(): number {
    return this.#missedTicks;
  }

  /** When the next tick is due, ms on performance.now()'s clock. */
  get nextDueMs(): number {
    return this.#timer.nextDueMs;
  }

  /** The subscriber that steers this producer's phase, if any (see `shiftFor`). */
  get phaseLeader(): ProducerSubscriber | undefined {
    return this.#phaseLeader;
  }

  /** Starts ticking now. */
  start(): void {
    this.#timer.start();
  }

  /**
   * Moves every subscriber's ticks by `deltaMs` (later when positive) if `subscriber` may steer the phase:
   * it is the phase leader, or there is none yet and it becomes the leader. Returns whether the grid moved;
   * a declined shift changes nothing. Once moved, the producer reads fresh records (#sharesRecords).
   */
  shiftFor(subscriber: ProducerSubscriber, deltaMs: number): boolean {
    if (!this.subscribers.has(subscriber)) return false;
    if (this.#phaseLeader !== undefined && this.#phaseLeader !== subscriber) return false;
    this.#phaseLeader = subscriber;
    this.#timer.shift(deltaMs);
    this.#sharesRecords = false;
    return true;
  }

  /**
   * Removes a subscriber. The phase leader leaving frees the lead for the next subscriber that asks; the
   * grid stays where it is, so nobody's delivery moves because someone left.
   */
  remove(subscriber: ProducerSubscriber): void {
    this.subscribers.delete(subscriber);
    if (this.#phaseLeader === subscriber) this.#phaseLeader = undefined;
  }

  stop(): void {
    this.#timer.stop();
  }

  #tick(): void {
    if (this.#readInFlight) {
      this.#busySkips++;
      return;
    }
    if (!this.host.online) return this.#miss();
    this.#readInFlight = true;
    // A record up to one interval old that this producer has not had yet is as good as a fresh one: that
    // is what lets one scope acquisition serve the waveform and the measurements producers alike. A shifted
    // producer reads fresh (#sharesRecords).
    this.host
      .read(
        this.streamType,
        { maxAgeMs: this.#sharesRecords ? this.intervalMs : undefined, readerId: this.key },
        { timeoutMs: this.#readTimeoutMs },
      )
      .then((sample) => {
        if (!this.running) return;
        // A read that legitimately produced nothing (no trigger, a dropped reading) is no fault: the stream
        // carries on and subscribers get nothing for this tick.
        if (sample.kind === 'none') {
          this.#emptyReads++;
          return;
        }
        this.#samples++;
        this.#onSample?.(this, sample);
        for (const subscriber of this.subscribers) subscriber.deliver(sample);
      })
      .catch((err: unknown) => {
        if (!this.running) return;
        // The host has judged the error before it reaches us: offline now means the link is down.
        if (!this.host.online || (err instanceof DriverError && err.code === 'timeout')) return this.#miss();
        const error = err instanceof Error ? err : new Error(String(err));
        this.#onFault({ producer: this, error });
      })
      .finally(() => {
        this.#readInFlight = false;
      });
  }

  #miss(): void {
    this.#missedTicks++;
    for (const subscriber of this.subscribers) subscriber.miss();
  }
}
