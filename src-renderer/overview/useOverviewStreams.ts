/**
 * The streams a bench's card needs for its key values — supply readings, scope measurements — started at
 * a calm rate when nothing else on this dashboard asked for them (a bench never opened into its panels),
 * and kept across reconnects like any other. A stream a person stopped (remembered by the backend) is left
 * stopped: the card says so instead. Scopes' trigger state is re-read while the card is shown.
 */
import { useEffect } from 'react';
import type { InstrumentInfo } from '../../shared/protocol/catalog';
import type { StreamPreference } from '../../shared/protocol/streamMemory';
import type { BenchClient } from '../client/BenchClient';
import { streamKey, type StreamSpec } from '../connection/ConnectionManager';
import { panelProfileOf } from '../panels/panelProfile';

/** How often a card's values refresh, ms: plenty for a glance, light on 20 benches. */
export const OVERVIEW_INTERVAL_MS = 500;
const TRIGGER_POLL_MS = 1_000;

/** The stream a card shows for an instrument, at the card's rate within what the instrument allows. */
export function overviewStream(instrument: InstrumentInfo): StreamSpec | undefined {
  const profile = panelProfileOf(instrument);
  const streamType =
    profile === 'power_supply' ? 'readings' : profile === 'oscilloscope' ? 'measurements' : undefined;
  const info = instrument.streams.find((s) => s.stream_type === streamType);
  if (streamType === undefined || info === undefined) return undefined;
  const intervalMs = Math.min(info.max_interval_ms, Math.max(info.min_interval_ms, OVERVIEW_INTERVAL_MS));
  return { equipment_id: instrument.id, stream_type: streamType, interval_ms: intervalMs };
}

export function useOverviewStreams(
  bench: BenchClient,
  instruments: readonly InstrumentInfo[] | undefined,
  connected: boolean,
  /** The backend's remembered choices; undefined until known, and nothing starts before. */
  preferences: Readonly<Record<string, StreamPreference>> | undefined,
): void {
  useEffect(() => {
    if (!connected || !instruments || !preferences) return;
    const wanted = new Set(bench.connection.desiredStreams().map(streamKey));
    for (const instrument of instruments) {
      if (instrument.state !== 'online') continue;
      const spec = overviewStream(instrument);
      if (spec === undefined) continue;
      const key = streamKey(spec);
      if (wanted.has(key) || preferences[key]?.running === false) continue;
      bench.connection.startStream(spec).catch(() => {
        // Refused or the link dropped: the card shows no value; a reconnect asks again.
      });
    }
  }, [bench, instruments, connected, preferences]);

  const scopes = (instruments ?? []).filter((i) => panelProfileOf(i) === 'oscilloscope').map((i) => i.id);
  const scopeList = scopes.join('\n');
  useEffect(() => {
    if (!connected || scopeList === '') return;
    const ids = scopeList.split('\n');
    const timer = setInterval(() => {
      for (const id of ids) void bench.refreshSettings(id);
    }, TRIGGER_POLL_MS);
    return () => clearInterval(timer);
  }, [bench, connected, scopeList]);
}
