/**
 * The capture form's rules, apart from React: what the typed text means, what is wrong with it (in words,
 * with units), and how much disk the capture will take. The form re-runs this on every keystroke, so a
 * message appears as soon as a field is wrong and goes as soon as it is put right, and the estimate is
 * only ever worked out from values the backend would accept (never "≈ NaN KB" or a negative size).
 */
import type { AcquisitionModeName } from '../../../shared/protocol/acquisition';
import { DEEP_MAX_SAMPLE_RATE_HZ, MAX_ACQUISITION_CHANNELS } from '../../../shared/protocol/acquisition';
import { formatBytes } from '../../../shared/format/bytes';
import { formatHertz, formatSeconds } from '../../../shared/format/quantities';
import { captureBytes, type CaptureCapability } from './acquisitionChannels';

/** What the user has entered, as typed. */
export interface CaptureFormValues {
  /** Chosen channel names (already limited to the instrument's). */
  channels: string[];
  /** Empty: the instrument's default rate (shown as the placeholder). */
  rateText: string;
  mode: AcquisitionModeName;
  /** Empty: until stopped (continuous or triggered) — a single capture needs one. */
  durationText: string;
  triggerChannel: string;
  triggerLevelText: string;
  preTriggerText: string;
  /** single_deep: the scope's memory depth (`deepRecordPointsOf`), when known — the record's length. */
  deepRecordPoints?: number;
}

export type CaptureField =
  'source' | 'channels' | 'rate' | 'duration' | 'trigger_channel' | 'trigger_level' | 'pre_trigger';

export interface CaptureProblem {
  field: CaptureField;
  /** A sentence for the user. */
  message: string;
}

/** The capture the values describe, once every field is right. */
export interface CapturePlan {
  sampleRateHz: number;
  /** Undefined: until stopped. */
  durationS: number | undefined;
  /** Samples per channel; undefined until stopped. */
  samples: number | undefined;
  /** samples.f32 at the end, bytes; undefined until stopped. */
  bytes: number | undefined;
  /** Disk taken per second of capture, bytes. */
  bytesPerS: number;
  /** `level` in the trigger channel's unit. */
  trigger: { channel: string; level: number; preTriggerSamples: number } | undefined;
}

export interface CaptureFormCheck {
  /** In the order of the form's fields; empty when the capture can be requested. */
  problems: CaptureProblem[];
  plan: CapturePlan | undefined;
}

/**
 * Points per channel of a scope's deep-memory record, from its settings: `memory_depth` where the scope
 * chooses its depth itself and reports it apart from its read length (InfiniiVision X), else its
 * `record_length` (a DS1000Z's memory depth setting). Undefined when neither is a finite number.
 */
export function deepRecordPointsOf(settings: Record<string, unknown> | undefined): number | undefined {
  for (const value of [settings?.memory_depth, settings?.record_length]) {
    if (typeof value === 'number' && Number.isFinite(value)) return value;
  }
  return undefined;
}

/** A number typed in a text field; undefined for anything else (empty, "abc", "1e999"). */
function typedNumber(text: string): number | undefined {
  const trimmed = text.trim();
  const value = Number(trimmed);
  return trimmed === '' || !Number.isFinite(value) ? undefined : value;
}

function checkRate(text: string, capability: CaptureCapability): number | CaptureProblem {
  const field = 'rate';
  if (text.trim() === '') return capability.defaultSampleRateHz;
  const rateHz = typedNumber(text);
  const range = `more than 0 Hz and at most ${formatHertz(capability.maxSampleRateHz)}`;
  if (rateHz === undefined) return { field, message: `Sample rate must be a number of hertz, ${range}.` };
  if (rateHz <= 0) return { field, message: `Sample rate must be more than 0 Hz.` };
  if (rateHz > capability.maxSampleRateHz) {
    return {
      field,
      message: `Sample rate must be at most ${formatHertz(capability.maxSampleRateHz)} for this instrument.`,
    };
  }
  return rateHz;
}

