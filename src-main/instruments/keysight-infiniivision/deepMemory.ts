/**
 * The InfiniiVision X's deep-memory download: the raw acquisition record a stopped scope holds (its whole
 * memory per channel, e.g. 2 M points on a DSO-X 1204G with one channel of a pair on), read as the
 * programmer's guide and Keysight's own examples do — `:WAV:POIN MAX` (which also switches the points mode
 * to MAXimum, so it comes first), `:WAV:POIN:MODE RAW`, `:WAV:POIN?` for what the scope will send, then per
 * channel `:WAV:PRE?` and one `:WAV:DATA?` block of the whole record. There are no windows (unlike a
 * DS1000Z's 250k): progress comes as the block's bytes arrive, and cancel aborts within the block (the port
 * drains the rest, so the link stays in step).
 *
 * Refused while the scope runs: the raw record exists only once it has stopped (`:STOP`, `:DIGitize`, or a
 * single capture that triggered). The download leaves `:WAV:POIN` at the raw count; the driver puts back
 * the record length of its normal reads before the next one (`pointsBefore`).
 */
import { DriverError, type MemoryDownloadOptions, type ScopeRecord } from '../InstrumentDriver.js';
import { decodeBytes, parsePreamble, type WaveformPreamble } from '../scpi-scope/preamble.js';
import { downloadCancelled, fetchBlockWithProgress } from '../scpi-scope/deepDownload.js';
import type { ScpiCalls } from '../scpi-scope/scpiCalls.js';

/** `:OPER:COND?` bit 3: the scope is acquiring (running, or a single capture armed). */
export const RUN_BIT = 8;

export async function readInfiniiVisionMemory(
  calls: ScpiCalls,
  who: string,
  channels: readonly number[],
  options: MemoryDownloadOptions,
): Promise<ScopeRecord> {
  const { signal, onProgress } = options;
  if (channels.length === 0) throw new DriverError(`${who} has no channel on to download`, 'invalid_value');
  const condition = await calls.number(':OPER:COND?', signal);
  if ((condition & RUN_BIT) !== 0) {
    throw new DriverError(
      `${who} is running: its raw record can be read only once stopped — set run_state to stop, or trigger_mode to single and wait for the capture`,
      'invalid_value',
      { operation_condition: condition },
    );
  }
  await calls.write(':WAV:FORM BYTE', signal);
  await calls.write(':WAV:UNS 1', signal);
  await calls.write(':WAV:POIN MAX', signal);
  await calls.write(':WAV:POIN:MODE RAW', signal);
  const acquiredPoints = await calls.number(':ACQ:POIN?', signal);
  const points = await calls.number(':WAV:POIN?', signal);
  if (!Number.isInteger(points) || points <= 0) {
    throw new DriverError(`${who} offers ${points} raw points: nothing was captured`, 'fault', {
      points,
    });
  }
  const plan: { channel: number; preamble: WaveformPreamble }[] = [];
  for (const channel of channels) {
    await calls.write(`:WAV:SOUR CHAN${channel}`, signal);
    const preamble = parsePreamble(await calls.query(':WAV:PRE?', signal));
    if (preamble.points !== points) {
      throw new DriverError(
        `${who}'s CH${channel} preamble announces ${preamble.points} points; :WAV:POIN? said ${points}`,
        'protocol',
      );
    }
    plan.push({ channel, preamble });
  }
  const totalPoints = points * plan.length;
  let receivedPoints = 0;
  const out: ScopeRecord['channels'] = [];
  for (const { channel, preamble } of plan) {
    if (signal?.aborted) throw downloadCancelled(who, receivedPoints, totalPoints);
    await calls.write(`:WAV:SOUR CHAN${channel}`, signal);
    const bytes = await fetchBlockWithProgress(calls, who, options, receivedPoints, totalPoints);
    if (bytes.length !== points) {
      const error = bytes.length === 0 ? await calls.query(':SYST:ERR?', signal) : undefined;
      throw new DriverError(
        `${who} sent ${bytes.length} of CH${channel}'s ${points} raw points (the scope acquired ${acquiredPoints})${error ? `: ${error}` : ''}`,
        bytes.length === 0 ? 'fault' : 'protocol',
      );
    }
    out.push({ channel, samples: decodeBytes(bytes, preamble, 'keysight') });
    receivedPoints += points;
    onProgress?.({ receivedPoints, totalPoints });
  }
  const first = plan[0]!.preamble;
  return { sampleRateHz: 1 / first.xIncrementS, x0S: first.xOriginS, triggered: true, channels: out };
}
