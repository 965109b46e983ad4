import { describe, expect, it } from 'vitest';
import type { InstrumentInfo } from '../../../shared/protocol/catalog';
import {
  captureCapability,
  type CaptureCapability,
} from '../../../src-renderer/panels/acquisitions/acquisitionChannels';
import {
  captureEstimate,
  checkCaptureForm,
  deepRecordPointsOf,
  type CaptureFormValues,
} from '../../../src-renderer/panels/acquisitions/captureForm';

const scope: CaptureCapability = {
  channels: ['CH1', 'CH2', 'CH3', 'CH4'].map((name) => ({ name, unit: 'V' })),
  maxSampleRateHz: 10_000_000,
  defaultSampleRateHz: 100_000,
};

function form(overrides: Partial<CaptureFormValues> = {}): CaptureFormValues {
  return {
    channels: ['CH1'],
    rateText: '1000',
    mode: 'continuous',
    durationText: '5',
    triggerChannel: '',
    triggerLevelText: '0',
    preTriggerText: '0',
    ...overrides,
  };
}

const messages = (values: CaptureFormValues): string[] =>
  checkCaptureForm(values, scope).problems.map((p) => p.message);
const estimate = (values: CaptureFormValues): string => captureEstimate(checkCaptureForm(values, scope).plan);

describe('the capture form', () => {
  it('estimates only what the backend would accept: no "≈ NaN KB", no negative or tiny sizes', () => {
    // Each of these printed an estimate before: "≈ NaN KB", "≈ -39999936 B", "≈ 44 B".
    expect(estimate(form({ rateText: 'abc' }))).toBe('');
    expect(estimate(form({ durationText: '-1' }))).toBe('');
    expect(estimate(form({ rateText: '-5' }))).toBe('');
    expect(estimate(form({ rateText: '0' }))).toBe('');
  });

  it('estimates the file in binary units, or the rate on disk for a capture until stopped', () => {
    // 5 s × 1 kSa/s × 1 channel × 4 B + the 64 B header.
    expect(estimate(form())).toBe('≈ 19.6 KiB on disk');
    expect(
      estimate(
        form({ channels: ['CH1', 'CH2', 'CH3', 'CH4'], rateText: '10000000', durationText: '250000' }),
      ),
    ).toBe('≈ 36.4 TiB on disk');
    expect(estimate(form({ durationText: '', rateText: '' }))).toBe(
      '≈ 391 KiB per second on disk, until stopped',
    );
  });

  it('says what is wrong with the rate in words and units', () => {
    // Was "sample rate must be between 0 and 10000000 Hz", for 0 as well.
    expect(messages(form({ rateText: '0' }))).toEqual(['Sample rate must be more than 0 Hz.']);
    expect(messages(form({ rateText: '20000000' }))).toEqual([
      'Sample rate must be at most 10 MHz for this instrument.',
    ]);
    expect(messages(form({ rateText: 'abc' }))).toEqual([
      'Sample rate must be a number of hertz, more than 0 Hz and at most 10 MHz.',
    ]);
  });

  it("lets a single deep-memory record run at the scope's own rate, above the streamed ceiling", () => {
    // Was refused: a DS1054Z's 1 GSa/s record could never be captured.
    expect(messages(form({ mode: 'single_deep', rateText: '1000000000', durationText: '' }))).toEqual([]);
    expect(messages(form({ mode: 'continuous', rateText: '1000000000', durationText: '' }))).toEqual([
      'Sample rate must be at most 10 MHz for this instrument.',
    ]);
  });

  it('says how long a capture must at least be, as a sample period at the chosen rate', () => {
    expect(messages(form({ rateText: '1000', durationText: '0.0001' }))).toEqual([
      'Duration must be at least one sample period (1 ms at 1 kHz).',
    ]);
    expect(messages(form({ rateText: '0.001', durationText: '5' }))).toEqual([
      'Duration must be at least one sample period (1000 s at 0.001 Hz).',
    ]);
    expect(messages(form({ durationText: '-1' }))).toEqual([
      'Duration must be more than 0 s, or empty to capture until stopped.',
    ]);
    expect(messages(form({ mode: 'single', durationText: '' }))).toEqual([
      'A single capture needs a duration in seconds.',
    ]);
  });

  it('has nothing to say once every field is right again', () => {
    expect(messages(form({ rateText: 'abc' }))).toHaveLength(1);
    expect(checkCaptureForm(form({ rateText: '1000' }), scope)).toMatchObject({
      problems: [],
      plan: { sampleRateHz: 1000, durationS: 5, samples: 5000, bytes: 20_064 },
    });
  });

  it('checks a trigger against the captured channels and the capture length', () => {
    const triggered = form({ mode: 'triggered', channels: ['CH1', 'CH2'], durationText: '1' });
    expect(messages({ ...triggered, triggerChannel: 'CH3' })).toEqual([
      'Choose the trigger channel from the captured channels.',
    ]);
    expect(messages({ ...triggered, triggerChannel: 'CH1', triggerLevelText: 'x' })).toEqual([
      'Trigger level must be a number in V.',
    ]);
    expect(messages({ ...triggered, triggerChannel: 'CH1', preTriggerText: '1.5' })).toEqual([
      'Pre-trigger samples must be a whole number, 0 or more.',
    ]);
    expect(messages({ ...triggered, triggerChannel: 'CH1', preTriggerText: '1000' })).toEqual([
      "Pre-trigger samples must be fewer than the capture's 1,000 samples.",
    ]);
    expect(
      checkCaptureForm({ ...triggered, triggerChannel: 'CH2', preTriggerText: '10' }, scope).plan,
    ).toMatchObject({
      trigger: { channel: 'CH2', preTriggerSamples: 10 },
    });
  });

  it('asks for a source and channels first', () => {
    expect(checkCaptureForm(form(), undefined).problems).toEqual([
      { field: 'source', message: 'Choose an instrument to capture from.' },
    ]);
    expect(checkCaptureForm(form({ channels: [] }), scope).problems).toEqual([
      { field: 'channels', message: 'Choose at least one channel.' },
    ]);
  });
});

