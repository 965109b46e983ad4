/**
 * Reading a bench file: JSON, checked against the bench schema (shared/protocol/bench.ts). Any problem is
 * a BenchFileError naming the file, the JSON path and the reason.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { benchFileSchema, type BenchFile } from '../../shared/protocol/index.js';
import { describeZodIssue, jsonPath } from '../util/index.js';
import { BenchFileError } from './BenchFileError.js';

/** The bench kept in the data folder: what was added and removed at run time, there after a restart. */
export const BENCH_FILE_NAME = 'bench.json';

/** Largest bench file read, bytes: a bench is a few kilobytes; anything far larger is not one. */
const MAX_BENCH_FILE_BYTES = 1024 * 1024;

/** Reads and validates `file`; throws BenchFileError. */
export async function readBenchFile(file: string): Promise<BenchFile> {
  const absolute = path.resolve(file);
  let text: string;
  try {
    const data = await readFile(absolute);
    if (data.length > MAX_BENCH_FILE_BYTES) {
      throw new BenchFileError(
        absolute,
        undefined,
        `larger than ${MAX_BENCH_FILE_BYTES} bytes; not a bench file`,
      );
    }
    text = data.toString('utf8');
  } catch (err) {
    if (err instanceof BenchFileError) throw err;
    const error = err as NodeJS.ErrnoException;
    const reason =
      error.code === 'ENOENT' ? 'no such file' : error.code === 'EISDIR' ? 'is a directory' : error.message;
    throw new BenchFileError(absolute, undefined, `cannot be read: ${reason}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new BenchFileError(absolute, undefined, `not valid JSON: ${(err as Error).message}`);
  }
  return validateBench(value, absolute);
}

/** Checks a parsed bench against the schema; throws BenchFileError for the first problem. */
export function validateBench(value: unknown, source: string): BenchFile {
  const parsed = benchFileSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const { path: where, reason } = describeZodIssue(parsed.error.issues[0]!);
  throw new BenchFileError(source, where.length === 0 ? undefined : jsonPath(where), reason);
}
