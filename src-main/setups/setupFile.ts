/**
 * The setup file (`<dataDir>/setups/<name>.json`): readable JSON with a schema version, the instruments it
 * was saved from and each one's settings as `get_parameters` reports them, plus the sections other rooms
 * contribute (layout, streams, alarms). Everything read from a file or an import is checked here; a bad
 * file yields one SetupError naming where and why.
 */
import { z } from 'zod';
import {
  SETUP_SCHEMA_VERSION,
  SETUP_SCOPES,
  setupNameSchema,
  type SetupSummary,
} from '../../shared/protocol/index.js';
import { describeZodIssue, jsonPath } from '../util/index.js';
import { SetupError } from './SetupError.js';

const settingValue = z.union([z.number(), z.boolean(), z.string().max(64)]);
const settingsRecord = z.record(z.string().min(1).max(64), settingValue);

/** One instrument's settings: instrument-wide under `global`, per channel under `channels["1"]`, ... */
export const instrumentSettingsSchema = z.strictObject({
  global: settingsRecord,
  channels: z.record(z.string().regex(/^[1-9][0-9]?$/, 'expected a channel number 1…99'), settingsRecord),
});

export const setupInstrumentSchema = z.strictObject({
  equipment_id: z.string().min(1).max(64),
  label: z.string().max(128),
  vendor: z.string().max(128),
  model: z.string().max(128),
  /** The profile it followed (`power_supply`, `oscilloscope`), which names its parameters. */
  profile: z.string().max(64).optional(),
  settings: instrumentSettingsSchema,
});

export const setupFileSchema = z.strictObject({
  schema_version: z.literal(SETUP_SCHEMA_VERSION, {
    error: `expected schema_version ${SETUP_SCHEMA_VERSION} (a Benchtop setup file)`,
  }),
  name: setupNameSchema,
  scope: z.enum(SETUP_SCOPES),
  /** ms since epoch. */
  saved_at: z.number().int().min(0),
  instruments: z.array(setupInstrumentSchema).max(64),
  /** Contributed sections by key (layout, streams, alarms, ...); each checked by its owner on recall. */
  sections: z.record(z.string().min(1).max(64), z.unknown()),
});

export type InstrumentSettings = z.infer<typeof instrumentSettingsSchema>;
export type SetupInstrument = z.infer<typeof setupInstrumentSchema>;
export type SetupFile = z.infer<typeof setupFileSchema>;

/** Checks a setup file's text: a typed file, or a SetupError saying where it is wrong. */
export function parseSetupText(text: string, origin: string): SetupFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new SetupError('invalid_message', `${origin} is not JSON: ${(err as Error).message}`, {
      origin,
    });
  }
  const result = setupFileSchema.safeParse(json);
  if (!result.success) {
    const issue = describeZodIssue(result.error.issues[0]!);
    const where = jsonPath(issue.path);
    throw new SetupError('invalid_message', `${origin} is not a valid setup: ${where}: ${issue.reason}`, {
      origin,
      path: where,
      reason: issue.reason,
    });
  }
  return result.data;
}

/** The file text as stored: two-space JSON, so a person can read and diff it. */
export function setupText(file: SetupFile): string {
  return `${JSON.stringify(file, undefined, 2)}\n`;
}

export function summarize(file: SetupFile): SetupSummary {
  return {
    name: file.name,
    scope: file.scope,
    saved_at: file.saved_at,
    instruments: file.instruments.map((i) => ({
      equipment_id: i.equipment_id,
      model: i.model,
      label: i.label,
    })),
    sections: Object.keys(file.sections),
  };
}
