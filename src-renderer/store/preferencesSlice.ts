import type { StateCreator } from 'zustand';

export type Theme = 'dark' | 'light';

/** Rolling windows offered for trend charts, s (10 s to 10 min). */
export const TREND_WINDOWS_S = [10, 30, 60, 120, 300, 600] as const;

export interface Preferences {
  theme: Theme;
  /** Rolling window of trend charts, s. */
  trendWindowS: number;
  /** Update interval chosen per stream key, ms; restored when the user starts that stream again. */
  streamIntervalsMs: Record<string, number>;
}

export interface PreferencesSlice {
  preferences: Preferences;
  setPreference<K extends keyof Preferences>(key: K, value: Preferences[K]): void;
  setStreamInterval(streamKey: string, intervalMs: number): void;
}

export const DEFAULT_PREFERENCES: Preferences = { theme: 'dark', trendWindowS: 60, streamIntervalsMs: {} };

export const createPreferencesSlice: StateCreator<PreferencesSlice, [], [], PreferencesSlice> = (set) => ({
  preferences: DEFAULT_PREFERENCES,
  setPreference: (key, value) => set((s) => ({ preferences: { ...s.preferences, [key]: value } })),
  setStreamInterval: (streamKey, intervalMs) =>
    set((s) => ({
      preferences: {
        ...s.preferences,
        streamIntervalsMs: { ...s.preferences.streamIntervalsMs, [streamKey]: intervalMs },
      },
    })),
});

/**
 * Keeps only well-formed values from persisted storage: it is input from outside (another version of the
 * app, a hand edit) and must not break the dashboard.
 */
export function sanitizePreferences(value: unknown): Preferences {
  const raw = (typeof value === 'object' && value !== null ? value : {}) as Partial<
    Record<keyof Preferences, unknown>
  >;
  const theme: Theme = raw.theme === 'light' ? 'light' : 'dark';
  const trendWindowS = TREND_WINDOWS_S.includes(raw.trendWindowS as (typeof TREND_WINDOWS_S)[number])
    ? (raw.trendWindowS as number)
    : DEFAULT_PREFERENCES.trendWindowS;
  const streamIntervalsMs: Record<string, number> = {};
  if (typeof raw.streamIntervalsMs === 'object' && raw.streamIntervalsMs !== null) {
    for (const [key, ms] of Object.entries(raw.streamIntervalsMs)) {
      if (typeof ms === 'number' && Number.isFinite(ms) && ms > 0 && ms <= 60_000 && key.length < 200)
        streamIntervalsMs[key] = ms;
    }
  }
  return { theme, trendWindowS, streamIntervalsMs };
}