function checkDuration(
  text: string,
  mode: AcquisitionModeName,
  rateHz: number | undefined,
): number | undefined | CaptureProblem {
  const field = 'duration';
  // A deep record is as long as the scope's memory: there is no duration to give.
  if (mode === 'single_deep') return undefined;
  if (text.trim() === '') {
    return mode === 'single'
      ? { field, message: 'A single capture needs a duration in seconds.' }
      : undefined;
  }
  const durationS = typedNumber(text);
  const orEmpty = mode === 'single' ? '' : ', or empty to capture until stopped';
  if (durationS === undefined) return { field, message: `Duration must be a number of seconds${orEmpty}.` };
  if (durationS <= 0) return { field, message: `Duration must be more than 0 s${orEmpty}.` };
  if (rateHz === undefined) return durationS;
  // The backend captures round(duration × rate) samples: under half a period that is none.
  const samples = Math.round(durationS * rateHz);
  if (samples < 1) {
    return {
      field,
      message: `Duration must be at least one sample period (${formatSeconds(1 / rateHz)} at ${formatHertz(rateHz)}).`,
    };
  }
  if (!Number.isSafeInteger(samples)) {
    return {
      field,
      message: `Duration is too long at ${formatHertz(rateHz)}: more samples than a capture can count.`,
    };
  }
  return durationS;
}

/** Checks the form; `capability` is undefined when no instrument that can capture is chosen. */
export function checkCaptureForm(
  values: CaptureFormValues,
  capability: CaptureCapability | undefined,
): CaptureFormCheck {
  if (!capability)
    return {
      problems: [{ field: 'source', message: 'Choose an instrument to capture from.' }],
      plan: undefined,
    };
  const problems: CaptureProblem[] = [];
  const { channels, mode } = values;
  if (channels.length === 0) problems.push({ field: 'channels', message: 'Choose at least one channel.' });
  if (channels.length > MAX_ACQUISITION_CHANNELS) {
    problems.push({ field: 'channels', message: `Choose at most ${MAX_ACQUISITION_CHANNELS} channels.` });
  }
  // A deep record runs at the scope's own rate (read from its memory), not at a streamed capture's ceiling.
  const rateCeiling =
    mode === 'single_deep' ? { ...capability, maxSampleRateHz: DEEP_MAX_SAMPLE_RATE_HZ } : capability;
  const rate = checkRate(values.rateText, rateCeiling);
  const rateHz = typeof rate === 'number' ? rate : undefined;
  if (typeof rate !== 'number') problems.push(rate);
  const duration = checkDuration(values.durationText, mode, rateHz);
  const durationS = typeof duration === 'object' ? undefined : duration;
  if (typeof duration === 'object') problems.push(duration);
  const samples =
    mode === 'single_deep'
      ? values.deepRecordPoints
      : rateHz !== undefined && durationS !== undefined
        ? Math.round(durationS * rateHz)
        : undefined;

  let trigger: CapturePlan['trigger'];
  if (mode === 'triggered') {
    const unit = capability.channels.find((c) => c.name === values.triggerChannel)?.unit ?? '';
    const pre = typedNumber(values.preTriggerText);
    if (!channels.includes(values.triggerChannel)) {
      problems.push({
        field: 'trigger_channel',
        message: 'Choose the trigger channel from the captured channels.',
      });
    }
    const level = typedNumber(values.triggerLevelText);
    if (level === undefined) {
      problems.push({
        field: 'trigger_level',
        message: `Trigger level must be a number${unit ? ` in ${unit}` : ''}.`,
      });
    }
    if (pre === undefined || !Number.isInteger(pre) || pre < 0) {
      problems.push({
        field: 'pre_trigger',
        message: 'Pre-trigger samples must be a whole number, 0 or more.',
      });
    } else if (samples !== undefined && pre >= samples) {
      problems.push({
        field: 'pre_trigger',
        message: `Pre-trigger samples must be fewer than the capture's ${samples.toLocaleString('en-US')} samples.`,
      });
    }
    trigger = { channel: values.triggerChannel, level: level ?? 0, preTriggerSamples: pre ?? 0 };
  }
  if (problems.length > 0 || rateHz === undefined) return { problems, plan: undefined };
  return {
    problems,
    plan: {
      sampleRateHz: rateHz,
      durationS,
      samples,
      bytes: samples === undefined ? undefined : captureBytes(samples, channels.length),
      bytesPerS: rateHz * channels.length * 4,
      trigger,
    },
  };
}

/** The size line under the form: "≈ 1.53 MiB on disk", or per second for a capture until stopped. */
export function captureEstimate(plan: CapturePlan | undefined): string {
  if (!plan) return '';
  if (plan.bytes !== undefined) return `≈ ${formatBytes(plan.bytes)} on disk`;
  return `≈ ${formatBytes(plan.bytesPerS)} per second on disk, until stopped`;
}
