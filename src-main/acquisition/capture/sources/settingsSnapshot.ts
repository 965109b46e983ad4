/**
 * What an acquisition records about its instrument when it is created: who it is (vendor, model, serial
 * from the catalog — the provenance every export carries) and how it was set up (its parameters).
 */
import type { CaptureHost } from './types.js';

export async function settingsSnapshot(driver: CaptureHost): Promise<Record<string, unknown>> {
  const { vendor, model, serial } = driver.capabilities();
  const parameters = await driver.getParameters();
  return {
    identity: { vendor, model, serial },
    global: parameters.global,
    channels: parameters.channels,
  };
}
