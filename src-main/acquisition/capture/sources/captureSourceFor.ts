/**
 * Picks an instrument's acquisition source: the driver's own when it offers one (a simulator's exact
 * synthesis), else the generic path for its kind — a supply polled for readings, a scope read record by
 * record. Undefined when the instrument cannot capture.
 */
import type { InstrumentHost } from '../../../instruments/index.js';
import { PolledSupplySource } from './PolledSupplySource.js';
import { withMathChannels } from './MathCaptureSource.js';
import { RecordScopeSource } from './RecordScopeSource.js';
import type { CaptureContext, CaptureSource } from './types.js';

export function captureSourceFor(host: InstrumentHost, context: CaptureContext): CaptureSource | undefined {
  const own = host.driverCaptureSource(context);
  const kind = host.capabilities().kind;
  if (kind === 'oscilloscope') {
    // Every scope's captures carry its math channels, whichever source captures the inputs.
    return withMathChannels(own ?? new RecordScopeSource(host), () => host.mathChannels());
  }
  if (own !== undefined) return own;
  return kind === 'power_supply' ? new PolledSupplySource(host, context) : undefined;
}
