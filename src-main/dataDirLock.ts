/**
 * One backend per data directory. A second backend on the same folder would "recover" the first one's
 * running captures as interrupted, so start-up takes `<dataDir>/benchtop.lock`, created exclusively.
 *
 * The lock says who holds it (`LockRecord`): pid, host, a random instance id, when it was taken and — on
 * Linux — the process's start time from /proc/<pid>/stat. A lock is live only while that very process
 * runs: a pid alone is not enough, because after a crash or a reboot the pid is soon someone else's (the
 * issue that found this wrote `1` into the lock: "in use by another Benchtop (process 1)"). So a lock whose
 * pid is gone, or now belongs to a process that started at another time, is stale and taken over. Lock
 * files of older versions hold only a pid; those count as live only if the process's command line is a
 * Benchtop's. Where /proc does not exist (macOS, Windows) a running pid has to be taken at its word, and
 * a lock taken on another host cannot be checked at all: both are refused, naming the file to delete.
 */
import { randomBytes } from 'node:crypto';
import { open, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

export const LOCK_FILE_NAME = 'benchtop.lock';

const lockRecordSchema = z.object({
  app: z.literal('benchtop'),
  pid: z.number().int().positive(),
  hostname: z.string(),
  /** Random per lock: release removes the file only while it is still this lock. */
  instance_id: z.string(),
  /** Epoch ms when the lock was taken. */
  started_ms: z.number(),
  /** Start time of the holder in clock ticks since boot (/proc/<pid>/stat field 22); Linux only. */
  process_start_ticks: z.number().int().nonnegative().optional(),
});

/** What a lock file says about its holder. */
export type LockRecord = z.infer<typeof lockRecordSchema>;

export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
  /** `detail` goes after the pid ("on host …, since …"); `advice` replaces the usual advice. */
  constructor(
    readonly dataDir: string,
    readonly ownerPid: number,
    detail = '',
    advice = 'stop it or choose another --data-dir',
  ) {
    super(
      `data directory ${dataDir} is in use by another Benchtop (process ${ownerPid}${detail}); ${advice}`,
    );
  }
}

/**
 * Reads a lock file's text: the JSON record, `legacy` for an older version's bare pid, or undefined for
 * anything else (a torn or foreign file, which is stale).
 */
export function parseLockFile(text: string): LockRecord | 'legacy' | undefined {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return 'legacy';
  try {
    const parsed = lockRecordSchema.safeParse(JSON.parse(trimmed));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function legacyPid(text: string): number {
  return Number.parseInt(text.trim(), 10);
}

/** Whether a process with this pid exists (EPERM: it does, but belongs to someone else). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Start time of `pid` in clock ticks since boot, or undefined where /proc cannot tell (not Linux, gone). */
export async function processStartTicks(pid: number): Promise<number | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (stat === undefined) return undefined;
  // Field 2 (the command name) is in parentheses and may itself hold spaces and parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[22 - 3]);
  return Number.isSafeInteger(ticks) ? ticks : undefined;
}

/** The command line of `pid` (argv), or undefined where /proc cannot tell. */
async function commandLine(pid: number): Promise<string[] | undefined> {
  const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => undefined);
  return raw === undefined ? undefined : raw.split('\0').filter((arg) => arg !== '');
}

/**
 * Whether argv is one of the ways Benchtop runs: `node …/dist/main/cli.js` (`npm run serve`), the CLI from
 * source (`src-main/cli.ts`), Electron on the app folder (`npm start`), or the packaged executable.
 */
export function looksLikeBenchtop(argv: readonly string[]): boolean {
  const program = path.basename(argv[0] ?? '').toLowerCase();
  return (
    /^electron(\.exe)?$/.test(program) ||
    argv.some((arg) => {
      const lower = arg.replaceAll('\\', '/').toLowerCase();
      return (
        lower.includes('benchtop') ||
        lower.endsWith('main/cli.js') ||
        lower.endsWith('src-main/cli.ts') ||
        lower.endsWith('electron/main.cjs')
      );
    })
  );
}

/** Why the lock in `text` is held by a running Benchtop (a detail for the error), or undefined if stale. */
async function liveHolder(
  text: string,
): Promise<{ pid: number; detail: string; elsewhere: boolean } | undefined> {
  const record = parseLockFile(text);
  if (record === undefined) return undefined;
  if (record === 'legacy') {
    const pid = legacyPid(text);
    if (!isRunning(pid)) return undefined;
    const argv = await commandLine(pid);
    // Without /proc a running pid is all there is to go on.
    return argv === undefined || looksLikeBenchtop(argv) ? { pid, detail: '', elsewhere: false } : undefined;
  }
  const since = `, since ${new Date(record.started_ms).toISOString()}`;
  if (record.hostname !== os.hostname()) {
    return { pid: record.pid, detail: ` on host ${record.hostname}${since}`, elsewhere: true };
  }
  if (!isRunning(record.pid)) return undefined;
  const ticks = await processStartTicks(record.pid);
  if (
    ticks !== undefined &&
    record.process_start_ticks !== undefined &&
    ticks !== record.process_start_ticks
  ) {
    return undefined; // the pid now belongs to a process started later: the holder is gone
  }
  return { pid: record.pid, detail: since, elsewhere: false };
}

/**
 * Takes the lock; resolves with its release function (which removes the file only while it is still this
 * lock). Rejects with DataDirLockedError when a running Benchtop holds it; a stale lock is taken over.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const file = path.join(dataDir, LOCK_FILE_NAME);
  const ticks = await processStartTicks(process.pid);
  const record: LockRecord = {
    app: 'benchtop',
    pid: process.pid,
    hostname: os.hostname(),
    instance_id: randomBytes(8).toString('hex'),
    started_ms: Date.now(),
    ...(ticks !== undefined && { process_start_ticks: ticks }),
  };
  const text = `${JSON.stringify(record)}\n`;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(text);
      await handle.close();
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        const now = await readFile(file, 'utf8').catch(() => undefined);
        if (now === text) await rm(file, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const found = await readFile(file, 'utf8').catch(() => '');
      const holder = await liveHolder(found);
      if (holder !== undefined) {
        // A lock from another host cannot be checked from here: say how to clear it if it is stale.
        const advice = holder.elsewhere
          ? `stop it, or if it is not running there, delete ${file}`
          : undefined;
        throw new DataDirLockedError(dataDir, holder.pid, holder.detail, advice);
      }
      // Stale (its holder is gone) or unreadable: remove it and try again.
      await rm(file, { force: true });
    }
  }
  throw new Error(`could not take the lock on ${dataDir}`);
}
