/**
 * Exports in flight, for the whole backend: where a file may go (the exports folder, or a path the user
 * chose in the desktop save dialog), the running jobs with their cancel switches, and download links.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, realpath, rm } from 'node:fs/promises';
import path from 'node:path';
import type { AcquisitionService } from '../acquisition/AcquisitionService.js';
import type { AcquisitionMeta } from '../acquisition/meta.js';
import {
  defaultExportFileName,
  estimateExportBytes,
  exportAcquisition,
  resolveExportPath,
  type ExportFormat,
  type ExportProgress,
  type ExportResult,
} from '../export/index.js';
import type { InstrumentRegistry } from '../instruments/InstrumentRegistry.js';
import type { Logger } from '../util/log.js';
import { DownloadTickets } from './DownloadTickets.js';

export interface ExportRequest {
  acquisitionId: string;
  format: ExportFormat;
  channels?: string[];
  startS?: number;
  endS?: number;
  /** Only a path registered with allowTarget (desktop save dialog); otherwise the exports folder. */
  path?: string;
}

export interface ExportJobCallbacks {
  onProgress(progress: ExportProgress): void;
  onDone(result: ExportResult, downloadUrl: string | undefined): void;
  onFailed(error: unknown): void;
}

export class ExportJobs {
  readonly exportsDir: string;
  readonly downloads = new DownloadTickets();
  readonly #service: AcquisitionService;
  readonly #registry: InstrumentRegistry;
  readonly #log: Logger;
  readonly #chosenTargets = new Set<string>();
  readonly #running = new Map<string, AbortController>();
  /** Desktop mode has a save dialog and no downloads; browser mode gets download links. */
  readonly #offerDownloads: boolean;

  constructor(options: {
    service: AcquisitionService;
    registry: InstrumentRegistry;
    log: Logger;
    offerDownloads: boolean;
  }) {
    this.#service = options.service;
    this.#registry = options.registry;
    this.#log = options.log;
    this.#offerDownloads = options.offerDownloads;
    this.exportsDir = path.join(options.service.store.dataDir, 'exports');
  }

  /**
   * Removes temporary files an export left behind when the backend died mid-write (`.<name>.tmp-<hex>`,
   * the engine's naming); finished exports are never touched. Called once at start-up.
   */
  async sweepLeftovers(): Promise<number> {
    const names = await readdir(this.exportsDir).catch(() => [] as string[]);
    const leftovers = names.filter((name) => /^\..+\.tmp-[0-9a-f]+$/.test(name));
    await Promise.all(leftovers.map((name) => rm(path.join(this.exportsDir, name), { force: true })));
    if (leftovers.length > 0)
      this.#log.info(`removed ${leftovers.length} unfinished export file(s) from ${this.exportsDir}`);
    return leftovers.length;
  }

  /** Registers a path the user chose in the save dialog (called by the Electron main process only). */
  allowTarget(filePath: string): void {
    this.#chosenTargets.add(path.resolve(filePath));
  }

  get runningCount(): number {
    return this.#running.size;
  }

  /** The acquisition's metadata, or undefined (the caller answers not_found). */
  async meta(acquisitionId: string): Promise<AcquisitionMeta | undefined> {
    return this.#service.store.get(acquisitionId).catch(() => undefined);
  }

  /** Size estimate; throws ExportError (out_of_range, too_large, invalid_format) as the export would. */
  estimate(meta: AcquisitionMeta, request: ExportRequest): number {
    return estimateExportBytes(meta, request.format, request.channels, {
      startS: request.startS,
      endS: request.endS,
    });
  }

  /** Resolves where the file goes; throws ExportError('invalid_path') for anything not allowed. */
  async target(
    meta: AcquisitionMeta,
    request: ExportRequest,
  ): Promise<{ targetPath: string; overwrite: boolean }> {
    if (request.path !== undefined) {
      const chosen = path.resolve(request.path);
      if (this.#chosenTargets.has(chosen)) return { targetPath: chosen, overwrite: true };
      return { targetPath: await this.#inExportsFolder(request.path), overwrite: false };
    }
    await mkdir(this.exportsDir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const name = defaultExportFileName(meta, request.format).replace(/(\.[a-z0-9]+)$/, `_${stamp}$1`);
    return { targetPath: await this.#inExportsFolder(name), overwrite: false };
  }

  /** Starts a job; returns its id at once and reports through the callbacks. */
  start(
    meta: AcquisitionMeta,
    request: ExportRequest,
    target: { targetPath: string; overwrite: boolean },
    callbacks: ExportJobCallbacks,
  ): string {
    const exportId = `exp_${randomBytes(6).toString('hex')}`;
    const controller = new AbortController();
    this.#running.set(exportId, controller);
    // Only an instrument that has answered has an identity to give; otherwise the recorded one stands.
    const host = this.#registry.get(meta.equipment_id);
    const instrument = host?.described ? host.capabilities() : undefined;
    exportAcquisition({
      source: { store: this.#service.store, acquisitionId: meta.acquisition_id },
      format: request.format,
      channels: request.channels,
      startS: request.startS,
      endS: request.endS,
      targetPath: target.targetPath,
      overwrite: target.overwrite,
      signal: controller.signal,
      onProgress: callbacks.onProgress,
      instrument: instrument
        ? { vendor: instrument.vendor, model: instrument.model, serial: instrument.serial }
        : undefined,
      log: this.#log,
    })
      .then(
        async (result) => {
          // Compare canonical folders: the exports folder may sit behind a symbolic link.
          const folder = await realpath(path.dirname(result.path)).catch(() => path.dirname(result.path));
          const exportsFolder = await realpath(this.exportsDir).catch(() => path.resolve(this.exportsDir));
          const url =
            this.#offerDownloads && folder === exportsFolder ? this.downloads.issue(result.path) : undefined;
          this.#log.info(`export ${exportId}: ${result.bytes} bytes to ${result.path}`);
          callbacks.onDone(result, url);
        },
        (err: unknown) => {
          this.#log.warn(`export ${exportId} failed: ${err instanceof Error ? err.message : String(err)}`);
          callbacks.onFailed(err);
        },
      )
      .finally(() => this.#running.delete(exportId));
    return exportId;
  }

  /** Cancels a running export; false when there is none with that id. */
  cancel(exportId: string): boolean {
    const controller = this.#running.get(exportId);
    controller?.abort();
    return controller !== undefined;
  }

  /** Cancels everything (shutdown); their temp files are removed by the engine. */
  close(): void {
    for (const controller of this.#running.values()) controller.abort();
  }

  async #inExportsFolder(requested: string): Promise<string> {
    await mkdir(this.exportsDir, { recursive: true });
    return resolveExportPath(requested, [this.exportsDir], {
      forbiddenRoots: [this.#service.store.acquisitionsDir],
    });
  }
}
