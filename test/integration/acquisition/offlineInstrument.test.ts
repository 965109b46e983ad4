/**
 * Captures of an instrument that has not answered since start-up: refused with instrument_fault (its
 * channels are not known yet), and possible as soon as it comes online — nothing built from its empty
 * catalog is kept.
 */
import { describe, expect, it } from 'vitest';
import { FaultyDriver } from '../../../src-main/instruments/faults/FaultyDriver.js';
import { SimOscilloscope } from '../../../src-main/instruments/scope/SimOscilloscope.js';
import type { EventMessage } from '../../../shared/protocol/index.js';
import { useTestBackend } from '../../helpers/backendFixture.js';
import { startAcquisitionBackend } from './helpers.js';

const fixture = useTestBackend({ lazy: true, starter: startAcquisitionBackend });

describe('captures of an instrument not reached yet', () => {
  it('are refused with instrument_fault until it answers, then accepted', async () => {
    const scope = new FaultyDriver(new SimOscilloscope({ id: 'scope_1' }), { disconnectAfterReads: 0 });
    await fixture.start({ drivers: [scope], instrumentHost: { backoff: { initialMs: 20, maxMs: 20 } } });
    const client = await fixture.connect('binary');
    const request = {
      type: 'create_acquisition',
      equipment_id: 'scope_1',
      mode: 'continuous',
      sample_rate: 1_000,
      channels: ['CH1'],
    };
    const refused = await client.request(request);
    expect(refused).toMatchObject({
      type: 'error',
      code: 'instrument_fault',
      details: { equipment_id: 'scope_1' },
    });
    expect(refused.type === 'error' && refused.message).toMatch(/scope_1 has not been reached yet: offline/);

    scope.reconnect();
    await client.next<EventMessage>(
      (m) => m.type === 'event' && m.kind === 'instrument_state' && m.details?.state === 'online',
    );
    const created = await client.request(request);
    expect(created).toMatchObject({
      type: 'acquisition_created',
      acquisition: { channels: [{ name: 'CH1', unit: 'V' }] },
    });
  });
});
