/**
 * The backend's alarms: definitions (kept in `<dataDir>/alarms.json`), each judged on every sample of its
 * instrument's stream by an AlarmEvaluator, whether or not a dashboard is open — the engine subscribes to
 * the stream at the source (StreamManager, owner `alarms`), not through a client session. A raise is
 * recorded as an event, noted in every capture in progress, and runs the alarm's action once
 * (alarmActions.ts). `changes` fires whenever a definition or a state a client shows changes.
 */
import { randomUUID } from 'node:crypto';
import {
  type AlarmDefinition,
  alarmDefinitionSchema,
  alarmSpecSchema,
  type AlarmInterval,
  type AlarmSpec,
  type AlarmStatus,
  type AlarmsMessage,
  type EventMessage,
  type PsuChannelReading,
} from '../../shared/protocol/index.js';
import type { AcquisitionService } from '../acquisition/index.js';
import type { InstrumentRegistry, StreamSample } from '../instruments/index.js';
import type { StreamManager, Subscription } from '../streams/index.js';
import { type Clock, Emitter, type Logger, systemClock } from '../util/index.js';
import { type ActionContext, runAlarmAction } from './alarmActions.js';
import { AlarmError } from './AlarmError.js';
import { AlarmEvaluator, type AlarmTransition } from './AlarmEvaluator.js';
import { loadAlarms, saveAlarms } from './alarmFile.js';
import { describeCondition, formatValue } from './describeAlarm.js';
import { validateAlarm } from './validateAlarm.js';

/** Most alarms one backend keeps. */
export const MAX_ALARMS = 256;
/**
 * Clients hear every phase change at once; the values alarms judge (shown next to each alarm) at most
 * this often in between, ms, so a dashboard shows them live without a message per sample.
 */
export const VALUE_PUSH_INTERVAL_MS = 1_000;
/** The StreamManager owner of the engine's subscriptions. */
export const ALARM_STREAM_OWNER = 'alarms';

export interface AlarmEngineOptions {
  registry: InstrumentRegistry;
  streams: StreamManager;
  /** Captures to note raised alarms in, and to stop; without it those actions fail (and say so). */
  acquisitions?: AcquisitionService;
  log: Logger;
  /** Folder of alarms.json; undefined keeps definitions in memory only. */
  dirPath?: string;
  /** Time of raises, clears and hold-offs. Default the system clock; tests drive it by hand. */
  clock?: Clock;
  /** Records an event (the server broadcasts and journals it). */
  emitEvent(event: EventMessage): void;
  /** Timeout of each instrument command an action sends, ms. Default 2000. */
  commandTimeoutMs?: number;
}

/** What `replaceDefinitions` could not apply, and why. */
export interface ReplaceReport {
  applied: AlarmDefinition[];
  rejected: { index: number; name?: string; reason: string }[];
}

interface AlarmEntry {
  definition: AlarmDefinition;
  evaluator: AlarmEvaluator;
  key: string;
  unit: string;
  watching: boolean;
  watchReason: string | undefined;
  /** The capture note of the current raise, until it clears. */
  interval: AlarmInterval | undefined;
}

/** One subscription per (instrument, stream) serves every alarm on it. */
interface Watch {
  subscription: Subscription;
  alarmIds: Set<string>;
}

export class AlarmEngine {
  readonly changes = new Emitter<void>();
  readonly #options: AlarmEngineOptions;
  readonly #clock: Clock;
  readonly #entries = new Map<string, AlarmEntry>();
  readonly #watches = new Map<string, Watch>();
  readonly #unsubscribers: (() => void)[] = [];
  #saving: Promise<void> = Promise.resolve();
  #closed = false;
  #valuesPushedMs = -Infinity;

  private constructor(options: AlarmEngineOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
  }

