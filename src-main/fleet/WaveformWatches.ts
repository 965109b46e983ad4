/**
 * A dashboard backend's subscriptions to benches' waveforms: one NATS subscription per bench, opened for
 * its first watcher and closed after its last, so waveforms (the fleet's heaviest data, core NATS, not
 * history) cross the broker to this backend only while a session shows them. Each is a binary frame
 * (kind 5) whose header is checked here — and against the subject it came on — and whose bytes go on to
 * the sessions as they are: its values are neither read nor copied.
 */
import type { NatsConnection, Subscription as NatsSubscription } from '@nats-io/transport-node';
import {
  type FleetWaveformBytes,
  FleetWaveformFrameError,
  readFleetWaveformHeader,
} from '../../shared/codec/fleetWaveformFrame.js';
import type { Logger } from '../util/index.js';
import { benchSubjects } from './subjects.js';

interface WaveformWatch {
  subscription: NatsSubscription;
  listeners: Set<(waveform: FleetWaveformBytes) => void>;
}

export class WaveformWatches {
  readonly #nc: NatsConnection;
  readonly #log: Logger;
  readonly #onInvalid: () => void;
  readonly #watches = new Map<string, WaveformWatch>();

  /** @param onInvalid told of each waveform that failed validation (and was dropped). */
  constructor(options: { nc: NatsConnection; log: Logger; onInvalid: () => void }) {
    this.#nc = options.nc;
    this.#log = options.log;
    this.#onInvalid = options.onInvalid;
  }

  /** Calls `listener` with each valid waveform of `bench` until the returned function is called. */
  watch(bench: string, listener: (waveform: FleetWaveformBytes) => void): () => void {
    let watch = this.#watches.get(bench);
    if (watch === undefined) {
      const listeners = new Set<(waveform: FleetWaveformBytes) => void>();
      const subscription = this.#nc.subscribe(benchSubjects(bench).waveforms, {
        callback: (err, msg) => {
          if (err) return this.#log.warn(`bench ${bench} waveforms: ${err.message}`);
          const waveform = this.#parse(bench, msg.subject, msg.data);
          if (waveform !== undefined) for (const l of listeners) l(waveform);
        },
      });
      watch = { subscription, listeners };
      this.#watches.set(bench, watch);
    }
    const current = watch;
    current.listeners.add(listener);
    return () => {
      current.listeners.delete(listener);
      if (current.listeners.size > 0 || this.#watches.get(bench) !== current) return;
      current.subscription.unsubscribe();
      this.#watches.delete(bench);
    };
  }

  /** Benches with an open waveform subscription. */
  watched(): string[] {
    return [...this.#watches.keys()];
  }

  close(): void {
    for (const watch of this.#watches.values()) watch.subscription.unsubscribe();
    this.#watches.clear();
  }

  #parse(bench: string, subject: string, data: Uint8Array): FleetWaveformBytes | undefined {
    try {
      const header = readFleetWaveformHeader(data);
      const expected = benchSubjects(bench).waveform(header.equipment_id, header.channel);
      if (header.bench !== bench || subject !== expected) {
        throw new FleetWaveformFrameError(
          `a waveform of ${header.bench}/${header.equipment_id} on ${subject}`,
        );
      }
      return { header, bytes: data };
    } catch (err) {
      if (!(err instanceof FleetWaveformFrameError)) throw err;
      this.#log.debug(`bench ${bench} waveform dropped: ${err.message}`);
      this.#onInvalid();
      return undefined;
    }
  }
}
