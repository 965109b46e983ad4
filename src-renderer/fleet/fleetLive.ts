/**
 * What a fleet bench's card shows, folded from its history records (`fleet_live` pushes and the
 * `get_fleet_history` backfill): each supply's channels, each scope's main measurement, the alarms raised
 * and the captures running — and how many records never arrived (a jump in seq), so a gap is shown, never
 * papered over. Records at or below the newest seq taken are dropped: backfill and live overlap, and a
 * record must never count twice. Pure.
 */
import type { HistoryRecord } from '../../shared/protocol/fleet';
import {
  isSupplyReading,
  mainMeasurement,
  supplyChannelValue,
  type MainMeasurement,
  type SupplyChannelValue,
} from '../benches/keyValues';

export interface RaisedAlarm {
  name: string;
  level: string;
  equipmentId: string | undefined;
}

export interface FleetBenchLive {
  /** Newest record seq taken; 0 before any. */
  lastSeq: number;
  /** When the newest record was made (bench clock, ms since the epoch). */
  lastRecordMs: number | undefined;
  supplies: Record<string, SupplyChannelValue[]>;
  measurements: Record<string, MainMeasurement>;
  /** Raised and not cleared, by alarm id. */
  alarms: Record<string, RaisedAlarm>;
  /** Captures not yet in a final state, by acquisition id: their state. */
  captures: Record<string, string>;
  /** Records missing between those received (seq jumps) since this dashboard started following. */
  missingRecords: number;
}

export function emptyFleetLive(): FleetBenchLive {
  return {
    lastSeq: 0,
    lastRecordMs: undefined,
    supplies: {},
    measurements: {},
    alarms: {},
    captures: {},
    missingRecords: 0,
  };
}

const FINAL_CAPTURE_STATES = new Set(['complete', 'error', 'interrupted', 'idle']);

/** `live` with `records` taken in seq order; those at or below `live.lastSeq` are ignored. */
export function applyFleetRecords(live: FleetBenchLive, records: readonly HistoryRecord[]): FleetBenchLive {
  const fresh = records.filter((r) => r.seq > live.lastSeq).sort((a, b) => a.seq - b.seq);
  if (fresh.length === 0) return live;
  const next: FleetBenchLive = {
    ...live,
    supplies: { ...live.supplies },
    measurements: { ...live.measurements },
    alarms: { ...live.alarms },
    captures: { ...live.captures },
  };
  for (const record of fresh) {
    if (next.lastSeq > 0 && record.seq > next.lastSeq + 1)
      next.missingRecords += record.seq - next.lastSeq - 1;
    next.lastSeq = record.seq;
    next.lastRecordMs = record.timestamp;
    takeRecord(next, record);
  }
  return next;
}

function takeRecord(live: FleetBenchLive, record: HistoryRecord): void {
  const equipmentId = record.equipment_id;
  switch (record.kind) {
    case 'readings': {
      if (equipmentId === undefined || !Array.isArray(record.data)) return;
      const channels = record.data.filter(isSupplyReading).map(supplyChannelValue);
      if (channels.length > 0) live.supplies[equipmentId] = channels.sort((a, b) => a.channel - b.channel);
      return;
    }
    case 'measurements': {
      const main = mainMeasurement(record.data);
      if (equipmentId !== undefined && main !== undefined) live.measurements[equipmentId] = main;
      return;
    }
    case 'event':
      return takeEvent(live, record.data);
  }
}

function takeEvent(live: FleetBenchLive, data: unknown): void {
  if (typeof data !== 'object' || data === null) return;
  const event = data as { kind?: unknown; level?: unknown; equipment_id?: unknown; details?: unknown };
  const details = (
    typeof event.details === 'object' && event.details !== null ? event.details : {}
  ) as Record<string, unknown>;
  const equipmentId = typeof event.equipment_id === 'string' ? event.equipment_id : undefined;
  if (event.kind === 'alarm_raised' && typeof details.alarm_id === 'string') {
    live.alarms[details.alarm_id] = {
      name: typeof details.name === 'string' ? details.name : details.alarm_id,
      level: typeof event.level === 'string' ? event.level : 'warning',
      equipmentId,
    };
  } else if (event.kind === 'alarm_cleared' && typeof details.alarm_id === 'string') {
    delete live.alarms[details.alarm_id];
  } else if (event.kind === 'acquisition_state' && typeof details.acquisition_id === 'string') {
    const state = typeof details.state === 'string' ? details.state : 'running';
    if (FINAL_CAPTURE_STATES.has(state)) delete live.captures[details.acquisition_id];
    else live.captures[details.acquisition_id] = state;
  }
}