describe('deepRecordPointsOf', () => {
  it('takes the memory depth a scope reports apart from its read length, else its record length', () => {
    // An InfiniiVision X: 1,000-point normal reads, a 2 M-point raw record.
    expect(deepRecordPointsOf({ record_length: 1_000, memory_depth: 2_000_000 })).toBe(2_000_000);
    // A DS1000Z: record_length is its memory depth.
    expect(deepRecordPointsOf({ record_length: 12_000_000 })).toBe(12_000_000);
    expect(deepRecordPointsOf({ record_length: 'AUTO' })).toBeUndefined();
    expect(deepRecordPointsOf(undefined)).toBeUndefined();
  });
});

describe('math channels in the capture form', () => {
  const instrument = {
    id: 'scope_1',
    kind: 'oscilloscope',
    channels: ['CH1', 'CH2', 'CH3', 'CH4'].map((name) => ({ name, unit: 'V' })),
  } as unknown as InstrumentInfo;
  const settings = {
    math1_function: 'multiply',
    math1_source_a: 'CH1',
    math1_source_b: 'CH2',
    math2_function: 'off',
  };

  it('offers the math channels that are on, with their label and unit, after the inputs', () => {
    const channels = captureCapability(instrument, settings).channels;
    expect(channels.map((c) => c.name)).toEqual(['CH1', 'CH2', 'CH3', 'CH4', 'M1']);
    expect(channels.at(-1)).toEqual({ name: 'M1', unit: 'V²', label: 'M1 = CH1 × CH2' });
    const both = captureCapability(instrument, {
      ...settings,
      math2_function: 'divide',
      math2_source_a: 'CH3',
    });
    expect(both.channels.at(-1)).toEqual({ name: 'M2', unit: '', label: 'M2 = CH3 / CH2' });
    // No settings known yet, or every math channel off: inputs only.
    expect(captureCapability(instrument).channels.map((c) => c.name)).toEqual(['CH1', 'CH2', 'CH3', 'CH4']);
    expect(captureCapability(instrument, { math1_function: 'off' }).channels).toHaveLength(4);
  });

  it('counts a math channel on disk like an input and reads a trigger level in its unit', () => {
    const math = captureCapability(instrument, settings);
    // 5 s × 1 kSa/s × 2 stored channels × 4 B + 64 B: the sources M1 needs are read, not stored.
    expect(captureEstimate(checkCaptureForm(form({ channels: ['CH1', 'M1'] }), math).plan)).toBe(
      '≈ 39.1 KiB on disk',
    );
    const triggered = form({ mode: 'triggered', channels: ['M1'], durationText: '1', triggerChannel: 'M1' });
    expect(checkCaptureForm({ ...triggered, triggerLevelText: '' }, math).problems).toEqual([
      { field: 'trigger_level', message: 'Trigger level must be a number in V².' },
    ]);
    expect(checkCaptureForm(triggered, math).plan?.trigger).toEqual({
      channel: 'M1',
      level: 0,
      preTriggerSamples: 0,
    });
  });
});
