/**
 * Pure transitions of one bench's state (benchState.ts): each takes the state and returns the fields that
 * change, so BenchActions can apply them under the bench's id and tests can call them directly.
 */
import type { AcquisitionSummary } from '../../shared/protocol/acquisition';
import type { InstrumentInfo } from '../../shared/protocol/catalog';
import type { EventMessage } from '../../shared/protocol/server';
import {
  EMPTY_STREAM,
  MAX_EVENTS,
  type BenchState,
  type InstrumentSettings,
  type SettingValue,
  type StreamEntry,
} from './benchState';
import { mergeEvents, withoutBackendEvents } from '../events/eventMerge';

export type BenchPatch = Partial<BenchState>;

/**
 * Whether `parameter` is among the settings the instrument reports (`get_parameters`) for that channel, or
 * globally without one. A parameter that is not is a command (a power supply's `clear_protection`): its
 * effect shows only in other settings (`protection_tripped`), so the instrument must be re-read; storing the
 * command's value would leave those showing what is no longer true. Likewise a supply's coupling
 * (`tracking_mode`), and any channel setting made while outputs are coupled: the instrument changes the
 * coupled output's settings too (track copies setpoints; leaving series brings CH1 back into range).
 */
export function isReportedSetting(
  settings: InstrumentSettings | undefined,
  parameter: string,
  channel?: number,
): boolean {
  if (settings === undefined) return false;
  const coupling = settings.global.tracking_mode;
  if (parameter === 'tracking_mode') return false;
  if (channel !== undefined && coupling !== undefined && coupling !== 'independent') return false;
  const reported = channel === undefined ? settings.global : settings.channels[channel];
  return reported !== undefined && Object.hasOwn(reported, parameter);
}

export function applySetting(
  b: BenchState,
  equipmentId: string,
  parameter: string,
  value: SettingValue,
  channel?: number,
): BenchPatch {
  const current = b.settings[equipmentId] ?? { global: {}, channels: {} };
  const next: InstrumentSettings =
    channel === undefined
      ? { ...current, global: { ...current.global, [parameter]: value } }
      : {
          ...current,
          channels: { ...current.channels, [channel]: { ...current.channels[channel], [parameter]: value } },
        };
  return { settings: { ...b.settings, [equipmentId]: next } };
}

export function setStream(b: BenchState, key: string, patch: Partial<StreamEntry>): BenchPatch {
  return { streams: { ...b.streams, [key]: { ...EMPTY_STREAM, ...b.streams[key], ...patch } } };
}

/** A live event (or one the dashboard notes itself); one the log already holds (same seq) is dropped. */
export function addEvent(b: BenchState, event: EventMessage): BenchPatch {
  const { events, added } = mergeEvents(b.events, [event], MAX_EVENTS);
  return added === 0 ? {} : { events, unreadEvents: b.unreadEvents + added };
}

/**
 * Events from `get_events`, merged by seq with those held. `replace` first drops every backend event held
 * (the backend's log is not the one they came from). History on first load does not count as unread;
 * events missed while disconnected do.
 */
export function mergeHistory(
  b: BenchState,
  history: EventMessage[],
  options: { replace: boolean; countUnread: boolean },
): BenchPatch {
  const base = options.replace ? withoutBackendEvents(b.events) : b.events;
  const { events, added } = mergeEvents(base, history, MAX_EVENTS);
  return { events, unreadEvents: b.unreadEvents + (options.countUnread ? added : 0) };
}

export function upsertAcquisition(b: BenchState, summary: AcquisitionSummary): BenchPatch {
  const current = b.acquisitions[summary.acquisition_id];
  // Replies and events can cross: never let an older summary overwrite a newer one.
  if (current && current.updated_ms > summary.updated_ms) return {};
  return { acquisitions: { ...b.acquisitions, [summary.acquisition_id]: summary } };
}

export function removeAcquisition(b: BenchState, id: string): BenchPatch {
  const { [id]: _removed, ...rest } = b.acquisitions;
  const { [id]: _progress, ...progress } = b.deepProgress;
  return {
    acquisitions: rest,
    deepProgress: progress,
    selectedAcquisitionId: b.selectedAcquisitionId === id ? undefined : b.selectedAcquisitionId,
  };
}

/**
 * Takes an instrument's catalog entry (added, or changed with its state): replaced where it was, appended
 * otherwise. `sinceMs` is when it entered the state the entry reports, when the event says.
 */
export function upsertInstrument(b: BenchState, instrument: InstrumentInfo, sinceMs?: number): BenchPatch {
  const list = b.instruments ?? [];
  const at = list.findIndex((i) => i.id === instrument.id);
  const instruments = at === -1 ? [...list, instrument] : list.with(at, instrument);
  const stateSinceMs = { ...b.stateSinceMs };
  if (sinceMs !== undefined) stateSinceMs[instrument.id] = sinceMs;
  else if (at !== -1 && list[at]!.state !== instrument.state) delete stateSinceMs[instrument.id];
  return { instruments, stateSinceMs };
}

/** Forgets an instrument removed from the bench: its catalog entry, settings and stream entries. */
export function removeInstrument(b: BenchState, equipmentId: string): BenchPatch {
  const { [equipmentId]: _settings, ...settings } = b.settings;
  const { [equipmentId]: _since, ...stateSinceMs } = b.stateSinceMs;
  const prefix = `${equipmentId}/`;
  const streams = Object.fromEntries(Object.entries(b.streams).filter(([key]) => !key.startsWith(prefix)));
  return {
    instruments: b.instruments?.filter((i) => i.id !== equipmentId),
    settings,
    stateSinceMs,
    streams,
  };
}
