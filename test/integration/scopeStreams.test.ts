import { describe, expect, it } from 'vitest';
import { FaultyDriver } from '../../src-main/instruments/faults/FaultyDriver.js';
import { Producer } from '../../src-main/streams/Producer.js';
import { SimPowerSupply } from '../../src-main/instruments/psu/SimPowerSupply.js';
import { SimOscilloscope } from '../../src-main/instruments/scope/SimOscilloscope.js';
import { decodeFrame, FrameFlags, FrameKind, type DecodedFrame } from '../../shared/codec/frame.js';
import type {
  ErrorMessage,
  EventMessage,
  MeasurementsData,
  ParametersMessage,
  StreamDataMessage,
  StreamStartedMessage,
  StreamStoppedMessage,
  WaveformJsonData,
} from '../../shared/protocol/index.js';
import { useTestBackend } from '../helpers/backendFixture.js';
import { sleep, until } from '../helpers/testBackend.js';

const TIMEBASE_S_PER_DIV = 5e-4;
const RECORD_LENGTH = 10_000;

describe('oscilloscope streams over a real server', () => {
  let scope: FaultyDriver;
  const fixture = useTestBackend({
    options: () => {
      scope = new FaultyDriver(new SimOscilloscope({ id: 'scope_1', seed: 7 }));
      return { drivers: [new SimPowerSupply({ id: 'psu_1', seed: 42 }), scope] };
    },
  });
  const { connect } = fixture;

  it('sends a binary client min/max waveform frames decimated to its width', async () => {
    const client = await connect('binary');
    const started = await client.request<StreamStartedMessage>({
      type: 'start_stream',
      equipment_id: 'scope_1',
      stream_type: 'waveform',
      interval_ms: 50,
      width: 300,
    });
    expect(started).toMatchObject({ type: 'stream_started', encoding: 'binary', stream_type: 'waveform' });
    await until(() => client.binary.length >= 3, 'three waveform frames');
    const frames: DecodedFrame[] = client.binary.map((b) => decodeFrame(b));
    const fs = RECORD_LENGTH / (10 * TIMEBASE_S_PER_DIV);
    frames.forEach((frame, i) => {
      expect(frame.kind).toBe(FrameKind.waveform);
      expect(frame.streamId).toBe(started.stream_id);
      expect(frame.seq).toBe(i);
      expect(frame.channelNumbers).toEqual([1, 2]);
      expect(frame.channelMask).toBe(0b11);
      expect(frame.samplesPerChannel).toBe(2 * 300);
      expect(frame.flags & FrameFlags.minMax).toBeTruthy();
      expect(frame.flags & FrameFlags.triggered).toBeTruthy();
      expect(frame.dtS).toBeCloseTo((10 * TIMEBASE_S_PER_DIV) / 300, 12);
      // Trigger at the centre: the first sample is half a record before it, give or take a sample.
      expect(Math.abs(frame.x0 + 5 * TIMEBASE_S_PER_DIV)).toBeLessThanOrEqual(1 / fs);
      expect(Math.abs(frame.t0Ms - Date.now())).toBeLessThan(10_000);
      const [ch1, ch2] = frame.channels as [Float32Array, Float32Array];
      for (let p = 0; p < 300; p++) expect(ch1[2 * p]!).toBeLessThanOrEqual(ch1[2 * p + 1]!);
      expect(Math.max(...ch1)).toBeCloseTo(1, 1);
      expect(Math.min(...ch2)).toBeCloseTo(-0.5, 1);
    });
  });

  it('sends raw records when full_resolution is asked for', async () => {
    const client = await connect('binary');
    await client.request({
      type: 'start_stream',
      equipment_id: 'scope_1',
      stream_type: 'waveform',
      interval_ms: 50,
      full_resolution: true,
      channel: 2,
    });
    await until(() => client.binary.length >= 1, 'a waveform frame');
    const frame = decodeFrame(client.binary[0]!);
    expect(frame.flags & FrameFlags.fullResolution).toBeTruthy();
    expect(frame.flags & FrameFlags.minMax).toBe(0);
    expect(frame.channelNumbers).toEqual([2]);
    expect(frame.samplesPerChannel).toBe(RECORD_LENGTH);
    expect(frame.dtS).toBeCloseTo((10 * TIMEBASE_S_PER_DIV) / RECORD_LENGTH, 15);
  });

  it('sends a URL-token JSON client stream_data with channels capped at the width', async () => {
    const client = await connect('json');
    const started = await client.request<StreamStartedMessage>({
      type: 'start_stream',
      equipment_id: 'scope_1',
      stream_type: 'waveform',
      interval_ms: 50,
      width: 400,
    });
    expect(started.encoding).toBe('json');
    const message = await client.next<StreamDataMessage>((m) => m.type === 'stream_data');
    const data = message.data as unknown as WaveformJsonData;
    expect(data).toMatchObject({
      num_samples: 400,
      triggered: true,
      min_max: true,
      record_length: RECORD_LENGTH,
    });
    expect(Object.keys(data.channels)).toEqual(['CH1', 'CH2']);
    expect(data.channels.CH1).toHaveLength(400);
    expect(data.sample_rate).toBeCloseTo(400 / (10 * TIMEBASE_S_PER_DIV), 6);
    expect(data.x0).toBeCloseTo(-5 * TIMEBASE_S_PER_DIV, 5);
    expect(Math.max(...data.channels.CH1!)).toBeCloseTo(1, 1);
    expect(client.binary).toHaveLength(0);
  });

  it('rejects bad waveform options without starting anything', async () => {
    const json = await connect('json');
    const start = { type: 'start_stream', equipment_id: 'scope_1', stream_type: 'waveform' };
    const cases: [Record<string, unknown>, string, string][] = [
      [{ ...start, width: 8 }, 'out_of_range', 'width'],
      [{ ...start, width: 100_000 }, 'out_of_range', 'width'],
      [{ ...start, full_resolution: true }, 'invalid_message', 'full_resolution'],
      [{ ...start, stream_type: 'measurements', width: 600 }, 'invalid_message', 'width'],
      [
        { type: 'start_stream', equipment_id: 'psu_1', stream_type: 'readings', full_resolution: false },
        'invalid_message',
        'full_resolution',
      ],
    ];
    for (const [message, code, field] of cases) {
      const error = await json.request<ErrorMessage>(message);
      expect(error).toMatchObject({ type: 'error', code, details: { field } });
    }
    expect(json.ofType('stream_started')).toHaveLength(0);
    expect(fixture.backend.streams.subscriptionCount).toBe(0);
  });

  it('streams measurements computed from the samples', async () => {
    const client = await connect('json');
    const started = await client.request<StreamStartedMessage>({
      type: 'start_stream',
      equipment_id: 'scope_1',
      stream_type: 'measurements',
      interval_ms: 100,
    });
    expect(started.encoding).toBe('json');
    const message = await client.next<StreamDataMessage>((m) => m.type === 'stream_data');
    const data = message.data as unknown as MeasurementsData;
    expect(Math.abs(data.CH1!.frequency! - 1_000)).toBeLessThan(1);
    expect(data.CH1!.vpp).toBeCloseTo(2, 1);
    expect(data.CH2!.duty).toBeCloseTo(50, 0);
    expect(data.CH2!.rise_time).toBeLessThan(1e-6);
    expect(data.CH3).toBeUndefined();
  });

  it('rejects an out-of-range setting and changes nothing; a valid change reaches other clients', async () => {
    const a = await connect('binary');
    const b = await connect('json');
    const before = await a.request<ParametersMessage>({ type: 'get_parameters', equipment_id: 'scope_1' });
    const error = await a.request<ErrorMessage>({
      type: 'set_parameter',
      equipment_id: 'scope_1',
      channel: 1,
      parameter: 'amplitude',
      value: 500,
    });
    expect(error).toMatchObject({
      type: 'error',
      code: 'out_of_range',
      details: { min: 0, max: 100, value: 500 },
    });
    const after = await a.request<ParametersMessage>({ type: 'get_parameters', equipment_id: 'scope_1' });
    expect(after.channels).toEqual(before.channels);
    expect(b.ofType('event')).toHaveLength(0);

    const ack = await a.request({
      type: 'set_parameter',
      equipment_id: 'scope_1',
      parameter: 'timebase',
      value: 0.0009,
    });
    expect(ack).toMatchObject({ type: 'parameter_set', parameter: 'timebase', value: 0.001 });
    const event = await b.next<EventMessage>((m) => m.type === 'event' && m.kind === 'setting_changed');
    expect(event).toMatchObject({
      equipment_id: 'scope_1',
      details: { parameter: 'timebase', value: 0.001 },
    });
  });

  it('sends nothing while normal mode waits for a trigger, and resumes when it comes', async () => {
    const client = await connect('json');
    await client.request({
      type: 'start_stream',
      equipment_id: 'scope_1',
      stream_type: 'waveform',
      interval_ms: 20,
    });
    await client.next((m) => m.type === 'stream_data');
    await client.request({
      type: 'set_parameter',
      equipment_id: 'scope_1',
      parameter: 'trigger_level',
      value: 3,
    });
    await client.request({
      type: 'set_parameter',
      equipment_id: 'scope_1',
      parameter: 'trigger_mode',
      value: 'normal',
    });
    await sleep(50);
    const countWhileWaiting = client.ofType('stream_data').length;
    await sleep(200);
    expect(client.ofType('stream_data')).toHaveLength(countWhileWaiting);
    expect(client.ofType('stream_stopped')).toHaveLength(0);
    const params = await client.request<ParametersMessage>({
      type: 'get_parameters',
      equipment_id: 'scope_1',
    });
    expect(params.global.trigger_state).toBe('waiting');
    await client.request({
      type: 'set_parameter',
      equipment_id: 'scope_1',
      parameter: 'trigger_level',
      value: 0.2,
    });
    await until(
      () => client.ofType('stream_data').length > countWhileWaiting,
      'data after the trigger returned',
    );
  });

  it('stops only the faulted stream, with a reason and an event; other streams carry on', async () => {
    const client = await connect('binary');
    const observer = await connect('json');
    await client.request({
      type: 'start_stream',
      equipment_id: 'scope_1',
      stream_type: 'waveform',
      interval_ms: 30,
    });
    await client.request({
      type: 'start_stream',
      equipment_id: 'scope_1',
      stream_type: 'measurements',
      interval_ms: 50,
    });
    await client.request({
      type: 'start_stream',
      equipment_id: 'psu_1',
      stream_type: 'readings',
      interval_ms: 20,
    });
    await until(() => client.binary.length >= 1, 'a waveform frame');
    // The waveform stream's own read: the measurements stream reads the scope's record as a waveform read
    // too (through the measurer), and took the fault instead one run in five on a loaded machine.
    scope.throwOnNextRead('waveform', Producer.keyOf('scope_1', 'waveform', 30));
    const stopped = await client.next<StreamStoppedMessage>((m) => m.type === 'stream_stopped');
    expect(stopped).toMatchObject({ equipment_id: 'scope_1', stream_type: 'waveform' });
    expect(stopped.reason).toMatch(/injected fault/);
    const event = await observer.next<EventMessage>((m) => m.type === 'event' && m.kind === 'stream_fault');
    expect(event).toMatchObject({
      level: 'error',
      equipment_id: 'scope_1',
      details: { stream_type: 'waveform' },
    });

    const framesAtStop = client.binary.length;
    const dataAtStop = client.ofType('stream_data').length;
    const later = (): StreamDataMessage[] =>
      (client.ofType('stream_data') as StreamDataMessage[]).slice(dataAtStop);
    await until(
      () =>
        later().some((m) => m.stream_type === 'measurements') &&
        later().some((m) => m.equipment_id === 'psu_1'),
      'the other streams carrying on',
    );
    expect(client.binary.length).toBe(framesAtStop);
    expect(client.ofType('stream_stopped')).toHaveLength(1);
  });
});
