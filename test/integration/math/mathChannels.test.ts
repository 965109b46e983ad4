/**
 * Math channels end to end over a real server: M1 = CH1 − CH2 set like any scope setting, then found in
 * the waveform records, the measurements, a capture's channels (with its unit) and the capture's CSV
 * export; bad math settings are refused with a message a person can act on.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type {
  ErrorMessage,
  ExportDoneMessage,
  ExportStartedMessage,
  InfoMessage,
  MeasurementsData,
  ParametersMessage,
  StreamDataMessage,
  WaveformJsonData,
} from '../../../shared/protocol/index.js';
import { useTestBackend } from '../../helpers/backendFixture.js';
import type { TestClient } from '../../helpers/testBackend.js';
import {
  command,
  create,
  expectedValue,
  readAll,
  startAcquisitionBackend,
  stateEvent,
} from '../acquisition/helpers.js';

async function set(client: TestClient, parameter: string, value: string | number): Promise<void> {
  const reply = await client.request({ type: 'set_parameter', equipment_id: 'scope_1', parameter, value });
  expect(reply, parameter).toMatchObject({ type: 'parameter_set' });
}

describe('math channels', () => {
  const fixture = useTestBackend({ starter: startAcquisitionBackend });

  it('defines M1 = CH1 − CH2 as scope settings and delivers it in records and measurements', async () => {
    const client = await fixture.connect('json');
    const info = await client.request<InfoMessage>({ type: 'get_info' });
    const scope = info.instruments.find((i) => i.id === 'scope_1')!;
    expect(scope.parameters.find((p) => p.name === 'math1_source_a')?.choices).toEqual([
      'CH1',
      'CH2',
      'CH3',
      'CH4',
    ]);
    await set(client, 'record_length', 1_000);
    await set(client, 'math1_source_a', 'CH1');
    await set(client, 'math1_source_b', 'CH2');
    await set(client, 'math1_function', 'subtract');
    const params = await client.request<ParametersMessage>({
      type: 'get_parameters',
      equipment_id: 'scope_1',
    });
    expect(params.global).toMatchObject({
      math1_function: 'subtract',
      math1_source_a: 'CH1',
      math1_source_b: 'CH2',
    });

    await client.request({
      type: 'start_stream',
      equipment_id: 'scope_1',
      stream_type: 'waveform',
      interval_ms: 50,
      width: 2000,
    });
    const record = await client.next<StreamDataMessage>(
      (m) => m.type === 'stream_data' && m.stream_type === 'waveform',
    );
    const data = record.data as unknown as WaveformJsonData;
    expect(Object.keys(data.channels)).toEqual(['CH1', 'CH2', 'M1']);
    data.channels.M1!.forEach((v, i) =>
      expect(v).toBeCloseTo(data.channels.CH1![i]! - data.channels.CH2![i]!, 5),
    );

    await client.request({
      type: 'start_stream',
      equipment_id: 'scope_1',
      stream_type: 'measurements',
      interval_ms: 100,
    });
    const measured = await client.next<StreamDataMessage>(
      (m) => m.type === 'stream_data' && m.stream_type === 'measurements',
    );
    const values = measured.data as unknown as MeasurementsData;
    // CH1 is DC 0.5 V, CH2 a 1 kHz sine of 2 Vpp: M1 is that sine inverted around 0.5 V.
    expect(values.M1!.vpp).toBeCloseTo(values.CH2!.vpp, 2);
    expect(values.M1!.vavg).toBeCloseTo(0.5 - values.CH2!.vavg, 2);
    expect(values.M1!.frequency).toBeCloseTo(1_000, -1);
  });

  it('captures M1 with its unit and exports it as a CSV column', async () => {
    const client = await fixture.connect('binary');
    await set(client, 'math1_function', 'multiply');
    await set(client, 'math1_source_a', 'CH2');
    await set(client, 'math1_source_b', 'CH3');
    const rateHz = 10_000;
    const created = await create(client, {
      equipment_id: 'scope_1',
      name: 'math capture',
      mode: 'single',
      sample_rate: rateHz,
      channels: ['CH2', 'M1'],
      num_samples: 2_000,
    });
    expect(created.channels).toEqual([
      { name: 'CH2', unit: 'V' },
      { name: 'M1', unit: 'V²' },
    ]);
    await command(client, 'start_acquisition', created.acquisition_id);
    await stateEvent(client, created.acquisition_id, 'complete');
    const { channels } = await readAll(fixture.backend, created.acquisition_id);
    for (let n = 0; n < 2_000; n += 37) {
      expect(channels[0]![n]).toBeCloseTo(expectedValue(2, n, rateHz), 5);
      expect(channels[1]![n]).toBeCloseTo(expectedValue(2, n, rateHz) * expectedValue(3, n, rateHz), 5);
    }

    const started = await client.request<ExportStartedMessage>({
      type: 'export_acquisition',
      acquisition_id: created.acquisition_id,
      format: 'csv',
    });
    const done = await client.next<ExportDoneMessage>(
      (m) => m.type === 'export_done' && m.export_id === started.export_id,
    );
    const lines = readFileSync(done.path, 'utf8')
      .split('\n')
      .filter((l) => l !== '' && !l.startsWith('#'));
    expect(lines[0]).toMatch(/CH2.*M1/);
    const row = lines[1 + 100]!.split(',');
    expect(Number(row[row.length - 1])).toBeCloseTo(
      expectedValue(2, 100, rateHz) * expectedValue(3, 100, rateHz),
      5,
    );
  });

  it('refuses a source the scope does not have and changes nothing', async () => {
    const client = await fixture.connect('json');
    const error = await client.request<ErrorMessage>({
      type: 'set_parameter',
      equipment_id: 'scope_1',
      parameter: 'math1_source_a',
      value: 'CH7',
    });
    expect(error).toMatchObject({
      type: 'error',
      message: expect.stringMatching(/math1_source_a must be one of CH1, CH2, CH3, CH4/),
    });
    const params = await client.request<ParametersMessage>({
      type: 'get_parameters',
      equipment_id: 'scope_1',
    });
    expect(params.global.math1_source_a).toBe('CH1');
  });
});
