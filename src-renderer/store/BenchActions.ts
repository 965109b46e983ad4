/**
 * The named changes to one bench's slice of the store, bound to its id: what BenchClient and components
 * call instead of reaching into `benches[id]` themselves.
 */
import type { AcquisitionProgressMessage, AcquisitionSummary } from '../../shared/protocol/acquisition';
import type { AlarmsMessage } from '../../shared/protocol/alarm';
import type { InstrumentInfo } from '../../shared/protocol/catalog';
import type { InstrumentLinkStats } from '../../shared/protocol/link';
import type { DriverInfo, EventMessage } from '../../shared/protocol/server';
import { streamPreferenceKey, type StreamPreference } from '../../shared/protocol/streamMemory';
import type { BenchesSlice } from './benchesSlice';
import * as reduce from './benchReducers';
import { sharedSettings } from './settingsSharing';
import {
  NO_BENCH,
  type BenchState,
  type InstrumentSettings,
  type LinkInfo,
  type SettingValue,
  type StreamEntry,
} from './benchState';

/** The part of a zustand store BenchActions needs: the app's store, or a bare one in tests. */
export interface BenchesStore {
  getState(): BenchesSlice;
}

export class BenchActions {
  readonly #store: BenchesStore;
  readonly #benchId: string;

  constructor(store: BenchesStore, benchId: string) {
    this.#store = store;
    this.#benchId = benchId;
  }

  /** The bench's state now (for callbacks; components subscribe through useBenchState). */
  current(): BenchState {
    return this.#store.getState().benches[this.#benchId] ?? NO_BENCH;
  }

  #update(recipe: (bench: BenchState) => Partial<BenchState>): void {
    this.#store.getState().updateBench(this.#benchId, recipe);
  }

  setConnection(patch: Partial<LinkInfo>): void {
    this.#update((b) => ({ connection: { ...b.connection, ...patch } }));
  }
  setInstruments(instruments: InstrumentInfo[]): void {
    this.#update(() => ({ instruments, stateSinceMs: {} }));
  }
  setLinks(links: Record<string, InstrumentLinkStats>): void {
    this.#update(() => ({ links }));
  }
  setDrivers(drivers: DriverInfo[] | undefined): void {
    this.#update(() => ({ drivers }));
  }
  upsertInstrument(instrument: InstrumentInfo, sinceMs?: number): void {
    this.#update((b) => reduce.upsertInstrument(b, instrument, sinceMs));
  }
  removeInstrument(equipmentId: string): void {
    this.#update((b) => reduce.removeInstrument(b, equipmentId));
  }
  /** Stores settings read from the instrument; unchanged sections keep their objects, no change writes nothing. */
  setSettings(equipmentId: string, settings: InstrumentSettings): void {
    this.#update((b) => {
      const current = b.settings[equipmentId];
      const next = sharedSettings(current, settings);
      return next === current ? {} : { settings: { ...b.settings, [equipmentId]: next } };
    });
  }
  applySetting(equipmentId: string, parameter: string, value: SettingValue, channel?: number): void {
    this.#update((b) => reduce.applySetting(b, equipmentId, parameter, value, channel));
  }
  setStream(key: string, patch: Partial<StreamEntry>): void {
    this.#update((b) => reduce.setStream(b, key, patch));
  }
  addEvent(event: EventMessage): void {
    this.#update((b) => reduce.addEvent(b, event));
  }
  mergeEventHistory(history: EventMessage[], options: { replace: boolean; countUnread: boolean }): void {
    this.#update((b) => reduce.mergeHistory(b, history, options));
  }
  setStreamPreferences(preferences: StreamPreference[]): void {
    this.#update(() => ({
      streamPreferences: Object.fromEntries(preferences.map((p) => [streamPreferenceKey(p), p])),
    }));
  }
  markEventsRead(): void {
    this.#update(() => ({ unreadEvents: 0 }));
  }
  setAcquisitions(list: AcquisitionSummary[]): void {
    this.#update(() => ({ acquisitions: Object.fromEntries(list.map((a) => [a.acquisition_id, a])) }));
  }
  upsertAcquisition(summary: AcquisitionSummary): void {
    this.#update((b) => reduce.upsertAcquisition(b, summary));
  }
  removeAcquisition(id: string): void {
    this.#update((b) => reduce.removeAcquisition(b, id));
  }
  setDeepProgress(progress: AcquisitionProgressMessage): void {
    this.#update((b) => ({ deepProgress: { ...b.deepProgress, [progress.acquisition_id]: progress } }));
  }
  selectAcquisition(id: string | undefined): void {
    this.#update(() => ({ selectedAcquisitionId: id }));
  }
  setAlarms(message: Pick<AlarmsMessage, 'alarms' | 'states'>): void {
    this.#update(() => ({
      alarms: {
        definitions: message.alarms,
        states: Object.fromEntries(message.states.map((s) => [s.alarm_id, s])),
      },
    }));
  }
}
