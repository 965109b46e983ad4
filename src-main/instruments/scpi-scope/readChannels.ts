/**
 * One record of every channel on, read from a stopped SCPI scope the way both supported families answer:
 * for each channel `:WAV:SOUR CHAN<n>`, its `:WAV:PRE?` and its `:WAV:DATA?` block, converted to volts
 * with the preamble in the vendor's convention. An empty block is the scope's refusal (its `:SYST:ERR?`
 * text becomes a `fault`); a block of another length than its preamble announced is a `protocol` error.
 * The caller has set the points mode and format, and stopped the scope.
 */
import { DriverError, type ScopeRecord } from '../InstrumentDriver.js';
import { decodeBytes, parsePreamble, type PreambleConvention } from './preamble.js';
import type { ScpiCalls } from './scpiCalls.js';

export async function readChannelRecords(
  calls: ScpiCalls,
  who: string,
  channels: readonly number[],
  convention: PreambleConvention,
  signal?: AbortSignal,
): Promise<Omit<ScopeRecord, 'triggered'>> {
  const out: ScopeRecord['channels'] = [];
  let sampleRateHz = 0;
  let x0S = 0;
  for (const channel of channels) {
    await calls.write(`:WAV:SOUR CHAN${channel}`, signal);
    const preamble = parsePreamble(await calls.query(':WAV:PRE?', signal));
    const bytes = await calls.port.queryBlock(':WAV:DATA?', { signal });
    if (bytes.length === 0) {
      const error = await calls.query(':SYST:ERR?', signal);
      throw new DriverError(`${who} sent no data for CH${channel}: ${error}`, 'fault');
    }
    if (bytes.length !== preamble.points) {
      throw new DriverError(
        `${who} sent ${bytes.length} points of CH${channel}; its preamble announced ${preamble.points}`,
        'protocol',
      );
    }
    sampleRateHz = 1 / preamble.xIncrementS;
    x0S = preamble.xOriginS;
    out.push({ channel, samples: decodeBytes(bytes, preamble, convention) });
  }
  return { sampleRateHz, x0S, channels: out };
}
