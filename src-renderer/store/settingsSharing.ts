/**
 * Storing an instrument's settings as read back from it, keeping what did not change. The scope panel
 * re-reads its settings twice a second while live (the trigger state), and each reply is a fresh object:
 * stored as it came, every component selecting the settings — the whole scope panel with its channel
 * controls, math, FFT and statistics — re-rendered twice a second, and React re-applied every input's
 * attributes, while the waveform was being drawn every frame (docs/BENCHMARKS.md, rendererLive).
 */
import type { InstrumentSettings, SettingValue } from './benchState';

type Section = Record<string, SettingValue>;

function sameSection(a: Section | undefined, b: Section): boolean {
  if (a === undefined) return false;
  const keys = Object.keys(b);
  if (Object.keys(a).length !== keys.length) return false;
  return keys.every((k) => Object.hasOwn(a, k) && Object.is(a[k], b[k]));
}

/**
 * `next` with every section (global, each channel) that equals the one in `current` replaced by that
 * same object; `current` itself when nothing changed, so a store write can be skipped altogether.
 */
export function sharedSettings(
  current: InstrumentSettings | undefined,
  next: InstrumentSettings,
): InstrumentSettings {
  if (current === undefined) return next;
  const global = sameSection(current.global, next.global) ? current.global : next.global;
  const names = Object.keys(next.channels);
  let channelsSame = Object.keys(current.channels).length === names.length;
  const channels: InstrumentSettings['channels'] = {};
  for (const name of names) {
    const section = next.channels[name]!;
    const before = current.channels[name];
    if (sameSection(before, section)) channels[name] = before!;
    else {
      channels[name] = section;
      channelsSame = false;
    }
  }
  if (channelsSame && global === current.global) return current;
  return { global, channels: channelsSame ? current.channels : channels };
}
