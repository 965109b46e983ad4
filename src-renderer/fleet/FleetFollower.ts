/**
 * The fleet as this dashboard follows it through its own backend (docs/PROTOCOL.md, "Fleet through the
 * dashboard's backend"): the list of benches from `get_fleet` and its `fleet` pushes, each bench's key
 * values from its `get_fleet_history` backfill and then its `fleet_live` pushes (after `fleet_subscribe`),
 * and commands and lease actions sent on. A plain class over the local bench's connection; React reads it
 * through `subscribe` / `view()`.
 */
import { z } from 'zod';
import type { FleetWaveformFrame } from '../../shared/codec/fleetWaveformFrame';
import type { HistoryRecord, LeaseState } from '../../shared/protocol/fleet';
import type { FleetBenchInfo, FleetServerMessage } from '../../shared/protocol/fleetBridge';
import type { ServerMessage } from '../../shared/protocol/server';
import { RequestError, type ConnectionManager } from '../connection/ConnectionManager';
import { applyFleetRecords, emptyFleetLive, type FleetBenchLive } from './fleetLive';
import { parseFleetLive } from './fleetLiveMessage';

const fleetSubscribedSchema = z.object({
  type: z.literal('fleet_subscribed'),
  bench: z.string(),
  last_seq: z.number().int().nonnegative(),
});

/**
 * A command or lease action crosses the local backend and the broker to the bench and back; the backend
 * gives up on the bench after 5 s and says so, so this waits longer to show the bench's own words, ms.
 */
export const FLEET_REQUEST_TIMEOUT_MS = 15_000;

type FleetMessage<T extends FleetServerMessage['type']> = Extract<FleetServerMessage, { type: T }>;

export interface FleetView {
  /** unknown: not asked yet (or not connected); none: the backend follows no fleet (no `--nats`). */
  status: 'unknown' | 'none' | 'following';
  /** This backend's controller id on the fleet: the lease holder when it is "us". */
  controller: string | undefined;
  benches: readonly FleetBenchInfo[];
  live: Readonly<Record<string, FleetBenchLive>>;
  /** Why the last command or lease action on a bench failed, by bench. */
  errors: Readonly<Record<string, string>>;
}

export class FleetFollower {
  readonly #connection: ConnectionManager;
  readonly #listeners = new Set<() => void>();
  /** Benches whose live records this session asked for (the backend forgets them with the session). */
  readonly #following = new Set<string>();
  #off: Array<() => void> = [];
  /** Benches whose waveforms an opened bench shows (fleet/FleetSocket), with how many ask. */
  readonly #waveforms = new Map<string, number>();
  readonly #recordListeners = new Set<(bench: string, records: readonly HistoryRecord[]) => void>();
  readonly #waveformListeners = new Set<(bench: string, waveform: FleetWaveformFrame) => void>();
  /** Listeners of one bench's waveforms (a card's thumbnail), by bench: 20 cards need not see every frame. */
  readonly #benchWaveformListeners = new Map<string, Set<(waveform: FleetWaveformFrame) => void>>();
  /** Subscriptions and backfills, one bench after another. */
  #queue: Promise<void> = Promise.resolve();
  #view: FleetView = { status: 'unknown', controller: undefined, benches: [], live: {}, errors: {} };
  /**
   * The agent run (`instance_id`) each bench's live values were folded under: a bench that comes back as a
   * new run is followed afresh, and a run whose history was made anew is shown from that history alone.
   */
  readonly #instances = new Map<string, string>();
  /** `fleet_live` pushes refused as malformed (nothing of them taken), and why the last one was. */
  #refused = { count: 0, lastReason: undefined as string | undefined };

  constructor(connection: ConnectionManager) {
    this.#connection = connection;
  }

