/**
 * The renderer's store: one zustand store composed from typed slices, holding low-rate state only
 * (connection, catalog, streams, events, preferences). High-rate samples live in typed-array buffers
 * under data/, never here. Preferences persist across restarts in localStorage.
 */
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { createAcquisitionsSlice, type AcquisitionsSlice } from './acquisitionsSlice';
import { createConnectionSlice, type ConnectionSlice } from './connectionSlice';
import { createEventsSlice, type EventsSlice } from './eventsSlice';
import { createInstrumentsSlice, type InstrumentsSlice } from './instrumentsSlice';
import { createPreferencesSlice, sanitizePreferences, type PreferencesSlice } from './preferencesSlice';
import { createSettingsSlice, type SettingsSlice } from './settingsSlice';
import { createStreamsSlice, type StreamEntry, type StreamsSlice } from './streamsSlice';

export type AppState = ConnectionSlice &
  InstrumentsSlice &
  SettingsSlice &
  StreamsSlice &
  EventsSlice &
  AcquisitionsSlice &
  PreferencesSlice;

export const useAppStore = create<AppState>()(
  persist(
    (...a) => ({
      ...createConnectionSlice(...a),
      ...createInstrumentsSlice(...a),
      ...createSettingsSlice(...a),
      ...createStreamsSlice(...a),
      ...createEventsSlice(...a),
      ...createAcquisitionsSlice(...a),
      ...createPreferencesSlice(...a),
    }),
    {
      name: 'benchtop.preferences',
      version: 1,
      storage: createJSONStorage(() => localStorage),
      partialize: (s) => ({ preferences: s.preferences }),
      merge: (persisted, current) => ({
        ...current,
        preferences: sanitizePreferences((persisted as { preferences?: unknown } | undefined)?.preferences),
      }),
    },
  ),
);

// Named selectors: components subscribe to exactly what they render.
export const selectConnection = (s: AppState): AppState['connection'] => s.connection;
export const selectInstruments = (s: AppState): AppState['instruments'] => s.instruments;
export const selectSettings =
  (equipmentId: string) =>
  (s: AppState): AppState['settings'][string] | undefined =>
    s.settings[equipmentId];
export const selectPreferences = (s: AppState): AppState['preferences'] => s.preferences;
export const selectStream =
  (key: string) =>
  (s: AppState): StreamEntry | undefined =>
    s.streams[key];
