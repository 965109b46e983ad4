/**
 * A bench on the fleet: publishes its readings, measurements, events (kept in its history stream) and
 * display-decimated waveforms, announces itself once a second, and answers its control subject with the
 * same command router as a WebSocket session — control commands only for the holder of its lease.
 */
import type { Compute } from '../compute/index.js';
import { randomUUID } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import type { Msg, NatsConnection, Subscription as NatsSubscription } from '@nats-io/transport-node';
import { encodeFleetWaveformFrame } from '../../shared/codec/fleetWaveformFrame.js';
import { decimateMinMax } from '../../shared/dsp/decimate.js';
import {
  type EventMessage,
  type FleetReply,
  type FleetRequest,
  fleetRequestSchema,
  type HistoryRecord,
  type Presence,
} from '../../shared/protocol/index.js';
import type { AcquisitionService } from '../acquisition/index.js';
import type { AlarmEngine } from '../alarms/index.js';
import type { BenchManager } from '../bench/index.js';
import type { EventJournal } from '../events/index.js';
import type { ExportJobs } from '../export/index.js';
import type { InstrumentRegistry, StreamSample } from '../instruments/index.js';
import type { SetupService } from '../setups/index.js';
import type { StreamMemory } from '../streamMemory/index.js';
import { runRemoteCommand } from '../server/index.js';
import type { StreamManager, Subscription } from '../streams/index.js';
import {
  type Clock,
  describeZodIssue,
  type Emitter,
  jsonPath,
  type Logger,
  systemClock,
} from '../util/index.js';
import { ControlLease } from './ControlLease.js';
import {
  ensureHistoryStream,
  HISTORY_MAX_AGE_DEFAULT_MS,
  HISTORY_MAX_BYTES_DEFAULT,
  lastStoredSeq,
} from './historyStream.js';
import { CoalescedPublisher } from './CoalescedPublisher.js';
import { HistoryPublisher } from './HistoryPublisher.js';
import { kvLeaseStore } from './kvLeaseStore.js';
import { benchSubjects, LEASE_BUCKET } from './subjects.js';

/** The parts of a running backend an agent publishes and controls. */
export interface AgentBackend {
  registry: InstrumentRegistry;
  /** The backend's compute pool: fleet `get_spectrum` requests share its spectra. */
  compute?: Pick<Compute, 'spectra'>;
  streams: StreamManager;
  acquisitions?: AcquisitionService;
  exports?: ExportJobs;
  bench?: BenchManager;
  journal?: EventJournal;
  setups?: SetupService;
  streamMemory?: StreamMemory;
  alarms?: AlarmEngine;
  server: { broadcast(event: EventMessage): void; broadcasts: Emitter<EventMessage> };
}

export interface BenchAgentOptions {
  nc: NatsConnection;
  /** The bench id: a subject token (letters, digits, `_`, `-`). */
  bench: string;
  backend: AgentBackend;
  log: Logger;
  clock?: Clock;
  /** Presence announcements, ms (default 1,000). */
  presenceIntervalMs?: number;
  /** Readings period, ms (default 100). */
  readingsIntervalMs?: number;
  /**
   * Waveform period, ms (default 100); a scope's measurements come at the same period, since they are
   * computed from the same record.
   */
  waveformIntervalMs?: number;
  /** Waveforms are decimated to this many min/max pairs (default 600: 1,200 points). */
  waveformWidthPx?: number;
  historyMaxAgeMs?: number;
  historyMaxBytes?: number;
  /** Lease time to live, ms (default LEASE_TTL_MS). */
  leaseTtlMs?: number;
  driverTimeoutMs?: number;
}

const AGENT_OWNER = 'fleet-agent';

export class BenchAgent {
  readonly instanceId = randomUUID();
  readonly #o: BenchAgentOptions;
  readonly #clock: Clock;
  readonly #subjects: ReturnType<typeof benchSubjects>;
  #lease: ControlLease | undefined;
  #seq = 0;
  #control: NatsSubscription | undefined;
  #presenceTimer: ReturnType<typeof setInterval> | undefined;
  readonly #streams = new Map<string, Subscription[]>();
  #offEvents: (() => void) | undefined;
  #history: HistoryPublisher | undefined;
  #closed = false;

  constructor(options: BenchAgentOptions) {
    this.#o = options;
    this.#clock = options.clock ?? systemClock;
    this.#subjects = benchSubjects(options.bench);
  }

  /** The newest history seq this bench produced. */
  get seq(): number {
    return this.#seq;
  }

  /**
   * History records that were not stored (the broker away, a publish refused): each is a gap readers will
   * see. Counted by the stream audit on each presence tick, so known within two presence periods.
   */
  get publishFailures(): number {
    return this.#history?.failures ?? 0;
  }

