/**
 * Assembles the backend — instruments, stream manager, acquisitions, server — for both the Electron shell
 * and the plain-Node CLI. Nothing here imports `electron`.
 */
import { AcquisitionService, type RecorderTuning } from './acquisition/index.js';
import { AlarmEngine } from './alarms/index.js';
import { MeasurementStatsService } from './measurementStats/index.js';
import { defaultDataDir, prepareDataDir } from './dataDir.js';
import { lockDataDir } from './dataDirLock.js';
import { BenchManager, buildBench, openBench } from './bench/index.js';
import {
  DRIVERS,
  type HostTiming,
  type InstrumentDriver,
  InstrumentFinder,
  InstrumentHost,
  InstrumentRegistry,
  queryIdentityOverTcp,
  type QueryIdentity,
  type ReconnectBackoff,
  type RecordMeasurer,
  type Browse,
} from './instruments/index.js';
import {
  BenchtopServer,
  type BenchtopServerOptions,
  type FleetAccess,
  generateToken,
  resolveSessionOptions,
  type SessionOptions,
  exportEventMessage,
  toEventMessage,
  toProgressMessage,
} from './server/index.js';
import type { EventMessage } from '../shared/protocol/index.js';
import { EventJournal } from './events/index.js';
import { alarmsSection, layoutSection, SetupService, streamsSection } from './setups/index.js';
import { ExportJobs, type ExportLimits } from './export/index.js';
import { LinkWatchdog, type SafeStateConfig } from './safety/index.js';
import { StreamManager } from './streams/index.js';
import { type Clock, Emitter, type ListenRetry, type Logger, type Timers } from './util/index.js';
import { StreamMemory } from './streamMemory/index.js';
import { APP_VERSION } from './version.js';
import { ReviewService } from './review/index.js';
import { type Compute, ComputePool, type ComputeRunner, createCompute } from './compute/index.js';

export interface BackendOptions {
  /** Interface to bind; 127.0.0.1 unless the user explicitly asked for another. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** How a fixed `port` still in use (a previous run closing) is waited for; default 3 s. */
  listenRetry?: ListenRetry;
  /** Defaults to a fresh 256-bit random token. */
  token?: string;
  staticDir?: string;
  log: Logger;
  /**
   * A bench file to start from (`--bench`); without it, the data folder's bench file, else the simulated
   * pair. A file that cannot be used stops start-up with a BenchFileError (file, JSON path, reason).
   */
  benchFile?: string;
  /** Instruments to serve instead of a bench (tests, benchmarks). Each runs in an InstrumentHost. */
  drivers?: InstrumentDriver[];
  /** Instrument hosts' timeouts and reconnect backoff; defaults in DEFAULT_HOST_TIMING and backoff.ts. */
  instrumentHost?: { timing?: Partial<HostTiming>; backoff?: Partial<ReconnectBackoff> };
  heartbeatIntervalMs?: number;
  extraOrigins?: string[];
  /**
   * Host names to answer to besides the bound address and `localhost`/`127.0.0.1`/`[::1]` (normalized, see
   * normalizeHostName); requests naming any other host are refused with 421. The CLI's `--allow-host`.
   */
  allowedHosts?: string[];
  /** How a probe asks an address for `*IDN?` (tests give their own); default raw-socket SCPI. */
  queryIdentity?: QueryIdentity;
  /** How discovery listens for mDNS announcements (tests give their own); default bonjour-service. */
  browse?: Browse;
  /** Authenticated clients at once; more are closed with 4429. Defaults to MAX_CONNECTIONS (64). */
  maxConnections?: number;
  /**
   * Connections awaiting `hello` at once, apart from the clients; beyond it the longest-waiting is closed
   * with 4429. Defaults to MAX_PENDING_CONNECTIONS (16).
   */
  maxPendingConnections?: number;
  /** Extra HTTP handlers by path (benchmarks); see BenchtopServerOptions.httpRoutes. */
  httpRoutes?: BenchtopServerOptions['httpRoutes'];
  /** Seed for the simulators, for reproducible runs. */
  seed?: number;
  /**
   * Folder for acquisitions (created if missing; must be writable). Default `~/.benchtop/data`; the
   * desktop app passes `<userData>/data`, the CLI `--data-dir`, tests a temp dir.
   */
  dataDir?: string;
  /** Recorder knobs for acquisitions; tests inject write faults (`openSink`) and disk space here. */
  acquisitionRecorder?: RecorderTuning;
  /** Most acquisitions the data folder keeps; creating more is refused (`limit_exceeded`). Default 10,000. */
  maxAcquisitions?: number;
  /**
   * Time of acquisitions (t0, which samples are due, state times). Default: the system clock; tests set
   * it by hand so that a capture's sample count does not depend on how late a loaded machine runs timers.
   */
  clock?: Clock;
  /**
   * Per-connection limits: backpressure watermarks, slow-consumer time, full-resolution byte budget,
   * driver timeout (also bounding stream reads), close grace. Defaults in DEFAULT_SESSION_OPTIONS.
   */
  session?: Partial<SessionOptions>;
  /**
   * Browser mode offers finished exports as single-use download links; the desktop app saves where the
   * user chose in its save dialog instead. Default true.
   */
  offerDownloads?: boolean;
  /** Exports running at once, on the backend (default 4) and per connection (default 2). */
  exportLimits?: ExportLimits;
  /**
   * False: no HTTP or WebSocket listener at all (a headless fleet agent, controlled over NATS); the
   * Backend's host, port and URLs are then empty. Default true.
   */
  serveHttp?: boolean;
  /** The fleet this backend follows (`--nats`); its sessions get the fleet commands. */
  fleet?: FleetAccess;
  /** Safe state on link loss; off when undefined (the default). */
  safeState?: SafeStateConfig;
  /** The safe-state countdown's timers; tests run it by hand. Default: Node's. */
  safeStateTimers?: Timers;
  /**
   * Where scope measurements and spectra are computed. Default: a ComputePool (worker threads, closed
   * with the backend); tests may give an InlineRunner or a pool of their own (then they close it).
   */
  compute?: ComputeRunner;
}

