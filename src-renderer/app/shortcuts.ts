/**
 * Every keyboard shortcut in one table, so the help dialog lists exactly what the app does. Shortcuts
 * with a modifier work everywhere; plain keys are ignored while typing in a field.
 */
export interface Shortcut {
  id: string;
  keys: string;
  description: string;
  matches(event: KeyboardEvent): boolean;
}

const alt = (key: string) => (e: KeyboardEvent) =>
  e.altKey && !e.ctrlKey && !e.metaKey && e.key.toLowerCase() === key;

export const SHORTCUTS: Shortcut[] = [
  { id: 'all-off', keys: 'Alt+O', description: 'All power-supply outputs off', matches: alt('o') },
  { id: 'scope-run', keys: 'Alt+R', description: 'Oscilloscope run / stop', matches: alt('r') },
  { id: 'scope-single', keys: 'Alt+S', description: 'Oscilloscope single capture', matches: alt('s') },
  { id: 'theme', keys: 'Alt+T', description: 'Switch dark / light theme', matches: alt('t') },
  { id: 'events', keys: 'Alt+E', description: 'Show / hide the events log', matches: alt('e') },
  { id: 'reconnect', keys: 'Alt+C', description: 'Reconnect now', matches: alt('c') },
  {
    id: 'help',
    keys: '?',
    description: 'This list of shortcuts',
    matches: (e) => e.key === '?' && !e.ctrlKey && !e.metaKey && !e.altKey,
  },
  { id: 'close', keys: 'Esc', description: 'Close a dialog', matches: (e) => e.key === 'Escape' },
];

export function isTyping(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  return (
    !!target &&
    (target.tagName === 'INPUT' ||
      target.tagName === 'SELECT' ||
      target.tagName === 'TEXTAREA' ||
      target.isContentEditable)
  );
}
