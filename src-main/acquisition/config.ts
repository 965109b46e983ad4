/**
 * What a caller asks to capture, validated before anything touches the disk. The field names are the ones
 * stored in meta.json (and used on the wire), so a config can be written through unchanged.
 */
import { z } from 'zod';
import {
  ACQUISITION_MODE_NAMES,
  DEEP_MAX_SAMPLE_RATE_HZ,
  DEEP_TRIGGER_TIMEOUT_MAX_S,
  MIN_SAMPLE_RATE_HZ,
  sampleRateRangeMessage,
} from '../../shared/protocol/acquisition.js';
import { formatHertz, formatSeconds } from '../../shared/format/quantities.js';
import { describeIssue, wordIssuesForPeople } from '../../shared/protocol/issues.js';
import { AcquisitionError } from './AcquisitionError.js';

/** The modes as meta.json and the wire name them: one list, the protocol's. */
export const ACQUISITION_MODES = ACQUISITION_MODE_NAMES;
export type AcquisitionMode = (typeof ACQUISITION_MODES)[number];

// A rejected config's message says what the field must be, in its unit (shared/protocol/issues.ts).
wordIssuesForPeople();

/** Highest sample rate a streamed acquisition may ask for, Hz (single_deep: DEEP_MAX_SAMPLE_RATE_HZ). */
export const MAX_SAMPLE_RATE_HZ = 10_000_000;
export { DEEP_MAX_SAMPLE_RATE_HZ };
/** Lowest, Hz (the protocol's: below it the period 1 / rate is not a usable number). */
export { MIN_SAMPLE_RATE_HZ };
/** Most channels one acquisition may capture. */
export const MAX_CHANNELS = 8;
/** Longest label, in characters. The label is only ever stored, never used in a path. */
export const MAX_NAME_LENGTH = 200;

const channelName = z.string().min(1).max(64);

const channelSchema = z.strictObject({
  name: channelName,
  /** Physical unit of the values, e.g. "V" or "A"; empty when dimensionless. */
  unit: z.string().max(16),
});

const triggerSchema = z.strictObject({
  /** Name of the channel (one of the captured ones) whose edge starts the capture. */
  channel: channelName,
  /** Threshold in the channel's unit. */
  level: z.number(),
  edge: z.enum(['rising', 'falling', 'either']),
  /** Samples kept from before the trigger point (sample 0 is the first of them). Default 0. */
  pre_trigger_samples: z.number().int().min(0).optional(),
});

/** Runtime shape of an acquisition config (zod rejects NaN and ±Infinity for every number). */
export const acquisitionConfigSchema = z.strictObject({
  equipment_id: z.string().min(1).max(64),
  /** Free-text label for people. */
  name: z.string().max(MAX_NAME_LENGTH).optional(),
  mode: z.enum(ACQUISITION_MODES),
  sample_rate_hz: z
    .number()
    .min(MIN_SAMPLE_RATE_HZ, sampleRateRangeMessage(MAX_SAMPLE_RATE_HZ))
    // The streaming modes' lower ceiling is checked with the mode (checkSemantics).
    .max(DEEP_MAX_SAMPLE_RATE_HZ, sampleRateRangeMessage(MAX_SAMPLE_RATE_HZ)),
  channels: z.array(channelSchema).min(1).max(MAX_CHANNELS),
  /** Capture length in seconds; the capture completes by itself after round(duration_s × rate) samples. */
  duration_s: z.number().positive().optional(),
  /** Capture length in samples; the capture completes by itself after this many. */
  num_samples: z.number().int().positive().optional(),
  trigger: triggerSchema.optional(),
  /** single_deep: seconds to wait for the scope's trigger (default DEEP_TRIGGER_TIMEOUT_DEFAULT_S). */
  trigger_timeout_s: z.number().positive().max(DEEP_TRIGGER_TIMEOUT_MAX_S).optional(),
});

export type AcquisitionConfig = z.infer<typeof acquisitionConfigSchema>;
export type AcquisitionChannel = AcquisitionConfig['channels'][number];
export type AcquisitionTrigger = NonNullable<AcquisitionConfig['trigger']>;

/** Samples after which the capture completes by itself, or undefined for an open-ended one. */
export function targetSampleCount(
  config: Pick<AcquisitionConfig, 'duration_s' | 'num_samples' | 'sample_rate_hz'>,
): number | undefined {
  if (config.num_samples !== undefined) return config.num_samples;
  if (config.duration_s !== undefined) return Math.round(config.duration_s * config.sample_rate_hz);
  return undefined;
}

