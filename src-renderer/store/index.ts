/**
 * The renderer's store: one zustand store composed from typed slices, holding low-rate state only. Each
 * bench (backend endpoint) has its own entry under `benches`, keyed by bench id; preferences are the
 * person's, shared by every bench, and persist across restarts in localStorage. High-rate samples live in
 * typed-array buffers under data/, never here.
 */
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { createBenchesSlice, type BenchesSlice } from './benchesSlice';
import { createPreferencesSlice, sanitizePreferences, type PreferencesSlice } from './preferencesSlice';
import { unchangedWritesSkipped } from './unchangedWritesSkipped';

export type AppState = BenchesSlice & PreferencesSlice;

export const useAppStore = create<AppState>()(
  persist(
    (...a) => ({
      ...createBenchesSlice(...a),
      ...createPreferencesSlice(...a),
    }),
    {
      name: 'benchtop.preferences',
      version: 1,
      // Written only when the preferences changed: persist writes after every set, of any slice.
      storage: createJSONStorage(() => unchangedWritesSkipped(localStorage)),
      partialize: (s) => ({ preferences: s.preferences }),
      merge: (persisted, current) => ({
        ...current,
        preferences: sanitizePreferences((persisted as { preferences?: unknown } | undefined)?.preferences),
      }),
    },
  ),
);

export const selectPreferences = (s: AppState): AppState['preferences'] => s.preferences;
