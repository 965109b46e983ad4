import type { StateCreator } from 'zustand';

export type SettingValue = number | boolean | string;

export interface InstrumentSettings {
  global: Record<string, SettingValue>;
  channels: Record<string, Record<string, SettingValue>>;
}

/**
 * Whether `parameter` is among the settings the instrument reports (`get_parameters`) for that channel, or
 * globally without one. A parameter that is not is a command (a power supply's `clear_protection`): its
 * effect shows only in other settings (`protection_tripped`), so the instrument must be re-read; storing the
 * command's value would leave those showing what is no longer true.
 */
export function isReportedSetting(
  settings: InstrumentSettings | undefined,
  parameter: string,
  channel?: number,
): boolean {
  if (settings === undefined) return false;
  const reported = channel === undefined ? settings.global : settings.channels[channel];
  return reported !== undefined && Object.hasOwn(reported, parameter);
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
