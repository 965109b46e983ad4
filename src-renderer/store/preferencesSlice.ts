import type { StateCreator } from 'zustand';

export type Theme = 'dark' | 'light';

/** Rolling windows offered for trend charts, s (10 s to 10 min). */
export const TREND_WINDOWS_S = [10, 30, 60, 120, 300, 600] as const;

/**
 * How often a stream updates: an interval in ms, or `'display'` — every display frame (or every few, as the
 * stream's minimum allows), with records landed just before the frames (see connection/DisplayPacer). The
 * backend remembers each stream's rate (shared/protocol/streamMemory.ts), not these preferences.
 */
export type { StreamRate } from '../../shared/protocol/streamMemory';

export interface Preferences {
  theme: Theme;
  /** Rolling window of trend charts, s. */
  trendWindowS: number;
  /** Panels the user hid (by panel id: an equipment id, or "events"). */
  hiddenPanels: string[];
  /** Chart heights the user dragged to, CSS px, by chart id. */
  chartHeightsPx: Record<string, number>;
  /** The sidebar folded to a narrow rail; undefined: folded on narrow windows only (see Sidebar). */
  sidebarCollapsed?: boolean;
}

/** Bounds of a resizable chart's height, CSS px. */
export const CHART_HEIGHT_RANGE_PX = { min: 120, max: 900 } as const;

export interface PreferencesSlice {
  preferences: Preferences;
  setPreference<K extends keyof Preferences>(key: K, value: Preferences[K]): void;
  setPanelHidden(panelId: string, hidden: boolean): void;
  setChartHeight(chartId: string, heightPx: number): void;
}

export const DEFAULT_PREFERENCES: Preferences = {
  theme: 'dark',
  trendWindowS: 60,
  hiddenPanels: [],
  chartHeightsPx: {},
};

export const createPreferencesSlice: StateCreator<PreferencesSlice, [], [], PreferencesSlice> = (set) => ({
  preferences: DEFAULT_PREFERENCES,
  setPreference: (key, value) => set((s) => ({ preferences: { ...s.preferences, [key]: value } })),
  setPanelHidden: (panelId, hidden) =>
    set((s) => {
      const others = s.preferences.hiddenPanels.filter((id) => id !== panelId);
      return { preferences: { ...s.preferences, hiddenPanels: hidden ? [...others, panelId] : others } };
    }),
  setChartHeight: (chartId, heightPx) =>
    set((s) => ({
      preferences: {
        ...s.preferences,
        chartHeightsPx: {
          ...s.preferences.chartHeightsPx,
          [chartId]: Math.round(
            Math.min(CHART_HEIGHT_RANGE_PX.max, Math.max(CHART_HEIGHT_RANGE_PX.min, heightPx)),
          ),
        },
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
  const hiddenPanels = Array.isArray(raw.hiddenPanels)
    ? raw.hiddenPanels.filter((id): id is string => typeof id === 'string' && id.length < 100).slice(0, 50)
    : [];
  const chartHeightsPx: Record<string, number> = {};
  if (typeof raw.chartHeightsPx === 'object' && raw.chartHeightsPx !== null) {
    for (const [key, px] of Object.entries(raw.chartHeightsPx)) {
      if (
        typeof px === 'number' &&
        px >= CHART_HEIGHT_RANGE_PX.min &&
        px <= CHART_HEIGHT_RANGE_PX.max &&
        key.length < 100
      ) {
        chartHeightsPx[key] = px;
      }
    }
  }
  const sidebarCollapsed = typeof raw.sidebarCollapsed === 'boolean' ? raw.sidebarCollapsed : undefined;
  return { theme, trendWindowS, hiddenPanels, chartHeightsPx, sidebarCollapsed };
}
