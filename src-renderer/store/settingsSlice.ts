import type { StateCreator } from 'zustand';

export type SettingValue = number | boolean | string;

export interface InstrumentSettings {
  global: Record<string, SettingValue>;
  channels: Record<string, Record<string, SettingValue>>;
}

export interface SettingsSlice {
  /** Current instrument settings by equipment id, from `get_parameters` and `setting_changed` events. */
  settings: Record<string, InstrumentSettings>;
  setSettings(equipmentId: string, settings: InstrumentSettings): void;
  applySetting(equipmentId: string, parameter: string, value: SettingValue, channel?: number): void;
}

export const createSettingsSlice: StateCreator<SettingsSlice, [], [], SettingsSlice> = (set) => ({
  settings: {},
  setSettings: (equipmentId, settings) =>
    set((s) => ({ settings: { ...s.settings, [equipmentId]: settings } })),
  applySetting: (equipmentId, parameter, value, channel) =>
    set((s) => {
      const current = s.settings[equipmentId] ?? { global: {}, channels: {} };
      const next: InstrumentSettings =
        channel === undefined
          ? { ...current, global: { ...current.global, [parameter]: value } }
          : {
              ...current,
              channels: {
                ...current.channels,
                [channel]: { ...current.channels[channel], [parameter]: value },
              },
            };
      return { settings: { ...s.settings, [equipmentId]: next } };
    }),
});
