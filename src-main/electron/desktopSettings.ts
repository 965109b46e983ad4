/**
 * The desktop app's settings, in `settings.json` in the user-data folder: which bench file to start from
 * (`bench_file`; without it, the data folder's bench, else the simulated pair — as `npm serve` without
 * `--bench`), and the backend's port (`port`; without it, a free one each launch). The file is input from outside: a malformed one stops start-up with one message
 * naming the file and the field, rather than quietly starting another bench than the user chose.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { describeZodIssue, jsonPath } from '../util/index.js';

export const DESKTOP_SETTINGS_FILE = 'settings.json';

const schema = z.strictObject({
  /** A bench file; relative paths are taken from the user-data folder. */
  bench_file: z.string().min(1).max(4096).optional(),
  /**
   * A fixed port gives the window a fixed origin (`http://127.0.0.1:PORT`): other backends can then admit
   * it with `--allow-origin`, and what the window keeps in its storage (preferences, the list of further
   * benches; storage is per origin) outlives a restart.
   */
  port: z.number().int().min(1024).max(65535).optional(),
});

export interface DesktopSettings {
  /** Absolute path of the bench file to start from, if the user chose one. */
  benchFile?: string;
  /** The backend's port, if the user fixed one; else a free one is picked. */
  port?: number;
}

/** Reads `<userDataDir>/settings.json`; a missing file is no settings. Throws Error naming file and field. */
export function loadDesktopSettings(userDataDir: string): DesktopSettings {
  const file = path.join(userDataDir, DESKTOP_SETTINGS_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new Error(`settings file ${file}: cannot be read: ${(err as Error).message}`, { cause: err });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new Error(`settings file ${file}: not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const { path: where, reason } = describeZodIssue(parsed.error.issues[0]!);
    throw new Error(`settings file ${file}: ${jsonPath(where)}: ${reason}`);
  }
  const { bench_file: benchFile, port } = parsed.data;
  return {
    ...(benchFile !== undefined && { benchFile: path.resolve(userDataDir, benchFile) }),
    ...(port !== undefined && { port }),
  };
}
