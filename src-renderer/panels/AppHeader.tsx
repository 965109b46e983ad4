/** Title bar: trend window and theme, both remembered across restarts. */
import { useEffect } from 'react';
import { selectPreferences, useAppStore } from '../store';
import { TREND_WINDOWS_S } from '../store/preferencesSlice';
import { ActiveAlarms } from './alarms/ActiveAlarms';

function windowLabel(seconds: number): string {
  return seconds < 60 ? `${seconds} s` : `${seconds / 60} min`;
}

export function AppHeader({ onHelp, onSetups }: { onHelp(): void; onSetups(): void }): React.JSX.Element {
  const { theme, trendWindowS } = useAppStore(selectPreferences);
  const setPreference = useAppStore((s) => s.setPreference);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  return (
    <header className="app-header">
      <h1>Benchtop</h1>
      <ActiveAlarms />
      <span className="spacer" />
      <button type="button" onClick={onSetups} data-testid="setups-open" title="Save and recall named setups">
        Setups…
      </button>
      <label>
        Trend window
        <select
          data-testid="trend-window"
          value={trendWindowS}
          onChange={(e) => setPreference('trendWindowS', Number(e.target.value))}
        >
          {TREND_WINDOWS_S.map((s) => (
            <option key={s} value={s}>
              {windowLabel(s)}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        data-testid="theme-toggle"
        aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}
        onClick={() => setPreference('theme', theme === 'dark' ? 'light' : 'dark')}
      >
        {theme === 'dark' ? 'Light theme' : 'Dark theme'}
      </button>
      <button
        type="button"
        onClick={onHelp}
        data-testid="help-open"
        aria-label="Keyboard shortcuts and help"
        title="Help (?)"
      >
        ?
      </button>
    </header>
  );
}
