/**
 * A storage that writes a key only when its value differs from the one it last wrote or read there.
 * zustand's persist middleware writes the persisted part (the preferences) after every `set`, whatever
 * changed; the benches' state changes many times a second (link statistics, settings, events of every
 * bench), and each write is a synchronous localStorage.setItem on the page's main thread
 * (docs/BENCHMARKS.md, "fleetPixel").
 */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export function unchangedWritesSkipped(storage: KeyValueStorage): KeyValueStorage {
  const known = new Map<string, string | null>();
  return {
    getItem: (key) => {
      const value = storage.getItem(key);
      known.set(key, value);
      return value;
    },
    setItem: (key, value) => {
      if (known.get(key) === value) return;
      storage.setItem(key, value);
      known.set(key, value);
    },
    removeItem: (key) => {
      storage.removeItem(key);
      known.set(key, null);
    },
  };
}