export interface Backend {
  host: string;
  port: number;
  token: string;
  /** Dashboard URL with the token in the fragment (never sent to the server in a request line). */
  dashboardUrl: string;
  /** WebSocket endpoint, without the token. */
  wsUrl: string;
  server: BenchtopServer;
  streams: StreamManager;
  registry: InstrumentRegistry;
  acquisitions: AcquisitionService;
  /** Running exports; the desktop shell registers save-dialog paths with `exports.allowTarget`. */
  exports: ExportJobs;
  /** Instruments added and removed at run time (saved to the data folder's bench file). */
  bench: BenchManager;
  /** The link-loss watchdog, when a safe state is configured. */
  watchdog: LinkWatchdog | undefined;
  /** Absolute path of the data directory in use. */
  dataDir: string;
  /** The event log (data folder `events.jsonl`). */
  journal: EventJournal;
  /** Named setups (data folder `setups/`) and the working setup restored at start-up. */
  setups: SetupService;
  /** Which streams each instrument runs (data folder `streams.json`). */
  streamMemory: StreamMemory;
  /** Alarms (data folder `alarms.json`); `definitions()` / `replaceDefinitions()` for setups. */
  alarms: AlarmEngine;
  /** Measurement statistics and the trend history of every measurement and supply reading. */
  measurementStats: MeasurementStatsService;
  /** Scope measurements and spectra in the compute pool (worker threads). */
  compute: Compute;
  close(): Promise<void>;
}

