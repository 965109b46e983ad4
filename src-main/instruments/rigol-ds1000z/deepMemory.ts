/**
 * The DS1000Z's deep-memory download: the record a stopped scope holds (up to 24 M points with one channel
 * on), read in `:WAV:STAR`/`:WAV:STOP` windows of at most 250,000 BYTE points — the guide's limit for one
 * `:WAV:DATA?` in RAW mode — with progress after each window and cancel between (and within) windows
 * through an AbortSignal. Refused while the scope runs: the memory is only readable once it has stopped
 * (run_state stop, or a single capture that triggered).
 */
import { DriverError, type MemoryDownloadOptions, type ScopeRecord } from '../InstrumentDriver.js';
import { decodeBytes, parsePreamble } from '../scpi-scope/preamble.js';
import { downloadCancelled, fetchBlockWithProgress } from '../scpi-scope/deepDownload.js';
import type { ScpiCalls } from '../scpi-scope/scpiCalls.js';
import { DS1000Z_MAX_BYTE_WINDOW } from './ds1000zModels.js';

// The capture path's view of it (DeepMemoryCapture, hasDeepMemory) is generic: InstrumentDriver.ts.
export { hasDeepMemory, type MemoryDownloadOptions } from '../InstrumentDriver.js';

export async function readDs1000zMemory(
  calls: ScpiCalls,
  who: string,
  channels: readonly number[],
  options: MemoryDownloadOptions,
): Promise<ScopeRecord> {
  const { signal, onProgress } = options;
  const windowPoints = Math.min(
    DS1000Z_MAX_BYTE_WINDOW,
    Math.max(1, options.windowPoints ?? DS1000Z_MAX_BYTE_WINDOW),
  );
  if (channels.length === 0) throw new DriverError(`${who} has no channel on to download`, 'invalid_value');
  const status = await calls.query(':TRIG:STAT?', signal);
  if (status.toUpperCase() !== 'STOP') {
    throw new DriverError(
      `${who} is running (trigger status ${status}): its memory can be read only once stopped — set run_state to stop, or trigger_mode to single and wait for the capture`,
      'invalid_value',
      { trigger_status: status },
    );
  }
  await calls.write(':WAV:MODE RAW', signal);
  await calls.write(':WAV:FORM BYTE', signal);
  const plan: { channel: number; preamble: ReturnType<typeof parsePreamble> }[] = [];
  for (const channel of channels) {
    await calls.write(`:WAV:SOUR CHAN${channel}`, signal);
    plan.push({ channel, preamble: parsePreamble(await calls.query(':WAV:PRE?', signal)) });
  }
  const totalPoints = plan.reduce((sum, p) => sum + p.preamble.points, 0);
  let receivedPoints = 0;
  const out: ScopeRecord['channels'] = [];
  for (const { channel, preamble } of plan) {
    await calls.write(`:WAV:SOUR CHAN${channel}`, signal);
    const samples = new Float32Array(preamble.points);
    for (let start = 1; start <= preamble.points; start += windowPoints) {
      if (signal?.aborted) throw downloadCancelled(who, receivedPoints, totalPoints);
      const stop = Math.min(preamble.points, start + windowPoints - 1);
      await calls.write(`:WAV:STAR ${start}`, signal);
      await calls.write(`:WAV:STOP ${stop}`, signal);
      // Cancelled within a window: the port drains the rest of the block.
      const bytes = await fetchBlockWithProgress(calls, who, options, receivedPoints, totalPoints);
      if (bytes.length !== stop - start + 1) {
        const error = bytes.length === 0 ? await calls.query(':SYST:ERR?', signal) : undefined;
        throw new DriverError(
          `${who} sent ${bytes.length} points for CH${channel} ${start}..${stop}${error ? ` (${error})` : ''}`,
          bytes.length === 0 ? 'fault' : 'protocol',
        );
      }
      decodeBytes(bytes, preamble, 'rigol', samples, start - 1);
      receivedPoints += bytes.length;
      onProgress?.({ receivedPoints, totalPoints });
    }
    out.push({ channel, samples });
  }
  const first = plan[0]!.preamble;
  return { sampleRateHz: 1 / first.xIncrementS, x0S: first.xOriginS, triggered: true, channels: out };
}
