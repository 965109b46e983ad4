/**
 * Which bench a backend starts with: the file given (`--bench`, or the desktop app's setting); else the
 * data folder's bench file, which holds what was added and removed at run time; else the simulated pair.
 */
import { access } from 'node:fs/promises';
import path from 'node:path';
import type { BenchFile } from '../../shared/protocol/index.js';
import { BENCH_FILE_NAME, readBenchFile } from './benchFile.js';
import { defaultBench } from './defaultBench.js';

export interface OpenedBench {
  bench: BenchFile;
  /** Where it came from, for messages: a file path, or "the default bench". */
  source: string;
}

/** Throws BenchFileError for a file that cannot be used. */
export async function openBench(
  file: string | undefined,
  dataDir: string,
  seed: number,
): Promise<OpenedBench> {
  if (file !== undefined) return { bench: await readBenchFile(file), source: path.resolve(file) };
  const saved = path.join(dataDir, BENCH_FILE_NAME);
  const exists = await access(saved).then(
    () => true,
    () => false,
  );
  if (exists) return { bench: await readBenchFile(saved), source: saved };
  return { bench: defaultBench(seed), source: 'the default bench' };
}
