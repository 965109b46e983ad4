/**
 * Named setups and the working setup. Saving reads every catalog setting of the instruments (and the
 * registered sections) into `<dataDir>/setups/<name>.json`; recalling maps a file onto the bench (another
 * model too), switches outputs off, applies what it can in a safe order through each instrument's host and
 * reports what it applied, skipped and why. At start-up the working setup is restored the same way.
 * Commands run one at a time, so two recalls never interleave their settings.
 */
import {
  type ClientSections,
  type EventMessage,
  SETUP_SCHEMA_VERSION,
  type SetupReport,
  type SetupRestoreSummary,
  type SetupScope,
  type SetupSummary,
} from '../../shared/protocol/index.js';
import type { InstrumentHost, InstrumentRegistry, ParameterValue } from '../instruments/index.js';
import { type Clock, type Logger, systemClock, systemTimers, type Timers } from '../util/index.js';
import { applySettings } from './applySettings.js';
import { SetupError } from './SetupError.js';
import { parseSetupText, type SetupFile, type SetupInstrument, summarize } from './setupFile.js';
import type { SetupSection } from './SetupSection.js';
import { SetupStore } from './SetupStore.js';
import { captureSettings, OUTPUTS_LEFT_OFF, planRecall } from './settingsPlan.js';
import { WorkingSetup } from './WorkingSetup.js';

export interface SetupServiceOptions {
  dataDir: string;
  registry: InstrumentRegistry;
  log: Logger;
  /** Each instrument call's timeout, ms (the sessions' driver timeout). */
  driverTimeoutMs: number;
  /** Records and broadcasts an event (the server's broadcast: journaled, sent to every client). */
  emit(event: EventMessage): void;
  clock?: Clock;
  /** The working setup's save delay; tests run it by hand. */
  timers?: Timers;
  workingDelayMs?: number;
}

/** Who asked, for the events: a session's id, or the backend itself (the start-up restore). */
export interface Requester {
  sessionId?: string;
}

export class SetupService {
  readonly #options: SetupServiceOptions;
  readonly #store: SetupStore;
  readonly #sections = new Map<string, SetupSection>();
  readonly #clock: Clock;
  #working!: WorkingSetup;
  #ops: Promise<unknown> = Promise.resolve();
  #restored: SetupRestoreSummary | undefined;
  #awaitingRestore = new Map<string, SetupInstrument>();
  #unsubscribe: (() => void) | undefined;

  private constructor(options: SetupServiceOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#store = new SetupStore(options.dataDir, options.log);
  }

