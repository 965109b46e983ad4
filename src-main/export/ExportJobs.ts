/**
 * Exports in flight, for the whole backend: where a file may go (the exports folder, or a path the user
 * chose in the desktop save dialog), the running jobs with their cancel switches, and download links.
 *
 * Exports are capped — `maxRunning` at once on the backend, `maxRunningPerConnection` for one connection —
 * because each holds a reader, a writer, buffers and a hash and competes with capture for the disk: forty
 * NPY exports at once stalled a healthy backend. One over the cap is refused (`limit_exceeded`), never
 * queued, so a client always knows at once whether its export runs.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, realpath, rm } from 'node:fs/promises';
import path from 'node:path';
import type { AcquisitionMeta, AcquisitionService } from '../acquisition/index.js';
import {
  defaultExportFileName,
  ExportError,
  isExportTempName,
  resolveExportPath,
  type ExportFormat,
  type ExportProgress,
  type ExportResult,
  type FileIdentity,
  type InstrumentIdentity,
  sanitizeFileLabel,
} from './common/index.js';
import { estimateExportBytes } from './estimate.js';
import { exportAcquisition } from './exportAcquisition.js';
import type { InstrumentRegistry } from '../instruments/index.js';
import { Emitter, type Logger } from '../util/index.js';
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

/** Where an accepted request will write, under which export id (the id is part of a default name). */
export interface ExportTarget {
  exportId: string;
  targetPath: string;
  overwrite: boolean;
  /** An NPY export written as one `.zip` archive for a download (see ExportOptions.npyArchive). */
  npyArchive?: boolean;
}

/** Exports running at once on one backend, by default. */
export const DEFAULT_MAX_RUNNING_EXPORTS = 4;
/** Exports running at once for one connection, by default. */
export const DEFAULT_MAX_RUNNING_EXPORTS_PER_CONNECTION = 2;

export interface ExportLimits {
  /** Exports running at once on the backend. Default DEFAULT_MAX_RUNNING_EXPORTS (4). */
  maxRunning?: number;
  /** Exports running at once for one connection. Default DEFAULT_MAX_RUNNING_EXPORTS_PER_CONNECTION (2). */
  maxRunningPerConnection?: number;
}

interface Job {
  controller: AbortController;
  /** The connection that started it (any object standing for it). */
  owner: object;
}

export interface ExportJobCallbacks {
  onProgress(progress: ExportProgress): void;
  onDone(result: ExportResult, downloadUrl: string | undefined): void;
  onFailed(error: unknown): void;
}

/** An export that ended, for the events log (who asked is the connection's business, not the job's). */
export type ExportJobEvent =
  | { type: 'done'; exportId: string; meta: AcquisitionMeta; result: ExportResult }
  | { type: 'failed'; exportId: string; meta: AcquisitionMeta; format: string; error: unknown };

export class ExportJobs {
  readonly exportsDir: string;
  /** Each export's end, written or failed (cancelled included). */
  readonly events = new Emitter<ExportJobEvent>();
  readonly downloads = new DownloadTickets();
  readonly #service: AcquisitionService;
  readonly #registry: InstrumentRegistry;
  readonly #log: Logger;
  readonly #chosenTargets = new Set<string>();
  readonly #running = new Map<string, Job>();
  /** Desktop mode has a save dialog and no downloads; browser mode gets download links. */
  readonly #offerDownloads: boolean;
  readonly #maxRunning: number;
  readonly #maxPerConnection: number;

  constructor(options: {
    service: AcquisitionService;
    registry: InstrumentRegistry;
    log: Logger;
    offerDownloads: boolean;
    limits?: ExportLimits;
  }) {
    this.#service = options.service;
    this.#registry = options.registry;
    this.#log = options.log;
    this.#offerDownloads = options.offerDownloads;
    this.#maxRunning = options.limits?.maxRunning ?? DEFAULT_MAX_RUNNING_EXPORTS;
    this.#maxPerConnection =
      options.limits?.maxRunningPerConnection ?? DEFAULT_MAX_RUNNING_EXPORTS_PER_CONNECTION;
    this.exportsDir = path.join(options.service.store.dataDir, 'exports');
  }

  /**
   * Removes temporary files an export left behind when the backend died mid-write (`.benchtop-part-…`,
   * the engine's naming, which no export target may use); finished exports are never touched. Called
   * once at start-up.
   */
  async sweepLeftovers(): Promise<number> {
    const names = await readdir(this.exportsDir).catch(() => [] as string[]);
    const removed = await Promise.all(
      names.filter(isExportTempName).map((name) =>
        rm(path.join(this.exportsDir, name), { force: true }).then(
          () => 1,
          (err: unknown) => {
            // Not ours after all (a folder, say): leave it, and never let it stop the start-up.
            this.#log.warn(`left ${name} in ${this.exportsDir}: ${(err as Error).message}`);
            return 0;
          },
        ),
      ),
    );
    const count = removed.reduce<number>((sum, n) => sum + n, 0);
    if (count > 0) this.#log.info(`removed ${count} unfinished export file(s) from ${this.exportsDir}`);
    return count;
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
    // An NPY archive has the NPZ's layout, byte for byte.
    const format = this.#npyArchive(request) ? 'npz' : request.format;
    return estimateExportBytes(meta, format, request.channels, {
      startS: request.startS,
      endS: request.endS,
    });
  }

