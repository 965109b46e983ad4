/** The add-instrument dialog's "By address" logic: address checks, probe refusals, suggestions from a model. */
import { describe, expect, it } from 'vitest';
import {
  checkAddress,
  describeDiscovered,
  describeProbeRefusal,
  draftFromProbe,
  entryFromProbe,
  shortVendor,
  suggestIdFromModel,
  suggestLabel,
} from '../../../src-renderer/panels/bench/instrumentAddress';
import type { InstrumentProbedMessage } from '../../../shared/protocol/server';

describe('checkAddress', () => {
  it('accepts a host and a port, trimmed, the port as a number', () => {
    expect(checkAddress({ host: ' 192.168.1.40 ', port: ' 5555 ' })).toEqual({
      ok: true,
      host: '192.168.1.40',
      port: 5555,
    });
    expect(checkAddress({ host: 'dp832.lab', port: '1' })).toMatchObject({ ok: true, port: 1 });
    expect(checkAddress({ host: '::1', port: '65535' })).toMatchObject({ ok: true, port: 65_535 });
  });

  it.each([
    [{ host: '', port: '5555' }, { host: 'is required' }],
    [{ host: '   ', port: '5555' }, { host: 'is required' }],
    [{ host: 'my scope', port: '5555' }, { host: 'expected a host name or address' }],
    [{ host: 'a', port: '' }, { port: 'is required' }],
    [{ host: 'a', port: '0' }, { port: 'must be a TCP port from 1 to 65535' }],
    [{ host: 'a', port: '65536' }, { port: 'must be a TCP port from 1 to 65535' }],
    [{ host: 'a', port: '55.5' }, { port: 'must be a TCP port from 1 to 65535' }],
    [{ host: 'a', port: '-1' }, { port: 'must be a TCP port from 1 to 65535' }],
    [{ host: 'a', port: '5e3' }, { port: 'must be a TCP port from 1 to 65535' }],
    [
      { host: '', port: 'x' },
      { host: 'is required', port: 'must be a TCP port from 1 to 65535' },
    ],
  ])('refuses %j with %j', (draft, errors) => {
    expect(checkAddress(draft)).toEqual({ ok: false, errors });
  });
});

describe('describeProbeRefusal', () => {
  const unsupported =
    '127.0.0.1:5555 is a ACME X1, which Benchtop does not support. Supported: rigol-dp800 (DP832)';

  it("keeps an unsupported model's message whole: it names what answered and the supported models", () => {
    expect(
      describeProbeRefusal({ code: 'unsupported_instrument', message: unsupported }, '127.0.0.1', 5555),
    ).toBe(unsupported);
  });

  it('says nothing answered, and what to check, for an unreachable or silent address', () => {
    for (const reason of ['disconnected', 'timeout']) {
      const text = describeProbeRefusal(
        {
          code: 'instrument_fault',
          message: '10.0.0.9:5025 refused the connection',
          details: { reason },
        },
        '10.0.0.9',
        5025,
      );
      expect(text).toContain('Nothing answered: 10.0.0.9:5025 refused the connection.');
      expect(text).toContain('LAN');
    }
  });

  it('keeps the backend reason for a fault that is not about the address (too many probes)', () => {
    expect(
      describeProbeRefusal(
        { code: 'instrument_fault', message: '4 probes are running already', details: { reason: 'fault' } },
        'h',
        1,
      ),
    ).toBe('Could not identify h:1: 4 probes are running already');
  });

  it('tells a disconnected dashboard to wait for the backend', () => {
    expect(describeProbeRefusal({ code: 'not_connected', message: 'x' }, 'h', 1)).toContain(
      'not connected to the backend',
    );
  });
});

describe('suggestions from the model', () => {
  it('names the vendor as people write it', () => {
    expect(shortVendor('RIGOL TECHNOLOGIES')).toBe('Rigol');
    expect(shortVendor('Keysight Technologies')).toBe('Keysight');
    expect(shortVendor('Siglent Technologies')).toBe('Siglent');
    expect(shortVendor('  ')).toBe('');
  });

  it('suggests the first free id from the model', () => {
    expect(suggestIdFromModel('DP832', [])).toBe('dp832_1');
    expect(suggestIdFromModel('DP832', ['dp832_1', 'dp832_2'])).toBe('dp832_3');
    expect(suggestIdFromModel('DSO-X 1204G', [])).toBe('dso-x_1204g_1');
    expect(suggestIdFromModel('E36313A', [])).toBe('e36313a_1');
  });

  it('falls back to instrument_N when the model has nothing an id can start with', () => {
    expect(suggestIdFromModel('', [])).toBe('instrument_1');
    expect(suggestIdFromModel('1234', ['instrument_1'])).toBe('instrument_2');
    expect(suggestIdFromModel('√√√', [])).toBe('instrument_1');
  });

  it('keeps a long model within the id length', () => {
    const id = suggestIdFromModel('X'.repeat(200), []);
    expect(id).toMatch(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/);
  });

  it('suggests a name of vendor and model', () => {
    expect(suggestLabel({ vendor: 'RIGOL TECHNOLOGIES', model: 'DP832', serial: 's', firmware: 'f' })).toBe(
      'Rigol DP832',
    );
    expect(suggestLabel({ vendor: '', model: 'DP832', serial: '', firmware: '' })).toBe('DP832');
  });
});

describe('describeDiscovered', () => {
  it('names what announced itself and where, saying when the port is only the usual one', () => {
    expect(
      describeDiscovered({
        name: 'RIGOL DP832 DP8C1',
        host: '192.168.1.40',
        port: 5555,
        port_announced: true,
        services: ['scpi-raw', 'lxi'],
        manufacturer: 'RIGOL',
        model: 'DP832',
      }),
    ).toBe('RIGOL DP832 — 192.168.1.40:5555');
    expect(
      describeDiscovered({
        name: 'scope-lab',
        host: 'scope.local',
        port: 5025,
        port_announced: false,
        services: ['lxi'],
      }),
    ).toBe('scope-lab — scope.local:5025 (usual port, not announced)');
  });
});

describe('adding what a probe found', () => {
  const probe: InstrumentProbedMessage = {
    type: 'instrument_probed',
    request_id: 3,
    host: '192.168.1.40',
    port: 5555,
    identity: { vendor: 'RIGOL TECHNOLOGIES', model: 'DP832', serial: 'DP8C1', firmware: '00.01.16' },
    driver: 'rigol-dp800',
    description: 'Rigol DP800 supply over LAN',
  };

  it('starts the form from the probe: its driver, an id and a name from the model', () => {
    expect(draftFromProbe(probe, ['psu_1', 'dp832_1'])).toEqual({
      driver: 'rigol-dp800',
      id: 'dp832_2',
      label: 'Rigol DP832',
    });
  });

  it("sends the probe's driver and address, whatever driver the form held before", () => {
    expect(entryFromProbe({ id: 'left', label: 'Left supply', driver: 'sim-psu' }, probe)).toEqual({
      id: 'left',
      label: 'Left supply',
      driver: 'rigol-dp800',
      options: { host: '192.168.1.40', port: 5555 },
    });
  });
});
