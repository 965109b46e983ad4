import { describe, expect, it } from 'vitest';
import type { RecordMeasurer } from '../../../src-main/instruments/index.js';
import type { ScopeRecord } from '../../../src-main/instruments/InstrumentDriver.js';
import { SimOscilloscope } from '../../../src-main/instruments/scope/SimOscilloscope.js';
import { openHost } from '../../helpers/hosts.js';

/** A measurer under the test's hand: each record waits until the test answers it. */
function manualMeasurer() {
  const asked: {
    record: ScopeRecord;
    answer: (values: Record<string, Record<string, number>> | undefined) => void;
  }[] = [];
  const measurer: RecordMeasurer = {
    measure: (_id, record, timestampMs) =>
      new Promise((resolve) => {
        asked.push({ record, answer: (values) => resolve(values && { timestampMs, values }) });
      }),
  };
  return { asked, measurer };
}

describe('InstrumentHost with a measurer', () => {
  it('measures a scope’s records (math channels included) through the measurer, outside the instrument’s queue', async () => {
    const { asked, measurer } = manualMeasurer();
    const host = await openHost(new SimOscilloscope({ seed: 3, initial: { recordLength: 1_000 } }), {
      measurer,
    });
    await host.setParameter('math1_function', 'subtract');
    const measuring = host.read('measurements');
    await new Promise((resolve) => setImmediate(resolve));
    expect(asked).toHaveLength(1);
    expect(asked[0]!.record.channels.map((c) => c.channel)).toContain(17);
    // The queue is free while the record is measured: a waveform read goes through meanwhile.
    await expect(host.read('waveform')).resolves.toMatchObject({ kind: 'record' });
    asked[0]!.answer({ CH1: { vpp: 1 } });
    await expect(measuring).resolves.toMatchObject({ kind: 'measurements', values: { CH1: { vpp: 1 } } });
  });

  it('answers a record the measurer could not measure as a dropped read, not a fault', async () => {
    const { asked, measurer } = manualMeasurer();
    const host = await openHost(new SimOscilloscope({ seed: 3, initial: { recordLength: 1_000 } }), {
      measurer,
    });
    const measuring = host.read('measurements');
    await new Promise((resolve) => setImmediate(resolve));
    asked[0]!.answer(undefined);
    await expect(measuring).resolves.toMatchObject({ kind: 'none', reason: 'dropped' });
  });
});