  /** Loads the saved definitions and starts watching them (an instrument not reached yet when it is). */
  static async open(options: AlarmEngineOptions): Promise<AlarmEngine> {
    const engine = new AlarmEngine(options);
    if (options.dirPath !== undefined) {
      const { alarms } = await loadAlarms(options.dirPath, options.log);
      for (const definition of alarms) {
        try {
          engine.#add(definition, { pendingOk: true });
        } catch (err) {
          options.log.warn(`alarm "${definition.name}" not loaded: ${(err as Error).message}`);
        }
      }
    }
    engine.#unsubscribers.push(
      options.registry.stateChanges.on((change) => {
        if (change.state === 'online') engine.#rewatch(change.equipmentId);
      }),
    );
    engine.#unsubscribers.push(
      options.acquisitions?.events.on((event) => {
        // A capture that starts while an alarm is raised overlaps it from its first sample.
        if (event.type === 'state' && event.meta.state === 'running') void engine.#noteRaisedInCaptures();
      }) ?? (() => undefined),
    );
    return engine;
  }

  definitions(): AlarmDefinition[] {
    return [...this.#entries.values()].map((e) => structuredClone(e.definition));
  }

  /** Every definition and state, as the `alarms` message carries them. */
  snapshot(): Omit<AlarmsMessage, 'type' | 'request_id'> {
    const entries = [...this.#entries.values()];
    return { alarms: entries.map((e) => structuredClone(e.definition)), states: entries.map(statusOf) };
  }

  /** Checks `spec` against the catalog, keeps it, and starts watching. Throws AlarmError. */
  async define(spec: AlarmSpec): Promise<AlarmDefinition> {
    if (this.#entries.size >= MAX_ALARMS) {
      throw new AlarmError('limit_exceeded', `at most ${MAX_ALARMS} alarms; delete one first`, {
        limit: MAX_ALARMS,
      });
    }
    await this.#checkAction(spec);
    const definition = this.#add({ ...spec, id: randomUUID() }, {});
    await this.#persist();
    this.changes.emit();
    return structuredClone(definition);
  }

  /** Replaces a definition; its state starts afresh. Throws AlarmError ('not_found', or as define). */
  async update(id: string, spec: AlarmSpec): Promise<AlarmDefinition> {
    const existing = this.#get(id);
    validateAlarm(spec, this.#options.registry);
    await this.#checkAction(spec);
    this.#remove(existing);
    const definition = this.#add({ ...spec, id }, {});
    await this.#persist();
    this.changes.emit();
    return structuredClone(definition);
  }

  async delete(id: string): Promise<void> {
    this.#remove(this.#get(id));
    await this.#persist();
    this.changes.emit();
  }

  /** A person saw the raised alarm. Throws AlarmError 'not_found', or 'invalid_state' when not raised. */
  acknowledge(id: string, by: string): void {
    const entry = this.#get(id);
    const nowMs = this.#clock.nowMs();
    if (!entry.evaluator.acknowledge(nowMs)) {
      throw new AlarmError(
        'invalid_state',
        `alarm "${entry.definition.name}" is ${entry.evaluator.state.phase}, not raised: nothing to acknowledge`,
        { alarm_id: id, phase: entry.evaluator.state.phase },
      );
    }
    const d = entry.definition;
    this.#options.emitEvent({
      type: 'event',
      level: 'info',
      kind: 'alarm_acknowledged',
      equipment_id: d.equipment_id,
      channel: d.channel,
      message: `alarm "${d.name}" acknowledged`,
      details: { alarm_id: d.id, name: d.name, by },
      timestamp: nowMs,
    });
    this.changes.emit();
  }

  /**
   * Replaces every definition (a recalled setup). Each is checked as `define` checks it; those that fail
   * are reported and left out, the rest applied. Ids are kept when given and unique, else new.
   */
  async replaceDefinitions(definitions: readonly unknown[]): Promise<ReplaceReport> {
    const report: ReplaceReport = { applied: [], rejected: [] };
    const accepted: AlarmDefinition[] = [];
    for (const [index, raw] of definitions.entries()) {
      const withId = alarmDefinitionSchema.safeParse(raw);
      const spec = withId.success ? withId.data : alarmSpecSchema.safeParse(raw).data;
      const name = nameOf(raw);
      if (spec === undefined) {
        report.rejected.push({
          index,
          name,
          reason: 'not an alarm definition (see docs/PROTOCOL.md, "Alarms")',
        });
        continue;
      }
      try {
        validateAlarm(spec, this.#options.registry, { pendingOk: true });
        await this.#checkAction(spec);
      } catch (err) {
        report.rejected.push({ index, name, reason: (err as Error).message });
        continue;
      }
      const id =
        withId.success && !accepted.some((a) => a.id === withId.data.id) ? withId.data.id : randomUUID();
      accepted.push({ ...spec, id });
    }
    for (const entry of [...this.#entries.values()]) this.#remove(entry);
    for (const definition of accepted.slice(0, MAX_ALARMS)) {
      this.#add(definition, { pendingOk: true });
      report.applied.push(structuredClone(definition));
    }
    for (const [i, definition] of accepted.slice(MAX_ALARMS).entries()) {
      report.rejected.push({
        index: MAX_ALARMS + i,
        name: definition.name,
        reason: `over ${MAX_ALARMS} alarms`,
      });
    }
    await this.#persist();
    this.changes.emit();
    return report;
  }

  /** Stops watching; definitions stay on disk. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const unsubscribe of this.#unsubscribers.splice(0)) unsubscribe();
    for (const watch of this.#watches.values()) this.#options.streams.unsubscribe(watch.subscription);
    this.#watches.clear();
    await this.#saving;
  }

  #get(id: string): AlarmEntry {
    const entry = this.#entries.get(id);
    if (entry) return entry;
    throw new AlarmError('not_found', `no alarm "${id}"`, { alarm_id: id, known: [...this.#entries.keys()] });
  }

  #add(definition: AlarmDefinition, options: { pendingOk?: boolean }): AlarmDefinition {
    const field = validateAlarm(definition, this.#options.registry, options);
    const entry: AlarmEntry = {
      definition,
      evaluator: new AlarmEvaluator(definition.condition, definition.holdoff_ms),
      key: field.key,
      unit: definition.condition.kind === 'rate' ? `${field.unit}/s` : field.unit,
      watching: false,
      watchReason: undefined,
      interval: undefined,
    };
    this.#entries.set(definition.id, entry);
    this.#watch(entry);
    return definition;
  }

  #remove(entry: AlarmEntry): void {
    this.#entries.delete(entry.definition.id);
    const key = watchKey(entry.definition);
    const watch = this.#watches.get(key);
    if (watch === undefined) return;
    watch.alarmIds.delete(entry.definition.id);
    if (watch.alarmIds.size === 0) {
      this.#watches.delete(key);
      this.#options.streams.unsubscribe(watch.subscription);
    }
  }

  /** An outputs-off target or a capture to stop must exist when the alarm is defined. */
  async #checkAction(spec: AlarmSpec): Promise<void> {
    const action = spec.action;
    if (action.kind !== 'stop_acquisition' || action.acquisition_id === undefined) return;
    const acquisitions = this.#options.acquisitions;
    const exists = acquisitions
      ? await acquisitions.get(action.acquisition_id).then(
          () => true,
          () => false,
        )
      : false;
    if (!exists) {
      throw new AlarmError('not_found', `stop acquisition: no acquisition "${action.acquisition_id}"`, {
        field: 'alarm.action.acquisition_id',
      });
    }
  }

  #watch(entry: AlarmEntry): void {
    const d = entry.definition;
    const key = watchKey(d);
    const existing = this.#watches.get(key);
    if (existing) {
      existing.alarmIds.add(d.id);
      entry.watching = true;
      entry.watchReason = undefined;
      return;
    }
    try {
      const subscription = this.#options.streams.subscribe({
        ownerId: ALARM_STREAM_OWNER,
        equipmentId: d.equipment_id,
        streamType: d.stream_type,
        onSample: (sample) => this.#onSample(key, sample),
        onMissed: () => this.#setWatching(key, false, `no samples: ${d.equipment_id} is not answering`),
        onStopped: (reason) => this.#onStopped(key, reason),
      });
      this.#watches.set(key, { subscription, alarmIds: new Set([d.id]) });
      entry.watching = true;
      entry.watchReason = undefined;
    } catch (err) {
      entry.watching = false;
      entry.watchReason = (err as Error).message;
    }
  }

  /** Alarms of an instrument that came (back) online and are not watching: checked again, and watched. */
  #rewatch(equipmentId: string): void {
    if (this.#closed) return;
    let changed = false;
    for (const entry of this.#entries.values()) {
      if (entry.definition.equipment_id !== equipmentId || entry.watching) continue;
      try {
        validateAlarm(entry.definition, this.#options.registry);
      } catch (err) {
        entry.watchReason = `cannot watch: ${(err as Error).message}`;
        changed = true;
        continue;
      }
      this.#watch(entry);
      changed = true;
    }
    if (changed) this.changes.emit();
  }

  #onStopped(key: string, reason: string): void {
    const watch = this.#watches.get(key);
    if (watch === undefined) return;
    this.#watches.delete(key);
    for (const id of watch.alarmIds) {
      const entry = this.#entries.get(id);
      if (entry === undefined) continue;
      entry.watching = false;
      entry.watchReason = reason;
    }
    this.changes.emit();
  }

  #setWatching(key: string, watching: boolean, reason: string | undefined): void {
    const watch = this.#watches.get(key);
    if (watch === undefined) return;
    let changed = false;
    for (const id of watch.alarmIds) {
      const entry = this.#entries.get(id);
      if (entry === undefined || entry.watching === watching) continue;
      entry.watching = watching;
      entry.watchReason = reason;
      changed = true;
    }
    if (changed) this.changes.emit();
  }

  #onSample(key: string, sample: StreamSample): void {
    const watch = this.#watches.get(key);
    if (watch === undefined || sample.kind === 'none' || sample.kind === 'record') return;
    this.#setWatching(key, true, undefined);
    const nowMs = this.#clock.nowMs();
    let changed = false;
    for (const id of watch.alarmIds) {
      const entry = this.#entries.get(id);
      if (entry === undefined) continue;
      const transition = entry.evaluator.sample(valueOf(sample, entry), nowMs);
      if (transition === undefined) continue;
      changed = true;
      this.#onTransition(entry, transition, nowMs);
    }
    if (changed || nowMs - this.#valuesPushedMs >= VALUE_PUSH_INTERVAL_MS) {
      this.#valuesPushedMs = nowMs;
      this.changes.emit();
    }
  }

  #onTransition(entry: AlarmEntry, transition: AlarmTransition, nowMs: number): void {
    const d = entry.definition;
    const state = entry.evaluator.state;
    if (transition === 'raised') {
      const value = state.raisedValue!;
      entry.interval = {
        alarm_id: d.id,
        name: d.name,
        level: d.level,
        equipment_id: d.equipment_id,
        channel: d.channel,
        field: d.field,
        unit: entry.unit,
        raised_ms: nowMs,
        value,
      };
      this.#options.emitEvent({
        type: 'event',
        level: d.level,
        kind: 'alarm_raised',
        equipment_id: d.equipment_id,
        channel: d.channel,
        message: `alarm "${d.name}": CH${d.channel} ${d.field} ${formatValue(value, entry.unit)} ${describeCondition(d.condition, entry.unit)}${d.holdoff_ms > 0 ? ` for ${d.holdoff_ms} ms` : ''}`,
        details: { alarm_id: d.id, name: d.name, field: d.field, value, unit: entry.unit, action: d.action },
        timestamp: nowMs,
      });
      const interval = entry.interval;
      // Noted in the captures before the action runs: a capture the action stops still carries its cause.
      void this.#noteInCaptures(interval).then(() => this.#runAction(entry));
      return;
    }
    if (transition === 'cleared') {
      const interval = entry.interval;
      entry.interval = undefined;
      this.#options.emitEvent({
        type: 'event',
        level: d.level,
        kind: 'alarm_cleared',
        equipment_id: d.equipment_id,
        channel: d.channel,
        message: `alarm "${d.name}" cleared: CH${d.channel} ${d.field} ${formatValue(state.value!, entry.unit)}`,
        details: { alarm_id: d.id, name: d.name, field: d.field, value: state.value, unit: entry.unit },
        timestamp: nowMs,
      });
      if (interval) void this.#noteInCaptures({ ...interval, cleared_ms: nowMs });
    }
  }

  async #runAction(entry: AlarmEntry): Promise<void> {
    if (this.#closed) return;
    const context: ActionContext = {
      registry: this.#options.registry,
      acquisitions: this.#options.acquisitions,
      emitEvent: (event) => this.#options.emitEvent(event),
      log: this.#options.log,
      nowMs: () => this.#clock.nowMs(),
      timeoutMs: this.#options.commandTimeoutMs ?? 2_000,
    };
    try {
      await runAlarmAction(entry.definition, context);
    } catch (err) {
      this.#options.log.error(`alarm "${entry.definition.name}": action failed`, err);
    }
  }

  async #noteInCaptures(interval: AlarmInterval): Promise<void> {
    const acquisitions = this.#options.acquisitions;
    if (acquisitions === undefined) return;
    try {
      await acquisitions.noteAlarm(interval);
    } catch (err) {
      this.#options.log.warn(`alarm "${interval.name}": not noted in captures: ${(err as Error).message}`);
    }
  }

  async #noteRaisedInCaptures(): Promise<void> {
    for (const entry of this.#entries.values()) {
      if (entry.interval !== undefined) await this.#noteInCaptures(entry.interval);
    }
  }

  async #persist(): Promise<void> {
    const dirPath = this.#options.dirPath;
    if (dirPath === undefined) return;
    const definitions = this.definitions();
    // One write at a time, in order: the file always ends as the last change left it.
    const write = this.#saving.then(() => saveAlarms(dirPath, definitions));
    this.#saving = write.catch(() => undefined);
    try {
      await write;
    } catch (err) {
      throw new AlarmError('storage_error', `alarms could not be saved: ${(err as Error).message}`);
    }
  }
}

