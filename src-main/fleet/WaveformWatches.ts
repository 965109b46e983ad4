/**
 * A dashboard backend's subscriptions to benches' waveforms: one NATS subscription per bench, opened for
 * its first watcher and closed after its last, so waveforms (the fleet's heaviest data, core NATS, not
 * history) cross the broker to this backend only while a session shows them.
 */
import type { NatsConnection, Subscription as NatsSubscription } from '@nats-io/transport-node';
import { type FleetWaveform, fleetWaveformSchema } from '../../shared/protocol/index.js';
import type { Logger } from '../util/index.js';
import { benchSubjects } from './subjects.js';

interface WaveformWatch {
  subscription: NatsSubscription;
  listeners: Set<(waveform: FleetWaveform) => void>;
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
  watch(bench: string, listener: (waveform: FleetWaveform) => void): () => void {
    let watch = this.#watches.get(bench);
    if (watch === undefined) {
      const listeners = new Set<(waveform: FleetWaveform) => void>();
      const subscription = this.#nc.subscribe(benchSubjects(bench).waveforms, {
        callback: (err, msg) => {
          if (err) return this.#log.warn(`bench ${bench} waveforms: ${err.message}`);
          const waveform = this.#parse(bench, msg.data);
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

  #parse(bench: string, data: Uint8Array): FleetWaveform | undefined {
    let value: unknown;
    try {
      value = JSON.parse(new TextDecoder().decode(data));
    } catch {
      value = undefined;
    }
    const waveform = fleetWaveformSchema.safeParse(value);
    if (!waveform.success || waveform.data.bench !== bench) {
      this.#onInvalid();
      return undefined;
    }
    return waveform.data;
  }
}
