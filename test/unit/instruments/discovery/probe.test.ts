import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  parseIdentity,
  probeInstrument,
  supportedModels,
} from '../../../../src-main/instruments/discovery/index.js';
import { defineDriver } from '../../../../src-main/instruments/driverRegistration.js';
import type { DriverRegistry } from '../../../../src-main/instruments/drivers.js';

const unbuildable = (): Promise<never> => Promise.reject(new Error('not built in this test'));
const drivers: DriverRegistry = {
  'sim-psu': defineDriver({
    kind: 'power_supply',
    description: 'sim',
    options: z.object({}),
    build: unbuildable,
  }),
  'rigol-dp800': defineDriver({
    kind: 'power_supply',
    description: 'Rigol DP800 supply',
    options: z.object({}),
    scpi: {
      models: ['DP832', 'DP831'],
      recognises: (id) => /^RIGOL/i.test(id.vendor) && /^DP8/.test(id.model),
    },
    build: unbuildable,
  }),
};
const at = { host: '127.0.0.1', port: 5555 };

describe('parseIdentity', () => {
  it('splits the four fields and keeps commas inside the firmware field', () => {
    expect(parseIdentity('RIGOL TECHNOLOGIES,DP832,DP8C1234,00.01.14\n')).toEqual({
      vendor: 'RIGOL TECHNOLOGIES',
      model: 'DP832',
      serial: 'DP8C1234',
      firmware: '00.01.14',
    });
    expect(parseIdentity('A,B,C,1.0,build 7')?.firmware).toBe('1.0,build 7');
  });

  it('refuses replies that are not identities', () => {
    expect(parseIdentity('1')).toBeUndefined();
    expect(parseIdentity(',,,')).toBeUndefined();
  });
});

describe('probeInstrument', () => {
  it('names the driver that recognises the identity', async () => {
    const result = await probeInstrument(at, drivers, async () => 'RIGOL TECHNOLOGIES,DP832,DP8C1,00.01.14');
    expect(result).toMatchObject({ ok: true, driver: 'rigol-dp800', identity: { model: 'DP832' } });
  });

  it('names the supported models when nobody recognises it', async () => {
    const result = await probeInstrument(at, drivers, async () => 'RIGOL TECHNOLOGIES,DP711,DP7X,00.01.01');
    expect(result).toEqual({
      ok: false,
      identity: { vendor: 'RIGOL TECHNOLOGIES', model: 'DP711', serial: 'DP7X', firmware: '00.01.01' },
      message:
        '127.0.0.1:5555 is a RIGOL TECHNOLOGIES DP711, which Benchtop does not support. Supported: rigol-dp800 (DP832, DP831)',
    });
    expect(supportedModels({})).toBe('none');
  });

  it('says what came back when the reply is not an identity', async () => {
    const result = await probeInstrument(at, drivers, async () => 'garbage');
    expect(result).toEqual({
      ok: false,
      message: '127.0.0.1:5555 answered *IDN? with "garbage", which is not an identity',
    });
  });
});