function watchKey(d: AlarmDefinition): string {
  return `${d.equipment_id}\u0000${d.stream_type}`;
}

function nameOf(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const name = (raw as { name?: unknown }).name;
  return typeof name === 'string' ? name.slice(0, 64) : undefined;
}

/** The watched field's value in one sample, for the alarm's channel. */
function valueOf(sample: StreamSample, entry: AlarmEntry): number | undefined {
  const channel = entry.definition.channel;
  if (sample.kind === 'readings') {
    const reading = sample.readings.find((r) => r.channel === channel);
    const value = reading?.[entry.key as keyof PsuChannelReading];
    return typeof value === 'number' ? value : undefined;
  }
  if (sample.kind === 'measurements') return sample.values[`CH${channel}`]?.[entry.key];
  return undefined;
}

function statusOf(entry: AlarmEntry): AlarmStatus {
  const s = entry.evaluator.state;
  return {
    alarm_id: entry.definition.id,
    phase: s.phase,
    ...(s.sinceMs !== undefined && { since: s.sinceMs }),
    ...(s.value !== undefined && { value: s.value }),
    unit: entry.unit,
    acked: s.acked,
    ...(s.ackedMs !== undefined && { acked_at: s.ackedMs }),
    watching: entry.watching,
    ...(entry.watchReason !== undefined && { watch_reason: entry.watchReason }),
    raise_count: s.raiseCount,
  };
}
