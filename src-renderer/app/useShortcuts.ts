/** Binds the shortcut table to the app's commands. */
import { useEffect } from 'react';
import { useAppStore } from '../store';
import { connection, setParameter } from './backend';
import { allOutputsOff } from './commands';
import { isTyping, SHORTCUTS } from './shortcuts';

export function useShortcuts(actions: {
  openHelp(): void;
  closeDialogs(): void;
  notify(text: string): void;
}): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      const shortcut = SHORTCUTS.find((s) => s.matches(event));
      if (!shortcut) return;
      const hasModifier = event.altKey || event.ctrlKey || event.metaKey;
      if (!hasModifier && shortcut.id !== 'close' && isTyping(event)) return;
      const state = useAppStore.getState();
      const instruments = state.instruments ?? [];
      const scopes = instruments.filter((i) => i.kind === 'oscilloscope');
      event.preventDefault();
      switch (shortcut.id) {
        case 'all-off':
          for (const psu of instruments.filter((i) => i.kind === 'power_supply')) {
            void allOutputsOff(psu).then((text) => actions.notify(`${psu.id}: ${text}`));
          }
          break;
        case 'scope-run':
          for (const scope of scopes) {
            const running = state.settings[scope.id]?.global.run_state === 'run';
            void setParameter(scope.id, 'run_state', running ? 'stop' : 'run').catch((err: Error) =>
              actions.notify(err.message),
            );
          }
          break;
        case 'scope-single':
          for (const scope of scopes)
            void setParameter(scope.id, 'trigger_mode', 'single').catch((err: Error) =>
              actions.notify(err.message),
            );
          break;
        case 'theme':
          state.setPreference('theme', state.preferences.theme === 'dark' ? 'light' : 'dark');
          break;
        case 'events':
          state.setPanelHidden('events', !state.preferences.hiddenPanels.includes('events'));
          break;
        case 'reconnect':
          connection.reconnectNow();
          break;
        case 'help':
          actions.openHelp();
          break;
        case 'close':
          actions.closeDialogs();
          break;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [actions]);
}