  async start(): Promise<void> {
    const { nc, bench, log } = this.#o;
    const jsm = await jetstreamManager(nc);
    await ensureHistoryStream(jsm, bench, {
      maxAgeMs: this.#o.historyMaxAgeMs ?? HISTORY_MAX_AGE_DEFAULT_MS,
      maxBytes: this.#o.historyMaxBytes ?? HISTORY_MAX_BYTES_DEFAULT,
    });
    const stored = await lastStoredSeq(jsm, bench);
    this.#seq = stored.seq;
    this.#history = new HistoryPublisher({ nc, jsm, bench, log, streamSeq: stored.streamSeq });
    const kv = await new Kvm(nc).create(LEASE_BUCKET, { history: 1 });
    this.#lease = new ControlLease({
      clock: this.#clock,
      store: kvLeaseStore(kv, bench, log),
      ttlMs: this.#o.leaseTtlMs,
    });
    await this.#lease.restore();
    this.#control = nc.subscribe(this.#subjects.control, {
      callback: (err, msg) => {
        if (err) return log.warn(`bench ${bench}: control subscription: ${err.message}`);
        void this.#onControl(msg);
      },
    });
    // Joined means answering: the broker must have the control subscription before start() resolves, or a
    // request sent right after (a bench back after an absence) finds no responder and fails at once.
    await nc.flush();
    this.#offEvents = this.#o.backend.server.broadcasts.on((event) =>
      this.#record('event', event.equipment_id, event),
    );
    this.#syncStreams();
    this.#announce();
    this.#presenceTimer = setInterval(() => {
      this.#syncStreams();
      this.#announce();
      void this.#history?.check();
    }, this.#o.presenceIntervalMs ?? 1_000);
    log.info(`bench ${bench} joined the fleet (history from seq ${this.#seq + 1})`);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#presenceTimer);
    this.#offEvents?.();
    this.#control?.unsubscribe();
    for (const subscriptions of this.#streams.values()) {
      for (const s of subscriptions) this.#o.backend.streams.unsubscribe(s);
    }
    this.#streams.clear();
    CoalescedPublisher.of(this.#o.nc).flush();
    await this.#o.nc.flush().catch(() => undefined);
  }

  /** Subscribes the instruments the bench has now (added at run time too), drops removed ones. */
  #syncStreams(): void {
    const catalog = this.#o.backend.registry.catalog();
    const present = new Set(catalog.map((i) => i.id));
    for (const [id, subscriptions] of this.#streams) {
      if (present.has(id)) continue;
      for (const s of subscriptions) this.#o.backend.streams.unsubscribe(s);
      this.#streams.delete(id);
    }
    for (const instrument of catalog) {
      if (this.#streams.has(instrument.id)) continue;
      const subscriptions: Subscription[] = [];
      for (const stream of instrument.streams) {
        // Measurements at the waveform period, not the readings one: two producers at different periods
        // share a scope's acquisitions (StreamManager), so the waveform producer was handed records the
        // measurements producer had taken up to one of its periods before — published ~45 ms old.
        const wanted =
          stream.stream_type === 'readings'
            ? (this.#o.readingsIntervalMs ?? 100)
            : (this.#o.waveformIntervalMs ?? 100);
        const intervalMs = Math.min(stream.max_interval_ms, Math.max(stream.min_interval_ms, wanted));
        try {
          subscriptions.push(
            this.#o.backend.streams.subscribe({
              ownerId: AGENT_OWNER,
              equipmentId: instrument.id,
              streamType: stream.stream_type,
              intervalMs,
              onSample: (sample) => this.#onSample(instrument.id, sample),
              onStopped: (reason) => {
                this.#o.log.warn(`bench ${this.#o.bench}: ${instrument.id} ${stream.stream_type}: ${reason}`);
                // Picked up again on the next presence tick.
                this.#streams.delete(instrument.id);
              },
            }),
          );
        } catch (err) {
          this.#o.log.warn(
            `bench ${this.#o.bench}: cannot stream ${instrument.id}: ${(err as Error).message}`,
          );
        }
      }
      this.#streams.set(instrument.id, subscriptions);
    }
  }

  #onSample(equipmentId: string, sample: StreamSample): void {
    switch (sample.kind) {
      case 'readings':
        return this.#record('readings', equipmentId, sample.readings, sample.timestampMs);
      case 'measurements':
        return this.#record('measurements', equipmentId, sample.values, sample.timestampMs);
      case 'record': {
        const widthPx = this.#o.waveformWidthPx ?? 600;
        for (const { channel, samples } of sample.record.channels) {
          if (samples.length === 0) continue;
          const subject = this.#subjects.waveform(equipmentId, channel);
          let frame: Uint8Array;
          try {
            // Binary (kind 5): float32 min/max, forwarded to dashboards as these very bytes. As JSON the
            // same trace was 5–10 times larger and parsed and re-serialised at every hop.
            frame = encodeFleetWaveformFrame(
              {
                bench: this.#o.bench,
                equipment_id: equipmentId,
                channel,
                timestamp: sample.timestampMs,
                sample_rate_hz: sample.record.sampleRateHz,
                x0_s: sample.record.x0S,
                samples: samples.length,
              },
              decimateMinMax(samples, Math.min(widthPx, samples.length)),
            );
          } catch (err) {
            this.#o.log.debug(`bench ${this.#o.bench}: waveform ${subject}: ${(err as Error).message}`);
            continue;
          }
          this.#publishCore(subject, frame);
        }
        return;
      }
      case 'none':
        return;
    }
  }

  #record(
    kind: HistoryRecord['kind'],
    equipmentId: string | undefined,
    data: unknown,
    timestampMs = this.#clock.nowMs(),
  ): void {
    if (this.#closed) return;
    const record: HistoryRecord = {
      bench: this.#o.bench,
      seq: ++this.#seq,
      timestamp: timestampMs,
      kind,
      equipment_id: equipmentId,
      data,
    };
    const subject =
      kind === 'event'
        ? this.#subjects.events
        : kind === 'readings'
          ? this.#subjects.readings(equipmentId ?? 'bench')
          : this.#subjects.measurements(equipmentId ?? 'bench');
    // Not awaited: a slow or absent broker must not hold back the instruments. A record that is not stored
    // stays a gap in seq, which every reader marks, and the audit counts it.
    this.#history?.publish(subject, record);
  }

  /** Core NATS, fire and forget, in this turn's write; `message` is sent as JSON unless already bytes. */
  #publishCore(subject: string, message: unknown): void {
    if (this.#closed || this.#o.nc.isClosed()) return;
    CoalescedPublisher.of(this.#o.nc).publish(
      subject,
      message instanceof Uint8Array ? message : JSON.stringify(message),
      undefined,
      this.#onPublishRefused,
    );
  }

  readonly #onPublishRefused = (err: Error): void =>
    this.#o.log.debug(`bench ${this.#o.bench}: publish: ${err.message}`);

  #announce(): void {
    const presence: Presence = {
      bench: this.#o.bench,
      instance_id: this.instanceId,
      seq: this.#seq,
      timestamp: this.#clock.nowMs(),
      equipment_ids: this.#o.backend.registry.catalog().map((i) => i.id),
      lease: this.#lease?.current() ?? {},
    };
    this.#publishCore(this.#subjects.presence, presence);
  }

  async #onControl(msg: Msg): Promise<void> {
    let reply: FleetReply;
    try {
      reply = await this.#answer(msg);
    } catch (err) {
      this.#o.log.error(`bench ${this.#o.bench}: control request failed`, err);
      reply = { kind: 'error', code: 'internal', message: 'internal error; see the bench log' };
    }
    if (msg.reply === undefined) return;
    try {
      msg.respond(JSON.stringify(reply));
    } catch (err) {
      this.#o.log.debug(`bench ${this.#o.bench}: reply lost: ${(err as Error).message}`);
    }
  }

  async #answer(msg: Msg): Promise<FleetReply> {
    let value: unknown;
    try {
      value = JSON.parse(msg.string());
    } catch (err) {
      return { kind: 'error', code: 'bad_json', message: `not valid JSON: ${(err as Error).message}` };
    }
    const parsed = fleetRequestSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const report = issue === undefined ? undefined : describeZodIssue(issue);
      return {
        kind: 'error',
        code: 'invalid_message',
        message:
          report === undefined
            ? 'not a fleet request'
            : `fleet request: ${jsonPath(report.path)}: ${report.reason}`,
      };
    }
    const request = parsed.data;
    if (request.kind === 'lease') return this.#onLease(request);
    const lease = this.#requireLease();
    const { backend } = this.#o;
    return runRemoteCommand(request.command, request.from, {
      registry: backend.registry,
      bench: backend.bench,
      journal: backend.journal,
      setups: backend.setups,
      streamMemory: backend.streamMemory,
      alarms: backend.alarms,
      spectra: backend.compute?.spectra,
      acquisitions: backend.acquisitions,
      exports: backend.exports,
      log: this.#o.log,
      driverTimeoutMs: this.#o.driverTimeoutMs ?? 2_000,
      broadcast: (event) => backend.server.broadcast(event),
      leaseRefusal: (from) => lease.refusal(from),
    });
  }

  async #onLease(request: Extract<FleetRequest, { kind: 'lease' }>): Promise<FleetReply> {
    const lease = this.#requireLease();
    let verdict;
    switch (request.action) {
      case 'take':
      case 'renew':
        verdict = await lease.take(request.from);
        break;
      case 'release':
        verdict = await lease.release(request.from);
        break;
      case 'hand_over':
        if (request.to === undefined) {
          return {
            kind: 'error',
            code: 'invalid_message',
            message: 'hand_over: name the controller in `to`',
          };
        }
        verdict = await lease.handOver(request.from, request.to);
        break;
    }
    this.#announce();
    if (verdict.ok) return { kind: 'lease', lease: verdict.lease };
    return {
      kind: 'error',
      code: 'lease_held',
      message: verdict.message,
      details: { holder: verdict.holder === '' ? undefined : verdict.holder, action: request.action },
    };
  }

  #requireLease(): ControlLease {
    if (this.#lease === undefined) throw new Error('agent not started');
    return this.#lease;
  }
}
