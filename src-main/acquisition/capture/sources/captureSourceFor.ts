/** Picks the acquisition source for an instrument by its kind; undefined when it cannot capture. */
import type { InstrumentHost } from '../../../instruments/index.js';
import { PsuCaptureSource } from './PsuCaptureSource.js';
import { ScopeCaptureSource } from './ScopeCaptureSource.js';
import type { CaptureSource } from './types.js';

/** @param seed seeds the scope source's noise, so a seeded backend captures the same noise. */
export function captureSourceFor(driver: InstrumentHost, seed: number): CaptureSource | undefined {
  switch (driver.capabilities().kind) {
    case 'oscilloscope':
      return new ScopeCaptureSource(driver, seed);
    case 'power_supply':
      return new PsuCaptureSource(driver);
    default:
      return undefined;
  }
}
