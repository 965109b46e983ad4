/**
 * The two file-system capabilities the dashboard has in the desktop app, both decided by the user:
 * choosing where an export goes (native save dialog) and revealing a finished export. A path reaches the
 * backend as an allowed export target only by coming out of the save dialog.
 */
import { dialog, shell, type BrowserWindow } from 'electron';
import path from 'node:path';
import type { ExportDialogRequest } from '../../shared/bridge.js';

const EXTENSIONS: Record<string, string> = {
  csv: 'CSV',
  npy: 'NumPy array',
  npz: 'NumPy archive',
  h5: 'HDF5',
  hdf5: 'HDF5',
  json: 'JSON',
};

/** Checks the renderer's request (it is input from outside the main process). */
export function parseExportDialogRequest(value: unknown): ExportDialogRequest {
  if (typeof value !== 'object' || value === null) throw new Error('export dialog request must be an object');
  const { defaultName, extension } = value as Record<string, unknown>;
  if (typeof extension !== 'string' || !(extension in EXTENSIONS))
    throw new Error(`unsupported export extension ${String(extension)}`);
  if (typeof defaultName !== 'string' || defaultName.length > 200 || /[\\/\0]/.test(defaultName)) {
    throw new Error('default export name must be a plain file name');
  }
  return { defaultName, extension };
}

export class ExportTargets {
  readonly #chosen = new Set<string>();
  readonly #dataDir: string;

  constructor(dataDir: string) {
    this.#dataDir = path.resolve(dataDir);
  }

  async choose(
    window: BrowserWindow,
    request: ExportDialogRequest,
    defaultDir: string,
  ): Promise<string | undefined> {
    const result = await dialog.showSaveDialog(window, {
      title: 'Export acquisition',
      defaultPath: path.join(defaultDir, request.defaultName),
      filters: [
        { name: EXTENSIONS[request.extension] ?? request.extension, extensions: [request.extension] },
      ],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    });
    if (result.canceled || !result.filePath) return undefined;
    const chosen = path.resolve(result.filePath);
    this.#chosen.add(chosen);
    return chosen;
  }

  /** True for a path the user chose in the dialog, or anything inside the data folder. */
  isAllowed(candidate: string): boolean {
    const resolved = path.resolve(candidate);
    return this.#chosen.has(resolved) || resolved.startsWith(this.#dataDir + path.sep);
  }

  showInFolder(candidate: unknown): void {
    if (typeof candidate !== 'string' || !this.isAllowed(candidate))
      throw new Error('refused: not an export of this session');
    shell.showItemInFolder(path.resolve(candidate));
  }
}