  start(): void {
    if (this.#off.length > 0) return;
    this.#off = [
      this.#connection.onStateChange((state) => {
        if (state === 'open') void this.#refresh();
        else this.#following.clear();
      }),
      this.#connection.handlers.on('fleet', (message) => this.#takeFleet(message)),
      this.#connection.handlers.onAny((message) => this.#onMessage(message)),
      this.#connection.onFleetWaveform((waveform) => {
        for (const listener of this.#waveformListeners) listener(waveform.bench, waveform);
        const ofBench = this.#benchWaveformListeners.get(waveform.bench);
        if (ofBench) for (const listener of ofBench) listener(waveform);
      }),
    ];
    if (this.#connection.state === 'open') void this.#refresh();
  }

  stop(): void {
    for (const off of this.#off) off();
    this.#off = [];
    this.#following.clear();
  }

  view(): FleetView {
    return this.#view;
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * `fleet_live` pushes refused because they were malformed — none of their records is taken — and the
   * reason for the last, naming the field (e.g. `fleet_live refused: benches.0.records.1.seq must be …`).
   */
  get refused(): { readonly count: number; readonly lastReason: string | undefined } {
    return this.#refused;
  }

  /** The local backend's connection, which every fleet bench is reached through. */
  get connection(): ConnectionManager {
    return this.#connection;
  }

  /** One bench as last reported; undefined when the fleet has no bench of that name. */
  bench(bench: string): FleetBenchInfo | undefined {
    return this.#view.benches.find((b) => b.bench === bench);
  }

  /**
   * Every validated `fleet_live` batch, as it arrives (a push carries a batch per bench: the listener is
   * called once per batch, after the view took the whole push); returns the unsubscribe.
   */
  onRecords(listener: (bench: string, records: readonly HistoryRecord[]) => void): () => void {
    this.#recordListeners.add(listener);
    return () => this.#recordListeners.delete(listener);
  }

  /**
   * Every fleet waveform (binary frames of kind 5, checked by the connection: a bad one never gets here);
   * returns the unsubscribe. The values are views over the received bytes.
   */
  onWaveform(listener: (bench: string, waveform: FleetWaveformFrame) => void): () => void {
    this.#waveformListeners.add(listener);
    return () => this.#waveformListeners.delete(listener);
  }

  /** `bench`'s fleet waveforms only (see onWaveform); returns the unsubscribe. */
  onBenchWaveform(bench: string, listener: (waveform: FleetWaveformFrame) => void): () => void {
    let listeners = this.#benchWaveformListeners.get(bench);
    if (!listeners) this.#benchWaveformListeners.set(bench, (listeners = new Set()));
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && this.#benchWaveformListeners.get(bench) === listeners)
        this.#benchWaveformListeners.delete(bench);
    };
  }

  /**
   * Has the backend push `bench`'s waveforms to this session until the returned function is called (by
   * every caller that asked). The choice is part of the bench's subscription, so it is kept when the
   * subscription is renewed after a reconnect.
   */
  watchWaveforms(bench: string): () => void {
    const before = this.#waveforms.get(bench) ?? 0;
    this.#waveforms.set(bench, before + 1);
    if (before === 0) void this.#resubscribe(bench);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const left = (this.#waveforms.get(bench) ?? 1) - 1;
      if (left > 0) return void this.#waveforms.set(bench, left);
      this.#waveforms.delete(bench);
      void this.#resubscribe(bench);
    };
  }

  /** Sends one command to a bench as this backend's controller; rejects with the bench's refusal. */
  async command(bench: string, command: Record<string, unknown>): Promise<ServerMessage[]> {
    try {
      const reply = await this.#connection.request<FleetMessage<'fleet_reply'>>(
        { type: 'fleet_command', bench, command },
        FLEET_REQUEST_TIMEOUT_MS,
      );
      this.#setError(bench, undefined);
      return reply.messages;
    } catch (err) {
      this.#setError(bench, (err as Error).message);
      throw err;
    }
  }

  /** Takes, releases or hands over a bench's control lease; the card shows the holder it reports. */
  async lease(bench: string, action: 'take' | 'release' | 'hand_over', to?: string): Promise<void> {
    try {
      const reply = await this.#connection.request<FleetMessage<'fleet_lease'>>(
        { type: 'fleet_lease', bench, action, ...(to !== undefined && { to }) },
        FLEET_REQUEST_TIMEOUT_MS,
      );
      this.#setError(bench, undefined);
      this.#setLease(bench, reply.lease);
    } catch (err) {
      this.#setError(bench, (err as Error).message);
      throw err;
    }
  }

  async #refresh(): Promise<void> {
    try {
      this.#takeFleet(await this.#connection.request<FleetMessage<'fleet'>>({ type: 'get_fleet' }));
    } catch (err) {
      // Without --nats the backend answers not_found: there is no fleet to show.
      if (err instanceof RequestError && err.code === 'not_found') this.#update({ status: 'none' });
    }
  }

  #takeFleet(message: FleetMessage<'fleet'>): void {
    const names = new Set(message.benches.map((b) => b.bench));
    const live = Object.fromEntries(Object.entries(this.#view.live).filter(([bench]) => names.has(bench)));
    this.#update({ status: 'following', controller: message.controller, benches: message.benches, live });
    // One bench at a time: 60 s of a 100 Hz bench's history is ~3 MB of JSON, and twenty asked at once
    // would overrun this session's send queue on the backend, which then closes the socket.
    for (const info of message.benches) {
      const { bench, instance_id: instance } = info;
      const held = this.#instances.get(bench);
      // Another agent run than the one the bench's live values were folded under.
      const newRun = instance !== undefined && held !== undefined && instance !== held;
      if (instance !== undefined) this.#instances.set(bench, instance);
      if (this.#following.has(bench) && !newRun) continue;
      this.#following.add(bench);
      this.#queue = this.#queue.then(() => this.#follow(bench, newRun));
    }
  }

  /** Changes the waveform choice of a bench already followed (a new one is subscribed with it). */
  async #resubscribe(bench: string): Promise<void> {
    if (!this.#following.has(bench) || this.#connection.state !== 'open') return;
    try {
      await this.#connection.request({
        type: 'fleet_subscribe',
        bench,
        waveforms: this.#waveforms.has(bench),
        ack: true,
      });
    } catch {
      // The link dropped: the subscription is renewed, with this choice, after the reconnect.
    }
  }

  /**
   * Subscribes to a bench's live records, then backfills what it has seen so far. Also after the bench
   * came back as a new agent run: when the backend's newest seq for it is below the one shown, the run's
   * history was made anew (its seqs count from the start again, and every record would look already
   * taken), so the values held are dropped and the bench is shown from its new history.
   */
  async #follow(bench: string, newRun: boolean): Promise<void> {
    try {
      // ack: the connection acknowledges each flush from an animation frame (FleetFlushAck), so the
      // backend sends at most one fleet update per frame.
      const reply = fleetSubscribedSchema.parse(
        await this.#connection.request({
          type: 'fleet_subscribe',
          bench,
          waveforms: this.#waveforms.has(bench),
          ack: true,
        }),
      );
      const held = this.#view.live[bench];
      if (newRun && held !== undefined && reply.last_seq < held.lastSeq) this.#startAnew(bench, held);
    } catch {
      // Not subscribed (the link dropped, or a backend without live fleet pushes): asked again on the next
      // `fleet` push or reconnect; the backfill below still shows the bench's recent values.
      this.#following.delete(bench);
    }
    try {
      const history = await this.#connection.request<FleetMessage<'fleet_history'>>({
        type: 'get_fleet_history',
        bench,
      });
      this.#applyRecords(bench, history.records);
    } catch {
      // A bench with no history yet, or the link dropped: live records fill in.
    }
  }

  #onMessage(message: ServerMessage): void {
    if ((message as { type: string }).type !== 'fleet_live') return;
    const parsed = parseFleetLive(message);
    if (!parsed.ok) {
      // All or nothing: a push with one bad record is refused whole, so no bench's seq skips past it.
      this.#refused.count++;
      this.#refused.lastReason = `fleet_live refused: ${parsed.reason}`;
      return;
    }
    // One view update (one notice to the listeners) for the whole push, however many benches it carries.
    let live: Record<string, FleetBenchLive> | undefined;
    for (const { bench, records } of parsed.benches) {
      const after = this.#folded(live ?? this.#view.live, bench, records);
      if (after !== undefined) (live ??= { ...this.#view.live })[bench] = after;
    }
    if (live !== undefined) this.#update({ live });
    for (const { bench, records } of parsed.benches) {
      for (const listener of this.#recordListeners) listener(bench, records);
    }
  }

  /** Drops what `bench` showed of its earlier history; the seqs missed before stay counted. */
  #startAnew(bench: string, held: FleetBenchLive): void {
    const fresh = { ...emptyFleetLive(), missingRecords: held.missingRecords };
    this.#update({ live: { ...this.#view.live, [bench]: fresh } });
  }

  #applyRecords(bench: string, records: readonly HistoryRecord[]): void {
    const after = this.#folded(this.#view.live, bench, records);
    if (after !== undefined) this.#update({ live: { ...this.#view.live, [bench]: after } });
  }

  /** `bench`'s live values with `records` taken; undefined when nothing changes (or not on the fleet). */
  #folded(
    live: Readonly<Record<string, FleetBenchLive>>,
    bench: string,
    records: readonly HistoryRecord[],
  ): FleetBenchLive | undefined {
    if (!this.#view.benches.some((b) => b.bench === bench)) return undefined;
    const before = live[bench];
    const after = applyFleetRecords(before ?? emptyFleetLive(), records);
    return after !== before ? after : undefined;
  }

  #setLease(bench: string, lease: LeaseState): void {
    this.#update({ benches: this.#view.benches.map((b) => (b.bench === bench ? { ...b, lease } : b)) });
  }

  #setError(bench: string, error: string | undefined): void {
    if (this.#view.errors[bench] === error) return;
    const { [bench]: _old, ...rest } = this.#view.errors;
    this.#update({ errors: error === undefined ? rest : { ...rest, [bench]: error } });
  }

  #update(patch: Partial<FleetView>): void {
    this.#view = { ...this.#view, ...patch };
    for (const listener of this.#listeners) listener();
  }
}
