/**
 * Setup messages: save and recall named setups (one instrument's settings, or the whole bench's with its
 * streams, layout and other sections), import and export them as JSON text. docs/PROTOCOL.md ("Setups")
 * is the prose authority. Outputs are never switched on by a recall: every report says which were left off.
 */
import { z } from 'zod';
import { MAX_INBOUND_TEXT_BYTES, MAX_REQUEST_ID_LENGTH } from './constants.js';

const requestId = z.union([z.string().min(1).max(MAX_REQUEST_ID_LENGTH), z.number().int().safe()]).optional();

/** Version of the setup file format (`schema_version`); files of another version are refused. */
export const SETUP_SCHEMA_VERSION = 1;
export const SETUP_NAME_MAX_LENGTH = 64;
/**
 * A setup's name is its file name (`<name>.json`): a letter or digit first (no hidden files), then letters,
 * digits, spaces, `_`, `-` or `.` (no path separators).
 */
export const SETUP_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 _.-]*$/;
/** Longest setup text `import_setup` takes, characters: what fits in one client message. */
export const MAX_SETUP_TEXT_CHARS = MAX_INBOUND_TEXT_BYTES - 1024;

export const setupNameSchema = z
  .string()
  .min(1, 'a setup needs a name')
  .max(SETUP_NAME_MAX_LENGTH, `at most ${SETUP_NAME_MAX_LENGTH} characters`)
  .regex(
    SETUP_NAME_PATTERN,
    'must start with a letter or digit, then letters, digits, spaces, "_", "-" or "." (no "/")',
  )
  .refine((name) => !name.endsWith(' ') && !name.endsWith('.'), 'must not end with a space or "."');

const equipmentId = z.string().min(1).max(64);

/** What a setup holds: every instrument on the bench (and its sections), or one instrument's settings. */
export const SETUP_SCOPES = ['bench', 'instrument'] as const;
export type SetupScope = (typeof SETUP_SCOPES)[number];

/** One stream a dashboard runs, kept in a bench setup so a recall starts it again. */
export const setupStreamSchema = z.strictObject({
  equipment_id: equipmentId,
  stream_type: z.string().min(1).max(32),
  interval_ms: z.number().positive().optional(),
  channel: z.number().int().min(1).max(64).optional(),
  /** Waveform streams: display width in points, and raw records. */
  width: z.number().int().min(1).max(100_000).optional(),
  full_resolution: z.boolean().optional(),
});
export type SetupStream = z.infer<typeof setupStreamSchema>;

/** The dashboard's arrangement, kept in a bench setup. */
export const setupLayoutSchema = z.strictObject({
  sidebar_collapsed: z.boolean(),
  /** Panel ids hidden from the main area (instrument ids, `acquisitions`, `events`, `setups`). */
  hidden_panels: z.array(z.string().min(1).max(64)).max(64),
});
export type SetupLayout = z.infer<typeof setupLayoutSchema>;

/** What the dashboard contributes to a bench setup: state only it knows. */
export const clientSectionsSchema = z.strictObject({
  layout: setupLayoutSchema.optional(),
  streams: z.array(setupStreamSchema).max(128).optional(),
});
export type ClientSections = z.infer<typeof clientSectionsSchema>;

export const listSetupsSchema = z.strictObject({
  type: z.literal('list_setups'),
  request_id: requestId,
});

/** Saves (replacing one of the same name) the bench's setup, or one instrument's. Answered by `setup_saved`. */
export const saveSetupSchema = z.strictObject({
  type: z.literal('save_setup'),
  request_id: requestId,
  name: setupNameSchema,
  scope: z.enum(SETUP_SCOPES),
  /** The instrument, for scope `instrument`. */
  equipment_id: equipmentId.optional(),
  /** Bench scope: the dashboard's own state (layout, running streams). */
  client: clientSectionsSchema.optional(),
});

/**
 * Recalls a setup: outputs off first, then every setting the target offers, in a safe order. An instrument
 * setup goes onto `equipment_id` (default: the instrument it was saved from), of the same model or not.
 * Answered by `setup_recalled` with the report.
 */
