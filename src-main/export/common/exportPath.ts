/**
 * Where an export may be written, and what it is called. A path from a save dialog was chosen by the user;
 * a path named in a socket message is not trusted until resolveExportPath has placed it inside one of the
 * allowed folders (the data and export directories), with symlinks resolved — so neither `..` nor a link
 * planted inside an allowed folder can carry a write outside it.
 */
import { randomBytes } from 'node:crypto';
import { lstat, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { AcquisitionMeta } from '../../acquisition/index.js';
import { ExportError } from './ExportError.js';
import { EXPORT_EXTENSIONS, type ExportFormat } from './exportTypes.js';

/** Longest path accepted from outside, characters. */
export const MAX_EXPORT_PATH_LENGTH = 4096;
/** Longest label part of a default file name, characters. */
const MAX_LABEL_LENGTH = 60;

/**
 * Names of files being written start with this; resolveExportPath (and the engine) refuse it in a target
 * name, so the start-up sweep that deletes leftovers with it can never take a file a user asked for.
 */
export const EXPORT_TEMP_PREFIX = '.benchtop-part-';

export interface ExportPathOptions {
  /**
   * Folders inside the allowed ones where exports must never go — the acquisition store's own folder
   * (`store.acquisitionsDir`), whose files an export could otherwise replace.
   */
  forbiddenRoots?: readonly string[];
}

function refuse(message: string): never {
  throw new ExportError('invalid_path', message);
}

/** True when `child` is `parent` or lies below it (both absolute and canonical). */
export function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return (
    relative === '' ||
    (!relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative))
  );
}

async function realFolders(folders: readonly string[]): Promise<string[]> {
  const real = await Promise.all(folders.map((f) => realpath(path.resolve(f)).catch(() => undefined)));
  return real.filter((f): f is string => f !== undefined);
}

/**
 * The canonical absolute path for an export file named from outside (e.g. a socket message), or
 * ExportError('invalid_path'). Accepted: an absolute path, or one relative to the first allowed root; no
 * `..` component; its folder must exist and, once symlinks are resolved, lie inside an allowed root and
 * outside every forbidden one; an existing file of that name must be a regular file, not a link.
 */
export async function resolveExportPath(
  requested: unknown,
  allowedRoots: readonly string[],
  options: ExportPathOptions = {},
): Promise<string> {
  if (typeof requested !== 'string' || requested.trim() === '')
    refuse('export path must be a non-empty string');
  if (requested.length > MAX_EXPORT_PATH_LENGTH)
    refuse(`export path is longer than ${MAX_EXPORT_PATH_LENGTH} characters`);
  if (requested.includes('\0')) refuse('export path contains a NUL character');
  if (requested.split(/[\\/]/).includes('..')) refuse('export path must not contain ".."');
  const roots = await realFolders(allowedRoots);
  if (roots.length === 0) refuse('no export folder is available');
  const absolute = path.isAbsolute(requested) ? path.resolve(requested) : path.resolve(roots[0]!, requested);
  const name = path.basename(absolute);
  if (name === '' || name === '.' || /[\\/]$/.test(requested))
    refuse('export path must name a file, not a folder');
  if (isExportTempName(name)) refuse(reservedNameMessage(name));

  let folder: string;
  try {
    folder = await realpath(path.dirname(absolute));
  } catch {
    refuse(`export folder ${JSON.stringify(path.dirname(requested))} does not exist`);
  }
  if (!roots.some((root) => isInside(folder, root))) {
    refuse(`export path ${JSON.stringify(requested)} is outside the data and export folders`);
  }
  const forbidden = await realFolders(options.forbiddenRoots ?? []);
  if (forbidden.some((f) => isInside(folder, f))) {
    refuse(`export path ${JSON.stringify(requested)} is inside the acquisition store`);
  }
  const target = path.join(folder, name);
  const existing = await lstat(target).catch(() => undefined);
  if (existing?.isSymbolicLink()) refuse(`export path ${JSON.stringify(requested)} is a symbolic link`);
  if (existing !== undefined && !existing.isFile())
    refuse(`export path ${JSON.stringify(requested)} is not a file`);
  return target;
}

/**
 * The label as a file-name fragment: accents folded, anything but letters, digits, `.`, `_` and `-`
 * replaced by `_`, trimmed and shortened. Empty when nothing usable is left.
 */
export function sanitizeFileLabel(label: string): string {
  const trim = (s: string): string => s.replace(/^[._-]+|[._-]+$/g, '');
  const folded = label.normalize('NFKD').replace(/\p{M}/gu, '');
  return trim(trim(folded.replace(/[^A-Za-z0-9._-]+/g, '_')).slice(0, MAX_LABEL_LENGTH));
}

/**
 * Default file name for an export: `<label>_<acquisition id>[_<unique>].<ext>`, without the label for an
 * unnamed capture. The acquisition id ties the file to its capture; `unique` (the server passes a time
 * stamp and the export id) tells two exports of the same capture apart, even when they start in the same
 * millisecond. The label (free text from the user) is only a readable hint, sanitized.
 */
export function defaultExportFileName(
  meta: Pick<AcquisitionMeta, 'name' | 'acquisition_id'>,
  format: ExportFormat,
  unique?: string,
): string {
  const label = sanitizeFileLabel(meta.name);
  const tail = unique === undefined ? '' : `_${sanitizeFileLabel(unique)}`;
  return `${label === '' ? '' : `${label}_`}${meta.acquisition_id}${tail}.${EXPORT_EXTENSIONS[format]}`;
}

/** The provenance sidecar of a CSV, NPY or NPZ export: `<file>.meta.json`. */
export function sidecarPathFor(targetPath: string): string {
  return `${targetPath}.meta.json`;
}

/** Whether `name` (a file name, not a path) is one the export engine writes into before the commit. */
export function isExportTempName(name: string): boolean {
  return name.startsWith(EXPORT_TEMP_PREFIX);
}

/** Why a target named like a temp file is refused. */
export function reservedNameMessage(name: string): string {
  return `export file names starting with "${EXPORT_TEMP_PREFIX}" are reserved for files being written; ${JSON.stringify(name.slice(0, 80))} cannot be used`;
}

/**
 * A fresh hidden temp name beside `targetPath`: `.benchtop-part-<hex>-<name>`, the name sanitized and cut
 * to 64 characters so the temp name stays within the file system's limit whenever the target's does.
 */
export function tempPathFor(targetPath: string): string {
  const hint = path
    .basename(targetPath)
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .slice(0, 64);
  return path.join(
    path.dirname(targetPath),
    `${EXPORT_TEMP_PREFIX}${randomBytes(6).toString('hex')}-${hint}`,
  );
}