/** `message` is a whole sentence for a person, naming the field as the wire spells it. */
function invalid(field: string, message: string): AcquisitionError {
  return new AcquisitionError('invalid_config', message, { field });
}

/** Rules that span fields, checked once the shape is known to be right. */
function checkSemantics(config: AcquisitionConfig, allowedChannels: readonly string[]): void {
  const names = config.channels.map((c) => c.name);
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate !== undefined) throw invalid('channels', `channels lists "${duplicate}" twice`);
  const unknown = names.filter((name) => !allowedChannels.includes(name));
  if (unknown.length > 0) {
    throw new AcquisitionError(
      'invalid_config',
      `channels: ${unknown.map((n) => `"${n}"`).join(', ')} not offered by ${config.equipment_id} (has ${allowedChannels.join(', ') || 'none'})`,
      { field: 'channels', unknown, allowed: [...allowedChannels] },
    );
  }
  if (config.duration_s !== undefined && config.num_samples !== undefined) {
    throw invalid('duration_s', 'give duration_s or num_samples, not both');
  }
  if (config.mode !== 'single_deep' && config.sample_rate_hz > MAX_SAMPLE_RATE_HZ) {
    throw invalid('sample_rate_hz', `sample_rate_hz ${sampleRateRangeMessage(MAX_SAMPLE_RATE_HZ)}`);
  }
  const target = targetSampleCount(config);
  if (target !== undefined && !(target >= 1)) {
    const periodS = 1 / config.sample_rate_hz;
    throw invalid(
      'duration_s',
      `duration_s must be at least one sample period (${formatSeconds(periodS)} at ${formatHertz(config.sample_rate_hz)}); ` +
        `${formatSeconds(config.duration_s ?? 0)} holds no sample`,
    );
  }
  if (target !== undefined && !Number.isSafeInteger(target)) {
    throw invalid(
      'duration_s',
      `duration_s is too long: at ${formatHertz(config.sample_rate_hz)} it would be more than ` +
        `${Number.MAX_SAFE_INTEGER.toLocaleString('en-US')} samples, more than a capture can count`,
    );
  }
  if (config.mode === 'single_deep' && target !== undefined) {
    throw invalid(
      config.num_samples !== undefined ? 'num_samples' : 'duration_s',
      "a single_deep capture is as long as the scope's memory record: set the scope's record_length instead of num_samples or duration_s",
    );
  }
  if (config.mode !== 'single_deep' && config.trigger_timeout_s !== undefined) {
    throw invalid(
      'trigger_timeout_s',
      `trigger_timeout_s is only used in single_deep mode, not ${config.mode}`,
    );
  }
  if (config.mode === 'single' && target === undefined) {
    throw invalid('num_samples', 'a single acquisition needs num_samples or duration_s');
  }
  if (config.mode === 'triggered') {
    const trigger = config.trigger;
    if (trigger === undefined) throw invalid('trigger', 'a triggered acquisition needs a trigger');
    if (!names.includes(trigger.channel)) {
      throw invalid(
        'trigger.channel',
        `trigger.channel "${trigger.channel}" is not one of the captured channels`,
      );
    }
    if (target !== undefined && (trigger.pre_trigger_samples ?? 0) >= target) {
      throw invalid(
        'trigger.pre_trigger_samples',
        `trigger.pre_trigger_samples must be fewer than the capture's ${target.toLocaleString('en-US')} samples`,
      );
    }
  } else if (config.trigger !== undefined) {
    throw invalid('trigger', `trigger is only used in triggered mode, not ${config.mode}`);
  }
}

/**
 * Validates a config from any source (a socket message included) against its shape and the channels the
 * instrument offers. Returns a deep copy, so later changes by the caller cannot reach the stored record.
 * Throws AcquisitionError('invalid_config') naming the offending field.
 */
export function validateAcquisitionConfig(
  input: unknown,
  allowedChannels: readonly string[],
): AcquisitionConfig {
  const parsed = acquisitionConfigSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.map(String).join('.') || '(config)';
    throw invalid(field, issue ? describeIssue(issue).message : 'the configuration is not valid');
  }
  checkSemantics(parsed.data, allowedChannels);
  return parsed.data;
}
