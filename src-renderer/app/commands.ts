/** User-level commands shared by buttons and keyboard shortcuts. */
import type { InstrumentInfo } from '../../shared/protocol/catalog';
import type { BenchClient } from '../client/BenchClient';

/**
 * Turns every output of a power supply off. Each channel is commanded on its own, so one failing
 * channel cannot keep the others on; resolves with a summary for the user.
 */
export async function allOutputsOff(bench: BenchClient, instrument: InstrumentInfo): Promise<string> {
  const channels = instrument.channels.map((_, i) => i + 1);
  const results = await Promise.allSettled(
    channels.map((ch) => bench.setParameter(instrument.id, 'output_enabled', false, ch)),
  );
  const failed = results.flatMap((r, i) =>
    r.status === 'rejected' ? [`CH${channels[i]}: ${(r.reason as Error).message}`] : [],
  );
  return failed.length === 0 ? 'All outputs off' : `Failed: ${failed.join('; ')}`;
}
