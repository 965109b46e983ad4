/**
 * `get_spectrum` over a real server: the FFT of the demo scope's CH1 (1 kHz sine, 1 V peak) peaks at
 * 1 kHz and reads −3.01 dBV; a math channel has a spectrum too; what cannot be analysed is refused with a
 * message that says what to do.
 */
import { describe, expect, it } from 'vitest';
import type { ErrorMessage, SpectrumMessage } from '../../../shared/protocol/index.js';
import { SimPowerSupply } from '../../../src-main/instruments/psu/SimPowerSupply.js';
import { SimOscilloscope } from '../../../src-main/instruments/scope/SimOscilloscope.js';
import { useTestBackend } from '../../helpers/backendFixture.js';

describe('get_spectrum', () => {
  const fixture = useTestBackend({
    options: () => ({
      drivers: [
        new SimPowerSupply({ id: 'psu_1', seed: 1 }),
        new SimOscilloscope({ id: 'scope_1', seed: 3 }),
      ],
    }),
  });

  it('finds the 1 kHz sine of CH1 at −3.01 dBV with the flat-top window, reduced to the width asked', async () => {
    const client = await fixture.connect('json');
    const reply = await client.request<SpectrumMessage>({
      type: 'get_spectrum',
      equipment_id: 'scope_1',
      channel: 'CH1',
      window: 'flat_top',
      width: 400,
    });
    expect(reply).toMatchObject({
      type: 'spectrum',
      channel: 'CH1',
      record_length: 10_000,
      fft_size: 16_384,
    });
    expect(reply.frequency_hz.length).toBeLessThanOrEqual(400);
    expect(reply.frequency_hz.length).toBe(reply.rms_v.length);
    expect(reply.bin_hz).toBeCloseTo(reply.sample_rate / 16_384, 9);
    expect(Math.abs(reply.peak!.frequency_hz - 1_000)).toBeLessThan(reply.bin_hz / 2);
    expect(reply.peak!.dbv).toBeCloseTo(-3.01, 1);
  });

  it('gives a math channel its spectrum, on a log axis when asked', async () => {
    const client = await fixture.connect('json');
    await client.request({
      type: 'set_parameter',
      equipment_id: 'scope_1',
      parameter: 'math1_function',
      value: 'negate',
    });
    const reply = await client.request<SpectrumMessage>({
      type: 'get_spectrum',
      equipment_id: 'scope_1',
      channel: 'M1',
      window: 'hann',
      log_frequency: true,
    });
    expect(reply.type).toBe('spectrum');
    expect(reply.frequency_hz[0]).toBeGreaterThan(0);
    expect(Math.abs(reply.peak!.frequency_hz - 1_000)).toBeLessThan(reply.bin_hz / 4);
  });

  it('refuses what it cannot analyse with an actionable message', async () => {
    const client = await fixture.connect('json');
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ equipment_id: 'psu_1', channel: 'CH1' }, 'unsupported_instrument', /psu_1 is not an oscilloscope/],
      [
        { equipment_id: 'scope_1', channel: 'CH3' },
        'not_found',
        /CH3 is not in scope_1's records.*turn it on/,
      ],
      [{ equipment_id: 'scope_1', channel: 'M2' }, 'not_found', /M2 .*define it/],
      [{ equipment_id: 'nope', channel: 'CH1' }, 'unknown_equipment', /no instrument "nope"/],
      [{ equipment_id: 'scope_1', channel: 'CH1', window: 'kaiser' }, 'invalid_message', /window/],
      [{ equipment_id: 'scope_1', channel: 'ch1' }, 'invalid_message', /channel/],
    ];
    for (const [fields, code, message] of cases) {
      const error = await client.request<ErrorMessage>({ type: 'get_spectrum', window: 'hann', ...fields });
      expect(error, JSON.stringify(fields)).toMatchObject({ type: 'error', code });
      expect(error.message).toMatch(message);
    }
  });
});
