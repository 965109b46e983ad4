/**
 * Alarm definitions in the data folder (`alarms.json`), so they survive restarts. Written atomically (a
 * crash leaves the old file or the new one, never half of one). The file is outside input on start-up: a
 * definition that is not valid is skipped and logged, never fatal.
 */
import path from 'node:path';
import { z } from 'zod';
import { alarmDefinitionSchema, type AlarmDefinition } from '../../shared/protocol/index.js';
import {
  describeZodIssue,
  jsonPath,
  type Logger,
  readTextIfPresent,
  writeFileAtomic,
} from '../util/index.js';

export const ALARMS_FILE_NAME = 'alarms.json';
const FILE_VERSION = 1;

const fileSchema = z.object({ version: z.literal(FILE_VERSION), alarms: z.array(z.unknown()) });

export interface LoadedAlarms {
  alarms: AlarmDefinition[];
  /** Entries that were not alarms, with why. */
  skipped: string[];
}

export async function loadAlarms(dirPath: string, log: Logger): Promise<LoadedAlarms> {
  const filePath = path.join(dirPath, ALARMS_FILE_NAME);
  const text = await readTextIfPresent(filePath);
  if (text === undefined) return { alarms: [], skipped: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    log.warn(`${filePath}: not JSON (${(err as Error).message}); starting with no alarms`);
    return { alarms: [], skipped: [`${ALARMS_FILE_NAME} is not JSON`] };
  }
  const file = fileSchema.safeParse(parsed);
  if (!file.success) {
    const why = issueText(file.error.issues[0]!);
    log.warn(`${filePath}: ${why}; starting with no alarms`);
    return { alarms: [], skipped: [why] };
  }
  const alarms: AlarmDefinition[] = [];
  const skipped: string[] = [];
  file.data.alarms.forEach((entry, i) => {
    const alarm = alarmDefinitionSchema.safeParse(entry);
    if (alarm.success) alarms.push(alarm.data);
    else skipped.push(`alarms[${i}]: ${issueText(alarm.error.issues[0]!)}`);
  });
  if (skipped.length > 0) log.warn(`${filePath}: skipped ${skipped.length} alarm(s): ${skipped.join('; ')}`);
  return { alarms, skipped };
}

export async function saveAlarms(dirPath: string, alarms: readonly AlarmDefinition[]): Promise<void> {
  const text = JSON.stringify({ version: FILE_VERSION, alarms }, undefined, 2) + '\n';
  await writeFileAtomic(path.join(dirPath, ALARMS_FILE_NAME), text);
}

function issueText(issue: z.core.$ZodIssue): string {
  const { path: where, reason } = describeZodIssue(issue);
  return `${jsonPath(where)}: ${reason}`;
}