  static async open(options: SetupServiceOptions): Promise<SetupService> {
    const service = new SetupService(options);
    service.#working = await WorkingSetup.open({
      dataDir: options.dataDir,
      log: options.log,
      clock: service.#clock,
      timers: options.timers ?? systemTimers,
      delayMs: options.workingDelayMs,
      capture: (id) => service.#captureQuietly(id),
    });
    return service;
  }

  /** Adds a section to bench setups; returns the function that removes it. Throws on a duplicate key. */
  registerSection(section: SetupSection): () => void {
    if (this.#sections.has(section.key)) throw new Error(`duplicate setup section "${section.key}"`);
    this.#sections.set(section.key, section);
    return () => this.#sections.delete(section.key);
  }

  async list(): Promise<{ setups: SetupSummary[]; restored: SetupRestoreSummary | undefined }> {
    return { setups: (await this.#store.list()).map(summarize), restored: this.#restored };
  }

  save(request: {
    name: string;
    scope: SetupScope;
    equipmentId?: string;
    client?: ClientSections;
  }): Promise<SetupSummary> {
    return this.#serial(async () => {
      const file: SetupFile = {
        schema_version: SETUP_SCHEMA_VERSION,
        name: request.name,
        scope: request.scope,
        saved_at: Math.round(this.#clock.nowMs()),
        instruments: [],
        sections: {},
      };
      if (request.scope === 'instrument') {
        if (request.equipmentId === undefined) {
          throw new SetupError(
            'invalid_message',
            'an instrument setup needs equipment_id: the instrument to save',
          );
        }
        file.instruments.push(await this.#capture(this.#host(request.equipmentId)));
      } else {
        if (request.equipmentId !== undefined) {
          throw new SetupError(
            'invalid_message',
            'a bench setup holds every instrument: leave out equipment_id',
          );
        }
        for (const host of this.#options.registry.all()) {
          if (!host.online) {
            this.#options.log.info(`setups: "${request.name}" leaves out ${host.id}: ${host.state}`);
            continue;
          }
          file.instruments.push(await this.#capture(host));
        }
        for (const section of this.#sections.values()) {
          const value: unknown = section.capture(request.client ?? {});
          if (value !== undefined) file.sections[section.key] = value;
        }
      }
      await this.#store.write(file);
      return summarize(file);
    });
  }

  recall(request: { name: string; equipmentId?: string } & Requester): Promise<SetupReport> {
    return this.#serial(async () => {
      const file = await this.#store.read(request.name);
      const report = emptyReport();
      if (file.scope === 'instrument') {
        const saved = file.instruments[0];
        if (saved === undefined)
          throw new SetupError('invalid_message', `setup "${file.name}" holds no instrument`);
        const host = this.#host(request.equipmentId ?? saved.equipment_id);
        merge(report, await this.#recallInstrument(saved, host, request, file.name));
      } else {
        if (request.equipmentId !== undefined) {
          throw new SetupError(
            'invalid_message',
            `"${file.name}" is a bench setup: it is recalled onto the bench as a whole, without equipment_id`,
          );
        }
        for (const saved of file.instruments) {
          const host = this.#options.registry.get(saved.equipment_id);
          if (host === undefined) {
            report.skipped.push({
              equipment_id: saved.equipment_id,
              item: `${saved.label} (${saved.model})`,
              reason: `not on this bench: add it, then recall again`,
            });
            continue;
          }
          merge(report, await this.#recallInstrument(saved, host, request, file.name));
        }
        for (const [key, value] of Object.entries(file.sections)) {
          const section = this.#sections.get(key);
          if (section === undefined) {
            report.skipped.push({ item: key, reason: `this backend has no "${key}" section to apply` });
            continue;
          }
          const done = await section.apply(value);
          report.applied.push(...done.applied);
          report.skipped.push(...done.skipped);
          Object.assign(report.client, done.client);
        }
      }
      this.#emit({
        level: report.skipped.length > 0 ? 'warning' : 'info',
        kind: 'setup_recalled',
        message: `Setup "${file.name}" recalled: ${describeCounts(report)}`,
        details: { name: file.name, report, session_id: request.sessionId },
      });
      return report;
    });
  }

  delete(name: string): Promise<void> {
    return this.#serial(() => this.#store.delete(name));
  }

  /** Checks a setup file's text and stores it, under `name` when given (else the name inside it). */
  import(text: string, name?: string): Promise<SetupSummary> {
    return this.#serial(async () => {
      const file = parseSetupText(text, 'the imported file');
      const stored = { ...file, name: name ?? file.name };
      await this.#store.write(stored);
      return summarize(stored);
    });
  }

  exportText(name: string): Promise<string> {
    return this.#store.text(name);
  }

  /** A setting of `equipmentId` changed (anyone's change): the working setup saves it shortly. */
  noteSettingChanged(equipmentId: string): void {
    if (this.#options.registry.get(equipmentId) !== undefined) this.#working.noteChange(equipmentId);
  }

  /** An instrument left the bench. */
  forgetInstrument(equipmentId: string): void {
    this.#awaitingRestore.delete(equipmentId);
    this.#working.forget(equipmentId);
  }

  /**
   * Restores the working setup the previous run left: every instrument online now at once, each other one
   * when it first comes online. Outputs are left off. Each restore is an event; `list` carries the report.
   */
  async restoreWorking(): Promise<void> {
    for (const entry of this.#working.entries()) this.#awaitingRestore.set(entry.equipment_id, entry);
    if (this.#awaitingRestore.size === 0) return;
    this.#unsubscribe = this.#options.registry.stateChanges.on((change) => {
      if (change.state === 'online' && this.#awaitingRestore.has(change.equipmentId)) {
        void this.#restoreOne(change.equipmentId).catch((err: unknown) =>
          this.#options.log.error(`setups: restoring ${change.equipmentId} failed`, err),
        );
      }
    });
    for (const id of [...this.#awaitingRestore.keys()]) {
      if (this.#options.registry.get(id)?.online) await this.#restoreOne(id);
    }
  }

  /** Saves the working setup's pending changes and stops listening. */
  async close(): Promise<void> {
    this.#unsubscribe?.();
    await this.#ops.catch(() => undefined);
    await this.#working.flush();
  }

  #restoreOne(id: string): Promise<void> {
    return this.#serial(async () => {
      const saved = this.#awaitingRestore.get(id);
      const host = this.#options.registry.get(id);
      if (saved === undefined || host === undefined || !host.online) return;
      this.#awaitingRestore.delete(id);
      const report =
        (await this.#liveOutputsReport(host)) ?? (await this.#recallInstrument(saved, host, {}, undefined));
      this.#restored ??= { at: Math.round(this.#clock.nowMs()), report: emptyReport() };
      merge(this.#restored.report, report);
      this.#restored.at = Math.round(this.#clock.nowMs());
      this.#emit({
        level: report.skipped.length > 0 ? 'warning' : 'info',
        kind: 'setup_restored',
        equipment_id: id,
        message: `${host.label}: settings from the last run restored (${describeCounts(report)})`,
        details: { report },
      });
    });
  }

  /**
   * A report that leaves `host` alone when any of its outputs is on as the backend starts: a real supply
   * that kept powering its load while the backend restarted is doing what a person last asked, and a
   * restore must neither switch that load off nor move setpoints under it. Undefined when all are off (or
   * the instrument has no outputs): the restore goes ahead. An instrument whose outputs cannot be read is
   * left alone too — the restore cannot know it is safe.
   */
  async #liveOutputsReport(host: InstrumentHost): Promise<SetupReport | undefined> {
    // A simulator lives in this process: its state began with this run, and no load was left running on
    // it. An instrument reached over a link (it has link statistics) outlives the backend.
    if (host.linkStats() === undefined) return undefined;
    const outputs = host.capabilities().parameters.some((p) => p.name === 'output_enabled');
    if (!outputs) return undefined;
    let live: string[];
    try {
      const snapshot = await host.getParameters({ timeoutMs: this.#options.driverTimeoutMs });
      live = Object.entries(snapshot.channels)
        .filter(([, values]) => values.output_enabled === true)
        .map(([channel]) => `CH${channel}`);
      if (snapshot.global.output_enabled === true) live.push('its output');
    } catch (err) {
      const report = emptyReport();
      report.skipped.push({
        equipment_id: host.id,
        item: host.label,
        reason: `could not read its outputs (${err instanceof Error ? err.message : String(err)}): settings left as the instrument has them`,
      });
      return report;
    }
    if (live.length === 0) return undefined;
    const report = emptyReport();
    report.skipped.push({
      equipment_id: host.id,
      item: host.label,
      reason: `${live.join(', ')} on at start-up: a restore never touches an instrument powering its load; settings left as the instrument has them`,
    });
    return report;
  }

  async #recallInstrument(
    saved: SetupInstrument,
    host: InstrumentHost,
    requester: Requester,
    setupName: string | undefined,
  ): Promise<SetupReport> {
    const report = emptyReport();
    if (!host.online) {
      report.skipped.push({
        equipment_id: host.id,
        item: host.label,
        reason: `${host.label} is ${host.state}: nothing changed on it`,
      });
      return report;
    }
    const info = host.capabilities();
    const plan = planRecall(saved, { id: host.id, model: info.model, parameters: info.parameters });
    const done = await applySettings(host, plan, {
      timeoutMs: this.#options.driverTimeoutMs,
      onApplied: (parameter, value, channel) =>
        this.#settingChanged(host, parameter, value, channel, requester, setupName),
    });
    report.applied.push(...done.applied);
    report.skipped.push(...done.skipped);
    report.outputs_left_off.push(...done.outputsLeftOff);
    return report;
  }

  #settingChanged(
    host: InstrumentHost,
    parameter: string,
    value: ParameterValue,
    channel: number | undefined,
    requester: Requester,
    setupName: string | undefined,
  ): void {
    const where = channel === undefined ? '' : ` CH${channel}`;
    const via = setupName === undefined ? 'restored at start-up' : `setup "${setupName}"`;
    this.#emit({
      level: 'info',
      kind: 'setting_changed',
      equipment_id: host.id,
      channel,
      message: `${host.id}${where} ${parameter} = ${String(value)} (${via})`,
      details: {
        parameter,
        value,
        ...(requester.sessionId === undefined ? {} : { session_id: requester.sessionId }),
        ...(setupName === undefined ? { restored: true } : { setup: setupName }),
      },
    });
  }

  #host(equipmentId: string): InstrumentHost {
    const host = this.#options.registry.get(equipmentId);
    if (host === undefined) {
      throw new SetupError('unknown_equipment', `no instrument "${equipmentId}"`, {
        equipment_id: equipmentId,
        known: this.#options.registry.ids(),
      });
    }
    return host;
  }

  async #capture(host: InstrumentHost): Promise<SetupInstrument> {
    if (!host.online) {
      throw new SetupError(
        'invalid_state',
        `${host.label} is ${host.state}: its settings cannot be read now`,
        {
          equipment_id: host.id,
        },
      );
    }
    const info = host.capabilities();
    let snapshot;
    try {
      snapshot = await host.getParameters({ timeoutMs: this.#options.driverTimeoutMs });
    } catch (err) {
      throw new SetupError(
        'invalid_state',
        `${host.label}'s settings could not be read: ${(err as Error).message}`,
        {
          equipment_id: host.id,
        },
      );
    }
    return {
      equipment_id: host.id,
      label: info.label,
      vendor: info.vendor,
      model: info.model,
      ...(info.profile === undefined ? {} : { profile: info.profile }),
      settings: captureSettings(info.parameters, snapshot),
    };
  }

  async #captureQuietly(id: string): Promise<SetupInstrument | undefined> {
    const host = this.#options.registry.get(id);
    if (host === undefined || !host.online) return undefined;
    try {
      return await this.#capture(host);
    } catch (err) {
      this.#options.log.warn(`setups: working setup of ${id} not updated: ${(err as Error).message}`);
      return undefined;
    }
  }

  #emit(event: Omit<EventMessage, 'type' | 'timestamp'>): void {
    this.#options.emit({ type: 'event', timestamp: Date.now(), ...event });
  }

  #serial<T>(op: () => Promise<T>): Promise<T> {
    const run = this.#ops.then(op, op);
    this.#ops = run.catch(() => undefined);
    return run;
  }
}

function emptyReport(): SetupReport {
  return { applied: [], skipped: [], outputs_left_off: [], client: {} };
}

function merge(into: SetupReport, from: SetupReport): void {
  into.applied.push(...from.applied);
  into.skipped.push(...from.skipped);
  into.outputs_left_off.push(...from.outputs_left_off);
  Object.assign(into.client, from.client);
}

/** "12 applied, 2 skipped; outputs left off — turn on when ready". */
export function describeCounts(report: SetupReport): string {
  const counts = `${report.applied.length} applied, ${report.skipped.length} skipped`;
  return report.outputs_left_off.length > 0 ? `${counts}; ${OUTPUTS_LEFT_OFF}` : counts;
}
