/**
 * Picks an instrument's acquisition source: the driver's own when it offers one (a simulator's exact
 * synthesis), else the generic path for its kind — a supply polled for readings, a scope read record by
 * record. Undefined when the instrument cannot capture.
 */
import type { InstrumentHost } from '../../../instruments/index.js';
import { PolledSupplySource } from './PolledSupplySource.js';
import { RecordScopeSource } from './RecordScopeSource.js';
import type { CaptureContext, CaptureSource } from './types.js';

export function captureSourceFor(host: InstrumentHost, context: CaptureContext): CaptureSource | undefined {
  const own = host.driverCaptureSource(context);
  if (own !== undefined) return own;
  switch (host.capabilities().kind) {
    case 'power_supply':
      return new PolledSupplySource(host, context);
    case 'oscilloscope':
      return new RecordScopeSource(host);
    default:
      return undefined;
  }
}
