/** Binds the shortcut table (and the desktop menu's commands) to the app's actions. */
import { useEffect } from 'react';
import { useAppStore } from '../store';
import { useBench } from '../client/BenchContext';
import { panelProfileOf } from '../panels/panelProfile';
import { allOutputsOff } from './commands';
import { isTyping, SHORTCUTS } from './shortcuts';

export interface ShortcutActions {
  openHelp(): void;
  closeDialogs(): void;
  notify(text: string): void;
  /** File › Export… in the desktop menu. */
  openExport(): void;
}

/** Desktop menu commands, mapped onto the shortcut ids that do the same thing. */
const MENU_TO_SHORTCUT = {
  export: 'export',
  help: 'help',
  'toggle-theme': 'theme',
  'all-outputs-off': 'all-off',
} as const;

export function useShortcuts(actions: ShortcutActions): void {
  const bench = useBench();
  useEffect(() => {
    const run = (id: string): void => {
      const state = useAppStore.getState();
      const { instruments = [], settings } = bench.state.current();
      const scopes = instruments.filter((i) => panelProfileOf(i) === 'oscilloscope');
      const report = (err: Error): void => actions.notify(err.message);
      switch (id) {
        case 'all-off':
          for (const psu of instruments.filter((i) => panelProfileOf(i) === 'power_supply')) {
            void allOutputsOff(bench, psu).then((text) => actions.notify(`${psu.id}: ${text}`));
          }
          break;
        case 'scope-run':
          for (const scope of scopes) {
            const running = settings[scope.id]?.global.run_state === 'run';
            void bench.setParameter(scope.id, 'run_state', running ? 'stop' : 'run').catch(report);
          }
          break;
        case 'scope-single':
          for (const scope of scopes)
            void bench.setParameter(scope.id, 'trigger_mode', 'single').catch(report);
          break;
        case 'theme':
          state.setPreference('theme', state.preferences.theme === 'dark' ? 'light' : 'dark');
          break;
        case 'events':
          state.setPanelHidden('events', !state.preferences.hiddenPanels.includes('events'));
          break;
        case 'reconnect':
          bench.connection.reconnectNow();
          break;
        case 'help':
          actions.openHelp();
          break;
        case 'close':
          actions.closeDialogs();
          break;
        case 'export':
          actions.openExport();
          break;
      }
    };
    const onKey = (event: KeyboardEvent): void => {
      const shortcut = SHORTCUTS.find((s) => s.matches(event));
      if (!shortcut) return;
      const hasModifier = event.altKey || event.ctrlKey || event.metaKey;
      if (!hasModifier && shortcut.id !== 'close' && isTyping(event)) return;
      event.preventDefault();
      run(shortcut.id);
    };
    window.addEventListener('keydown', onKey);
    const offMenu = window.benchtop?.onMenuCommand((command) => run(MENU_TO_SHORTCUT[command]));
    return () => {
      window.removeEventListener('keydown', onKey);
      offMenu?.();
    };
  }, [actions, bench]);
}
