import { describe, expect, it } from 'vitest';
import { DEFAULT_PREFERENCES, sanitizePreferences } from '../../../src-renderer/store/preferencesSlice';

describe('sanitizePreferences', () => {
  it('keeps valid persisted values', () => {
    const prefs = {
      theme: 'light',
      trendWindowS: 300,
      hiddenPanels: ['events'],
      chartHeightsPx: { 'scope-chart': 400 },
    };
    expect(sanitizePreferences(prefs)).toEqual(prefs);
  });
  it('drops stream intervals an older version kept here (the backend remembers streams now)', () => {
    expect(sanitizePreferences({ streamIntervalsMs: { 'psu_1/readings/*': 50 } })).toEqual(
      DEFAULT_PREFERENCES,
    );
  });
  it('replaces anything malformed with defaults instead of breaking the dashboard', () => {
    expect(sanitizePreferences(undefined)).toEqual(DEFAULT_PREFERENCES);
    expect(sanitizePreferences('junk')).toEqual(DEFAULT_PREFERENCES);
    expect(
      sanitizePreferences({
        theme: 'neon',
        trendWindowS: 7,
        streamIntervalsMs: { a: -1, b: 'x', c: Infinity, d: 20, e: 'display', f: 'Display' },
        hiddenPanels: 'events',
        chartHeightsPx: { a: 5, b: 300, c: 'tall' },
      }),
    ).toEqual({
      theme: 'dark',
      trendWindowS: 60,
      hiddenPanels: [],
      chartHeightsPx: { b: 300 },
    });
  });
});