export const recallSetupSchema = z.strictObject({
  type: z.literal('recall_setup'),
  request_id: requestId,
  name: setupNameSchema,
  equipment_id: equipmentId.optional(),
});

export const deleteSetupSchema = z.strictObject({
  type: z.literal('delete_setup'),
  request_id: requestId,
  name: setupNameSchema,
});

/** Stores a setup file's text (validated) under `name`, or the name inside it. Answered by `setup_saved`. */
export const importSetupSchema = z.strictObject({
  type: z.literal('import_setup'),
  request_id: requestId,
  text: z.string().min(1).max(MAX_SETUP_TEXT_CHARS),
  name: setupNameSchema.optional(),
});

/** Asks for a setup's file text, to download. Answered by `setup_exported`. */
export const exportSetupSchema = z.strictObject({
  type: z.literal('export_setup'),
  request_id: requestId,
  name: setupNameSchema,
});

export const setupCommandSchemas = {
  list_setups: listSetupsSchema,
  save_setup: saveSetupSchema,
  recall_setup: recallSetupSchema,
  delete_setup: deleteSetupSchema,
  import_setup: importSetupSchema,
  export_setup: exportSetupSchema,
} as const;

export type ListSetupsMessage = z.infer<typeof listSetupsSchema>;
export type SaveSetupMessage = z.infer<typeof saveSetupSchema>;
export type RecallSetupMessage = z.infer<typeof recallSetupSchema>;
export type DeleteSetupMessage = z.infer<typeof deleteSetupSchema>;
export type ImportSetupMessage = z.infer<typeof importSetupSchema>;
export type ExportSetupMessage = z.infer<typeof exportSetupSchema>;
export type SetupCommandMessage =
  | ListSetupsMessage
  | SaveSetupMessage
  | RecallSetupMessage
  | DeleteSetupMessage
  | ImportSetupMessage
  | ExportSetupMessage;

interface Reply {
  request_id?: string | number;
}

/** A setup as listed: enough to choose one. */
export interface SetupSummary {
  name: string;
  scope: SetupScope;
  /** When it was saved, ms since epoch. */
  saved_at: number;
  instruments: { equipment_id: string; model: string; label: string }[];
  /** Keys of the sections it holds besides instrument settings (`layout`, `streams`, `alarms`, ...). */
  sections: string[];
}

/** One setting that was applied, or not, by a recall. */
export interface SetupReportItem {
  /** The instrument; absent for a bench-wide section item (the layout). */
  equipment_id?: string;
  channel?: number;
  /** A parameter name, or a section's item (e.g. a stream). */
  item: string;
  value?: number | boolean | string;
  /** Why it was skipped or left off, in words a person can act on. */
  reason?: string;
}

/** What a recall or restore did, instrument by instrument and section by section. */
export interface SetupReport {
  applied: SetupReportItem[];
  skipped: SetupReportItem[];
  /** Outputs switched off (or kept off) by the recall: a person turns them on when ready. */
  outputs_left_off: SetupReportItem[];
  /** Sections handed back to the dashboard to apply (layout, streams), by key. */
  client: ClientSections;
}

/** The start-up restore of the working setup (the settings each instrument had when the backend stopped). */
export interface SetupRestoreSummary {
  /** When it ran, ms since epoch. */
  at: number;
  report: SetupReport;
}

export interface SetupsMessage extends Reply {
  type: 'setups';
  setups: SetupSummary[];
  /** Present once this run of the backend restored settings at start-up. */
  restored?: SetupRestoreSummary;
}

export interface SetupSavedMessage extends Reply {
  type: 'setup_saved';
  setup: SetupSummary;
}

export interface SetupRecalledMessage extends Reply {
  type: 'setup_recalled';
  name: string;
  report: SetupReport;
}

export interface SetupDeletedMessage extends Reply {
  type: 'setup_deleted';
  name: string;
}

export interface SetupExportedMessage extends Reply {
  type: 'setup_exported';
  name: string;
  /** The file's JSON text, as stored (`<name>.json`). */
  text: string;
}

export type SetupServerMessage =
  SetupsMessage | SetupSavedMessage | SetupRecalledMessage | SetupDeletedMessage | SetupExportedMessage;