  /**
   * Picks the export id and resolves where the file goes: the requested path, or a default name made
   * unique by a time stamp and the export id (two exports of one capture in the same millisecond must not
   * share a file). Throws ExportError('invalid_path') for anything not allowed.
   */
  async target(meta: AcquisitionMeta, request: ExportRequest): Promise<ExportTarget> {
    const exportId = `exp_${randomBytes(6).toString('hex')}`;
    if (request.path !== undefined) {
      const chosen = path.resolve(request.path);
      if (this.#chosenTargets.has(chosen)) return { exportId, targetPath: chosen, overwrite: true };
    }
    const archive = this.#npyArchive(request);
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const name = request.path ?? defaultExportFileName(meta, request.format, `${stamp}_${exportId}`);
    const targetPath = await this.#inExportsFolder(archive && !name.endsWith('.zip') ? `${name}.zip` : name);
    return { exportId, targetPath, overwrite: false, ...(archive ? { npyArchive: true } : {}) };
  }

  /**
   * Whether an NPY export goes out as one archive: in browser mode, where the file is fetched through a
   * download link that carries one file (a path from the desktop save dialog gets the .npy and its sidecar).
   */
  #npyArchive(request: ExportRequest): boolean {
    if (!this.#offerDownloads || request.format !== 'npy') return false;
    return request.path === undefined || !this.#chosenTargets.has(path.resolve(request.path));
  }

  /**
   * Starts a job under `target.exportId` and reports through the callbacks. `owner` stands for the
   * connection asking (its per-connection cap). Throws ExportError('limit_exceeded'), starting nothing,
   * when the backend or that connection already runs as many exports as allowed.
   */
  start(
    meta: AcquisitionMeta,
    request: ExportRequest,
    target: ExportTarget,
    callbacks: ExportJobCallbacks,
    owner: object,
  ): void {
    this.#assertRoomFor(owner);
    const { exportId } = target;
    const controller = new AbortController();
    this.#running.set(exportId, { controller, owner });
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
      npyArchive: target.npyArchive,
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
            this.#offerDownloads && folder === exportsFolder
              ? this.downloads.issue(result.path, result.identity)
              : undefined;
          this.#log.info(`export ${exportId}: ${result.bytes} bytes to ${result.path}`);
          this.#settle(exportId, () => callbacks.onDone(result, url));
          this.events.emit({ type: 'done', exportId, meta, result });
        },
        (err: unknown) => {
          this.#log.warn(`export ${exportId} failed: ${err instanceof Error ? err.message : String(err)}`);
          this.#settle(exportId, () => callbacks.onFailed(err));
          this.events.emit({ type: 'failed', exportId, meta, format: request.format, error: err });
        },
      )
      .catch((err: unknown) => this.#log.error(`export ${exportId}: ending the job failed`, err));
  }

  /**
   * Takes the job out of the running set, then reports its end: a client that starts its next export on
   * export_done must not be refused for the one that just ended.
   */
  #settle(exportId: string, report: () => void): void {
    this.#running.delete(exportId);
    report();
  }

  /**
   * Where a view export ("export what you see") goes: a fresh name in the exports folder from the view's
   * title, the time and a random tail.
   */
  async viewTarget(title: string, extension: string): Promise<string> {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const label = sanitizeFileLabel(title) || 'view';
    return this.#inExportsFolder(`${label}_${stamp}_${randomBytes(3).toString('hex')}.${extension}`);
  }

  /** A download link for a file this backend wrote into its exports folder; undefined in desktop mode. */
  viewDownload(filePath: string, identity: FileIdentity): string | undefined {
    return this.#offerDownloads ? this.downloads.issue(filePath, identity) : undefined;
  }

  /** The identity and current settings of an instrument that has answered, for a view's provenance. */
  instrumentIdentity(equipmentId: string): InstrumentIdentity | undefined {
    const host = this.#registry.get(equipmentId);
    if (!host?.described) return undefined;
    const { vendor, model, serial } = host.capabilities();
    return { vendor, model, serial };
  }

  /** Cancels a running export; false when there is none with that id. */
  cancel(exportId: string): boolean {
    const job = this.#running.get(exportId);
    job?.controller.abort();
    return job !== undefined;
  }

  /** Cancels everything (shutdown); their temp files are removed by the engine. */
  close(): void {
    for (const job of this.#running.values()) job.controller.abort();
  }

  #assertRoomFor(owner: object): void {
    const mine = [...this.#running.values()].filter((job) => job.owner === owner).length;
    const [scope, limit, running] =
      mine >= this.#maxPerConnection
        ? (['connection', this.#maxPerConnection, mine] as const)
        : (['backend', this.#maxRunning, this.#running.size] as const);
    if (running < limit) return;
    const who = scope === 'connection' ? 'this connection' : 'the backend';
    throw new ExportError(
      'limit_exceeded',
      `${who} already runs ${running} export(s), the most allowed (${limit}); try again when one has finished (export_done or export_failed)`,
      { limit, running, scope },
    );
  }

  async #inExportsFolder(requested: string): Promise<string> {
    await mkdir(this.exportsDir, { recursive: true });
    return resolveExportPath(requested, [this.exportsDir], {
      forbiddenRoots: [this.#service.store.acquisitionsDir],
    });
  }
}
