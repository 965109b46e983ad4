/**
 * Cost of one power-supply readings `stream_data` message on the wire: JSON.stringify on the server plus
 * JSON.parse on the client, per message, and its size. The message is what renderStreamData sends for a
 * three-channel supply (the first channel's fields at the top level, as in the streaming guide, plus
 * `channels` with all three).
 *
 * Baselines, measured in the same run:
 * - the same message without `channels` — what the guide's single-channel shape costs; the ratio is the
 *   price of carrying every channel;
 * - three such messages, one per channel — the same information sent the guide's way.
 */
import type { PsuReadingsData, StreamDataMessage } from '../../shared/protocol/index.js';
import { DEMO_BENCH, SimPowerSupply } from '../../src-main/instruments/psu/SimPowerSupply.js';
import { consume, timeInterleaved, type Timing } from './measure.js';
import type { BenchResult } from './types.js';

async function readingsMessages(): Promise<{ full: StreamDataMessage; perChannel: StreamDataMessage[] }> {
  const psu = new SimPowerSupply({
    id: 'psu_1',
    seed: 7,
    initial: { ...DEMO_BENCH, 2: { ...DEMO_BENCH[2], outputEnabled: true } },
  });
  await new Promise((resolve) => setTimeout(resolve, 20));
  const sample = await psu.read('readings');
  if (sample.kind !== 'readings') throw new Error(`expected readings, got ${sample.kind}`);
  const envelope = (data: Record<string, unknown>, seq: number): StreamDataMessage => ({
    type: 'stream_data',
    equipment_id: 'psu_1',
    stream_type: 'readings',
    stream_id: 1,
    seq,
    timestamp: sample.timestampMs,
    data,
  });
  const primary = sample.readings[0]!;
  const full: PsuReadingsData = { ...primary, channels: sample.readings };
  return {
    full: envelope(full as unknown as Record<string, unknown>, 12_345),
    perChannel: sample.readings.map((r, i) => envelope({ ...r }, 12_345 + i)),
  };
}

function roundTrip(message: StreamDataMessage): number {
  const text = JSON.stringify(message);
  const back = JSON.parse(text) as StreamDataMessage;
  return text.length + back.seq;
}

export async function run(): Promise<BenchResult[]> {
  const { full, perChannel } = await readingsMessages();
  const { channels: _dropped, ...primaryOnly } = full.data;
  const withoutChannels: StreamDataMessage = { ...full, data: primaryOnly };

  const cpu = { clock: 'cpu' } as const;
  const [ours, single, three] = timeInterleaved(
    [
      () => roundTrip(full),
      () => roundTrip(withoutChannels),
      () => perChannel.reduce((sum, m) => sum + roundTrip(m), 0),
    ],
    5,
    [cpu, cpu, cpu],
  ) as [Timing, Timing, Timing];

  const bytes = (m: StreamDataMessage): number => Buffer.byteLength(JSON.stringify(m));
  const fullBytes = bytes(full);
  const singleBytes = bytes(withoutChannels);
  const threeBytes = perChannel.reduce((sum, m) => sum + bytes(m), 0);
  consume(fullBytes);

  return [
    {
      name: 'readings stream_data encode+decode (3 channels)',
      value: ours.medianNs,
      unit: 'ns/message',
      baseline: { name: 'same without channels[]', value: single.medianNs },
      ratio: single.medianNs / ours.medianNs,
      notes:
        `JSON.stringify + JSON.parse, CPU time; median of 5 interleaved rounds of 5 × ${ours.callsPerRepetition} calls ` +
        `(spread ${Math.round(ours.minNs)}–${Math.round(ours.maxNs)} ns); ` +
        `one core does ${Math.round(1e9 / ours.medianNs).toLocaleString('en-US')} messages/s`,
    },
    {
      name: 'readings encode+decode vs one message per channel',
      value: ours.medianNs,
      unit: 'ns/message',
      baseline: { name: '3 messages without channels[]', value: three.medianNs },
      ratio: three.medianNs / ours.medianNs,
      notes: 'the same three channels sent the streaming guide’s way, one message each',
    },
    {
      name: 'readings stream_data size (3 channels)',
      value: fullBytes,
      unit: 'bytes/message',
      baseline: { name: 'same without channels[]', value: singleBytes },
      ratio: singleBytes / fullBytes,
    },
    {
      name: 'readings size vs one message per channel',
      value: fullBytes,
      unit: 'bytes/message',
      baseline: { name: '3 messages without channels[]', value: threeBytes },
      ratio: threeBytes / fullBytes,
    },
  ];
}
