/** Writes the data folder's bench file atomically: after a crash it holds the old bench or the new, never a mix. */
import path from 'node:path';
import type { BenchFile } from '../../shared/protocol/index.js';
import { writeFileAtomic } from '../util/index.js';
import { BENCH_FILE_NAME } from './benchFile.js';

export async function saveBench(dataDir: string, bench: BenchFile): Promise<string> {
  const file = path.join(dataDir, BENCH_FILE_NAME);
  await writeFileAtomic(file, `${JSON.stringify(bench, undefined, 2)}\n`);
  return file;
}