export async function startBackend(options: BackendOptions): Promise<Backend> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? generateToken();
  options.log.redact(token);
  const dataDir = await prepareDataDir(options.dataDir ?? defaultDataDir());
  // Measurements and spectra of scope records run here, off the event loop (docs/ARCHITECTURE.md).
  const compute = createCompute(options.compute ?? new ComputePool(), options.log);
  const closeCompute = (): Promise<void> =>
    options.compute === undefined ? compute.close() : Promise.resolve();
  let registry: InstrumentRegistry;
  try {
    registry = await buildRegistry(options, dataDir, compute.measurer);
  } catch (err) {
    await closeCompute();
    throw err;
  }
  // One backend per data folder: another one's recovery would mark our running captures interrupted.
  let releaseLock: () => Promise<void>;
  try {
    releaseLock = await lockDataDir(dataDir);
  } catch (err) {
    await closeCompute();
    throw err;
  }
  // Opening the store recovers what a previous run left unfinished (marked interrupted, and logged).
  let acquisitions: AcquisitionService;
  try {
    acquisitions = await AcquisitionService.open({
      dataDir,
      registry,
      log: options.log,
      recorder: options.acquisitionRecorder,
      maxAcquisitions: options.maxAcquisitions,
      clock: options.clock,
    });
  } catch (err) {
    await releaseLock();
    await closeCompute();
    throw err;
  }
  // The event log outlives the process: what happened before a restart is still there for every client.
  let journal: EventJournal;
  try {
    journal = await EventJournal.open({ dirPath: dataDir, log: options.log });
  } catch (err) {
    await acquisitions.close();
    await releaseLock();
    await closeCompute();
    throw err;
  }
  // Read before any client connects: every dashboard opens with the streams a person last chose.
  let streamMemory: StreamMemory;
  try {
    streamMemory = await StreamMemory.open({ dirPath: dataDir, log: options.log });
  } catch (err) {
    await acquisitions.close();
    await releaseLock();
    await closeCompute();
    throw err;
  }
  // Follows every capture from here on, so its review summaries are ready when it finishes.
  const review = new ReviewService({ acquisitions, events: journal, log: options.log });
  const exports = new ExportJobs({
    service: acquisitions,
    registry,
    log: options.log,
    offerDownloads: options.offerDownloads ?? true,
    limits: options.exportLimits,
  });
  // An export the previous run died in the middle of leaves a temp file: remove it (never a finished one).
  await exports.sweepLeftovers();
  // Each instrument's first attempt: one that cannot be reached is offline and retried in the background,
  // and the backend starts anyway.
  await registry.open();
  const streams = new StreamManager(registry, {
    log: options.log,
    readTimeoutMs: options.session?.driverTimeoutMs,
  });
  const bench = new BenchManager({
    dataDir,
    registry,
    streams,
    acquisitions,
    log: options.log,
    hostOptions: { log: options.log, ...options.instrumentHost, measurer: compute.measurer },
    seed: options.seed ?? Date.now(),
  });
  // Recalls and restores report as events, which the server (built next) logs and broadcasts.
  const setupEvents = new Emitter<EventMessage>();
  const setups = await SetupService.open({
    dataDir,
    registry,
    log: options.log,
    driverTimeoutMs: resolveSessionOptions(options.session).driverTimeoutMs,
    emit: (event) => setupEvents.emit(event),
  });
  setups.registerSection(layoutSection);
  setups.registerSection(streamsSection(registry));
  // Alarms watch their streams from here on, dashboard or not. Their events go through the server once it
  // exists (broadcast and journaled); one raised before that is journaled all the same.
  let emitAlarmEvent = (event: EventMessage): void => void journal.append(event);
  const alarms = await AlarmEngine.open({
    registry,
    streams,
    acquisitions,
    log: options.log,
    dirPath: dataDir,
    clock: options.clock,
    emitEvent: (event) => emitAlarmEvent(event),
    commandTimeoutMs: options.session?.driverTimeoutMs,
  });
  setups.registerSection(alarmsSection(alarms));
  // Statistics and trends of whatever any producer reads, dashboard or alarm; a removed instrument's go.
  const measurementStats = new MeasurementStatsService({ log: options.log, clock: options.clock });
  const untapStats = streams.samples.on((read) => measurementStats.take(read));
  const unwatchRemovals = registry.events.on((event) => {
    if (event.kind === 'instrument_removed') measurementStats.forget(event.equipmentId);
  });
  const server = new BenchtopServer({
    host,
    port: options.port ?? 0,
    listenRetry: options.listenRetry,
    token,
    registry,
    streams,
    log: options.log,
    version: APP_VERSION,
    staticDir: options.staticDir,
    heartbeatIntervalMs: options.heartbeatIntervalMs,
    extraOrigins: options.extraOrigins,
    allowedHosts: options.allowedHosts,
    maxConnections: options.maxConnections,
    maxPendingConnections: options.maxPendingConnections,
    httpRoutes: options.httpRoutes,
    session: options.session,
    acquisitions,
    exports,
    bench,
    journal,
    setups,
    streamMemory,
    alarms,
    measurementStats,
    review,
    spectra: compute.spectra,
    fleet: options.fleet,
    finder: new InstrumentFinder({
      drivers: DRIVERS,
      queryIdentity: options.queryIdentity ?? queryIdentityOverTcp,
      browse: options.browse,
    }),
  });
  const unrelay = setupEvents.on((event) => server.broadcast(event));
  const unsubscribeProgress = acquisitions.progress.on((progress) =>
    server.broadcastUnlogged(toProgressMessage(progress)),
  );
  const unsubscribeAcquisitions = acquisitions.events.on((event) => server.broadcast(toEventMessage(event)));
  const unsubscribeExports = exports.events.on((event) => server.broadcast(exportEventMessage(event)));
  const unsubscribe = (): void => {
    unsubscribeAcquisitions();
    unsubscribeExports();
  };
  emitAlarmEvent = (event) => server.broadcast(event);
  const watchdog = options.safeState
    ? new LinkWatchdog({
        config: options.safeState,
        registry,
        emit: (event) =>
          server.broadcast({
            type: 'event',
            level: event.level,
            kind: event.kind,
            equipment_id: event.equipmentId,
            message: event.message,
            details: event.details,
            timestamp: event.timestampMs,
          }),
        log: options.log,
        timers: options.safeStateTimers,
      })
    : undefined;
  // Every setting change (anyone's) updates the working setup; a removed instrument leaves it.
  const unwatchSettings = server.broadcasts.on((event) => {
    if (event.equipment_id === undefined) return;
    if (event.kind === 'setting_changed') setups.noteSettingChanged(event.equipment_id);
    else if (event.kind === 'instrument_removed') setups.forgetInstrument(event.equipment_id);
  });
  // The settings each instrument had when the backend last stopped, with outputs off (events say so).
  await setups.restoreWorking();
  const unwatch = server.sessionEvents.on((event) => {
    if (event.kind === 'authenticated') watchdog?.sessionAuthenticated(event.sessionId);
    else watchdog?.sessionEnded(event.sessionId);
  });
  let address: { host: string; port: number } = { host: '', port: 0 };
  try {
    if (options.serveHttp !== false) address = await server.listen();
  } catch (err) {
    watchdog?.stop();
    unwatch();
    unwatchSettings();
    unsubscribe();
    await setups.close();
    unrelay();
    unsubscribeProgress();
    await alarms.close();
    untapStats();
    unwatchRemovals();
    streams.close();
    await review.close();
    await acquisitions.close();
    await registry.close();
    await journal.flushed();
    await streamMemory.flushed();
    await releaseLock();
    await closeCompute();
    throw err;
  }
  const hostForUrl = address.host.includes(':') ? `[${address.host}]` : address.host;
  const listening = options.serveHttp !== false;
  return {
    host: address.host,
    port: address.port,
    token,
    dashboardUrl: listening ? `http://${hostForUrl}:${address.port}/#token=${token}` : '',
    wsUrl: listening ? `ws://${hostForUrl}:${address.port}/ws` : '',
    server,
    streams,
    registry,
    acquisitions,
    exports,
    bench,
    dataDir,
    journal,
    setups,
    streamMemory,
    alarms,
    measurementStats,
    compute,
    watchdog,
    async close() {
      watchdog?.stop();
      unwatch();
      unwatchSettings();
      // Before the instruments close: the working setup reads the last changes' settings back.
      await setups.close();
      unrelay();
      await alarms.close();
      exports.close();
      untapStats();
      unwatchRemovals();
      streams.close();
      // Captures in progress end as interrupted (fault `shutdown`), with every sample accepted written.
      await review.close();
      await acquisitions.close();
      unsubscribe();
      unsubscribeProgress();
      await server.close();
      await registry.close();
      await journal.flushed();
      await streamMemory.flushed();
      await releaseLock();
      await closeCompute();
    },
  };
}

/** The instruments, each in its host (not opened yet): the drivers given, or the bench's, built whole. */
async function buildRegistry(
  options: BackendOptions,
  dataDir: string,
  measurer: RecordMeasurer,
): Promise<InstrumentRegistry> {
  const hostOptions = { log: options.log, ...options.instrumentHost, measurer };
  if (options.drivers !== undefined) return InstrumentRegistry.ofDrivers(options.drivers, hostOptions);
  const seed = options.seed ?? Date.now();
  const { bench, source } = await openBench(options.benchFile, dataDir, seed);
  const instances = await buildBench(bench, source, seed);
  return new InstrumentRegistry(
    instances.map(({ entry, driver }) => ({
      host: new InstrumentHost(driver, { ...hostOptions, label: entry.label, driverName: entry.driver }),
      entry,
    })),
  );
}
