/**
 * The fleetPixel benchmark page (test/bench/fleetPixel.bench.ts): the dashboard's own Workspace showing
 * its overview of many benches — over NATS through this page's backend (FleetFollower, the fleet cards),
 * or directly (one BenchClient per backend, BenchRegistry, the bench cards), each card with its scope's
 * trace thumbnail — and a probe that times every supply reading and trace from its bench timestamp to the
 * animation frame that shows it (see PixelLog). Configuration arrives in the URL fragment (`fleetPixel=`
 * base64 JSON); the report is POSTed to `reportPath`, and `startPath` is POSTed when measuring starts
 * (the harness reads process CPU over the same window).
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { PsuChannelReading } from '../../shared/protocol/server';
import { createLocalBench } from '../app/localBench';
import { BenchRegistry } from '../benches/BenchRegistry';
import { isSupplyReading, supplyChannelValue } from '../benches/keyValues';
import type { BenchClient } from '../client/BenchClient';
import type { ConnectionManager } from '../connection/ConnectionManager';
import { CHART_DRAW_EVENT, type ChartDrawDetail } from '../charts/UPlotChart';
import { FleetBenches } from '../fleet/FleetBenches';
import { FleetFollower } from '../fleet/FleetFollower';
import { Workspace } from '../overview/Workspace';
import { useAppStore } from '../store';
import '../styles.css';
import { droppedFrames, PixelLog, supplyRowsText } from './pixelLog';

export interface FleetPixelConfig {
  mode: 'nats' | 'direct';
  /** Benches to wait for (NATS: on the fleet; direct: the backends below). */
  benches: number;
  /** Direct: each bench's backend. */
  backends?: { wsUrl: string; token: string }[];
  /** The supply's id in every bench, and the scope's. */
  supplyId: string;
  scopeId: string;
  readingsIntervalMs: number;
  waveformIntervalMs: number;
  warmupMs: number;
  durationMs: number;
  reportPath: string;
  startPath: string;
}

/** One fleet reading timed over the window: its bench, seq, flush, bench timestamp and arrival, ms. */
export type ReadingFlow = [bench: string, seq: number, flush: number, timestampMs: number, arrivedMs: number];

export interface FleetPixelReport {
  mode: FleetPixelConfig['mode'];
  durationS: number;
  /** Bench timestamp to the end of the animation frame whose DOM shows the reading (see `onFrameEnd`). */
  readingsMs: number[];
  /**
   * The same, read at the START of each frame's animation callbacks, as this probe did before 2026-12-07:
   * a card written by the overview's own callback later in that frame was seen one frame late. Kept to
   * show the difference in the same run.
   */
  readingsAtFrameStartMs: number[];
  readingsArrivalMs: number[];
  /** NATS: every reading timed, for the harness's breakdown by hop (test/bench/lib/hopProbe.ts). */
  flows?: ReadingFlow[];
  readingsNeverShown: number;
  tracesMs: number[];
  tracesArrivalMs: number[];
  rafFps: number;
  /** Display periods (60 Hz) with no animation frame. */
  droppedFrames: number;
  /** Median time between animation frames, ms. */
  framePeriodMs: number;
  longTasks: { count: number; totalMs: number; maxMs: number };
  /** Seq jumps over the window: fleet records missed (NATS), stream gaps of every BenchClient (direct). */
  gaps: number;
  /**
   * WebSocket messages the page received over the window (text and binary, every connection): each is a
   * task in the page (message event, parse, validation, dispatch).
   */
  messages: number;
  /** Date.now() − performance.now() at the start, and how far it moved by the end, ms. */
  clock: { offsetMs: number; driftMs: number };
  /** Supply cards and trace thumbnails whose box was inside the viewport at the end. */
  visible: { cards: number; charts: number };
  /** NATS: how the page timed its fleet acks over the window (ConnectionManager.fleetAckTiming). */
  fleetAck?: ConnectionManager['fleetAckTiming'];
  error?: string;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Date.now() − performance.now(): Date.now() counts whole ms (rounded down), so each sample lies within
 * 1 ms below the true offset; the largest of many samples taken across a ms boundary is within the
 * timer's resolution of it.
 */
function clockOffsetMs(): number {
  let best = -Infinity;
  const until = performance.now() + 3;
  while (performance.now() < until) best = Math.max(best, Date.now() - performance.now());
  return best;
}

async function waitFor(what: string, ok: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!ok()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

/** Where the page notes each reading and trace as it arrives. */
type ReadingNotes = Pick<PixelLog, 'noteReading' | 'noteTrace'>;

/** One supply row's cells whose text the probe reads: V, A, mode. */
type RowCells = [Element | undefined, Element | undefined, Element | undefined];

/**
 * What the supply rows of a card read now, by the testId of its instrument item; undefined if absent. The
 * item and its rows' cells are found once and kept while they stay in the document with the same number
 * of rows (querying every card per animation frame was the probe's own cost); their text is read every
 * time, so what is measured is unchanged.
 */
class SupplyTextReader {
  readonly #cards = new Map<string, { item: Element; rows: HTMLCollection; cells: RowCells[] }>();

  read(testId: string): string | undefined {
    let card = this.#cards.get(testId);
    if (
      card === undefined ||
      !card.item.isConnected ||
      card.rows.length !== card.cells.length ||
      card.cells.some((cells) => cells.some((cell) => cell !== undefined && !cell.isConnected))
    ) {
      const item = document.querySelector(`[data-testid="${testId}"]`);
      if (item === null) return undefined;
      const rows = item.getElementsByClassName('kv-channel');
      const cells = [...rows].map((row): RowCells => {
        const [v, a] = row.querySelectorAll('.kv-number');
        return [v, a, row.querySelector('.kv-mode') ?? undefined];
      });
      this.#cards.set(testId, (card = { item, rows, cells }));
    }
    if (card.cells.length === 0) return undefined;
    return card.cells
      .map(([v, a, mode]) => `${v?.textContent ?? ''} ${a?.textContent ?? ''} ${mode?.textContent ?? ''}`)
      .join('|');
  }
}

function readingsOf(data: unknown): PsuChannelReading[] {
  const list = (data as { channels?: unknown } | undefined)?.channels;
  const items = Array.isArray(list) ? list : Array.isArray(data) ? data : [data];
  return items.filter(isSupplyReading) as PsuChannelReading[];
}

function countVisible(selector: string): number {
  return [...document.querySelectorAll(selector)].filter((el) => {
    const box = el.getBoundingClientRect();
    return box.height > 0 && box.bottom <= innerHeight && box.right <= innerWidth;
  }).length;
}

export async function runFleetPixel(config: FleetPixelConfig): Promise<void> {
  const log = new PixelLog();
  const atFrameStart = new PixelLog();
  /** Every reading goes to both logs; traces only to `log`. */
  const notes: ReadingNotes = {
    noteReading: (...args) => {
      log.noteReading(...args);
      atFrameStart.noteReading(...args);
    },
    noteTrace: (...args) => log.noteTrace(...args),
  };
  const report: FleetPixelReport = {
    mode: config.mode,
    durationS: 0,
    readingsMs: log.readingsMs,
    readingsAtFrameStartMs: atFrameStart.readingsMs,
    readingsArrivalMs: log.readingsArrivalMs,
    flows: [],
    readingsNeverShown: 0,
    tracesMs: log.tracesMs,
    tracesArrivalMs: log.tracesArrivalMs,
    rafFps: 0,
    droppedFrames: 0,
    framePeriodMs: 0,
    longTasks: { count: 0, totalMs: 0, maxMs: 0 },
    gaps: 0,
    messages: 0,
    clock: { offsetMs: 0, driftMs: 0 },
    visible: { cards: 0, charts: 0 },
  };
  try {
    const offsetMs = clockOffsetMs();
    report.clock.offsetMs = offsetMs;
    const epochMs = (perfMs: number): number => perfMs + offsetMs;

    const local = createLocalBench();
    local.start();
    const registry = new BenchRegistry({
      local,
      store: useAppStore,
      storage: localStorage,
      localHost: () => window.location.host,
    });
    registry.start();
    const follower = new FleetFollower(local.connection);
    follower.start();
    const ids =
      config.mode === 'direct'
        ? (config.backends ?? []).map((b, i) => {
            const added = registry.add(b.wsUrl, b.token, `bench-${i}`);
            if (!added.ok) throw new Error(`adding bench ${i}: ${added.error}`);
            return added.id;
          })
        : [];

    const root = document.getElementById('root')!;

    let gapsAt: () => number;
    let messagesAt: () => number;
    const ackTiming = (): FleetPixelReport['fleetAck'] =>
      config.mode === 'nats' ? local.connection.fleetAckTiming : undefined;
    if (config.mode === 'nats') {
      await waitFor(
        `${config.benches} benches on the fleet`,
        () => follower.view().benches.filter((b) => b.online).length >= config.benches,
        60_000,
      );
      const benches = follower.view().benches.map((b) => b.bench);
      await waitFor('every bench followed', () => benches.every((b) => follower.view().live[b]), 120_000);
      local.connection.handlers.onAny((message) => {
        const arrivedMs = epochMs(performance.now());
        if (message.type !== 'fleet_live' || !Array.isArray(message.benches)) return;
        // A push carries a batch per bench (what the backend had in one turn); every reading is timed.
        for (const { bench, records } of message.benches) {
          for (const record of records) {
            if (record.kind !== 'readings' || record.equipment_id !== config.supplyId) continue;
            if (log.measuring)
              report.flows?.push([bench, record.seq, message.flush ?? 0, record.timestamp, arrivedMs]);
            notes.noteReading(`fleet-card-${bench}-${config.supplyId}`, record.timestamp, arrivedMs, () =>
              supplyRowsText(readingsOf(record.data).map(supplyChannelValue)),
            );
          }
        }
      });
      // Binary frames (kind 5), checked by the connection, asked by each card's thumbnail while on screen.
      follower.onWaveform((bench, w) => {
        if (w.equipment_id !== config.scopeId) return;
        notes.noteTrace(
          `fleet-card-${bench}-${config.scopeId}-traces`,
          w.timestamp,
          epochMs(performance.now()),
        );
      });
      const missed = (): number =>
        Object.values(follower.view().live).reduce((sum, live) => sum + live.missingRecords, 0);
      gapsAt = missed;
      messagesAt = () => local.connection.stats.messagesReceived;
    } else {
      const clients = ids.map((id) => registry.get(id)!.client);
      await waitFor(
        `${clients.length} benches connected`,
        () => clients.every((c) => c.connection.state === 'open'),
        60_000,
      );
      clients.forEach((client, i) => watchDirect(client, ids[i]!, config, notes, epochMs));
      for (const client of clients) {
        await client.connection.startStream({
          equipment_id: config.supplyId,
          stream_type: 'readings',
          interval_ms: config.readingsIntervalMs,
        });
        await client.connection.startStream({
          equipment_id: config.scopeId,
          stream_type: 'waveform',
          interval_ms: config.waveformIntervalMs,
          width: 1200,
        });
        await client.connection.startStream({
          equipment_id: config.scopeId,
          stream_type: 'measurements',
          interval_ms: config.waveformIntervalMs,
        });
      }
      gapsAt = () => clients.reduce((sum, c) => sum + c.connection.stats.gaps, 0);
      messagesAt = () => clients.reduce((sum, c) => sum + c.connection.stats.messagesReceived, 0);
    }

    createRoot(root).render(
      <StrictMode>
        <Workspace
          registry={registry}
          follower={follower}
          fleetBenches={new FleetBenches(follower, useAppStore)}
        />
      </StrictMode>,
    );
    // As a person would: the overview tab (the Workspace opens on this dashboard's own bench).
    await waitFor(
      'the overview tab',
      () => document.querySelector('[data-testid="bench-tab-overview"]') !== null,
      10_000,
    );
    (document.querySelector('[data-testid="bench-tab-overview"]') as HTMLButtonElement).click();

    document.addEventListener(CHART_DRAW_EVENT, (event) => {
      const detail = (event as CustomEvent<ChartDrawDetail>).detail;
      if (detail.testId !== undefined) log.drawn(detail.testId, detail.drawnAtMs);
    });
    const reader = new SupplyTextReader();
    const shown = new Map<string, string | undefined>();
    const intervals: number[] = [];
    let lastFrameMs: number | undefined;
    const shownText = (card: string): string | undefined => {
      if (!shown.has(card)) shown.set(card, reader.read(card));
      return shown.get(card);
    };
    // The cards are written by the overview's own animation callback (frameBatched), which runs after this
    // probe's in the frame whenever it was asked for later (a message arrived after this one re-armed): read
    // at the start of the callbacks, such a card shows its reading only one frame later. So the DOM is read
    // once all of the frame's callbacks have run and it is laid out — a ResizeObserver on a 1 px box whose
    // width this callback flips each frame is called then, in the same frame, before paint — and the time
    // taken is that moment's, not the frame's start. The start-of-callbacks read is kept beside it.
    const sentinel = document.createElement('div');
    sentinel.style.cssText =
      'position:fixed;left:0;top:0;width:1px;height:1px;visibility:hidden;pointer-events:none;contain:strict';
    document.body.append(sentinel);
    let wide = false;
    const onFrameEnd = (): void => {
      shown.clear();
      log.frame(epochMs(performance.now()), shownText);
    };
    new ResizeObserver(onFrameEnd).observe(sentinel);
    const onFrame = (): void => {
      const nowMs = performance.now();
      if (log.measuring && lastFrameMs !== undefined) intervals.push(nowMs - lastFrameMs);
      lastFrameMs = nowMs;
      shown.clear();
      atFrameStart.frame(epochMs(nowMs), shownText);
      wide = !wide;
      sentinel.style.width = wide ? '2px' : '1px';
      requestAnimationFrame(onFrame);
    };
    requestAnimationFrame(onFrame);
    new PerformanceObserver((list) => {
      if (!log.measuring) return;
      for (const entry of list.getEntries()) {
        report.longTasks.count++;
        report.longTasks.totalMs += entry.duration;
        report.longTasks.maxMs = Math.max(report.longTasks.maxMs, entry.duration);
      }
    }).observe({ type: 'longtask', buffered: false });

    await sleep(config.warmupMs);
    const gapsBefore = gapsAt();
    const messagesBefore = messagesAt();
    const ackBefore = ackTiming();
    await fetch(config.startPath, { method: 'POST', body: '{}', headers: { 'Content-Type': 'text/plain' } });
    log.measuring = atFrameStart.measuring = true;
    const startedMs = performance.now();
    await sleep(config.durationMs);
    log.measuring = atFrameStart.measuring = false;
    report.durationS = (performance.now() - startedMs) / 1000;
    report.gaps = gapsAt() - gapsBefore;
    report.messages = messagesAt() - messagesBefore;
    const ackAfter = ackTiming();
    if (ackBefore !== undefined && ackAfter !== undefined)
      report.fleetAck = {
        ...ackAfter,
        acksSent: ackAfter.acksSent - ackBefore.acksSent,
        flushesBeforeFrame: ackAfter.flushesBeforeFrame - ackBefore.flushesBeforeFrame,
        flushesAfterFrame: ackAfter.flushesAfterFrame - ackBefore.flushesAfterFrame,
      };
    report.readingsNeverShown = log.readingsNeverShown;
    report.rafFps = (intervals.length + 1) / report.durationS;
    // Headless Chromium draws at 60 Hz.
    report.droppedFrames = droppedFrames(intervals, 1000 / 60);
    const sorted = [...intervals].sort((a, b) => a - b);
    report.framePeriodMs = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
    report.clock.driftMs = clockOffsetMs() - offsetMs;
    report.visible = {
      cards: countVisible(`[data-testid$="-${config.supplyId}"]`),
      charts: countVisible('.kv-thumbnail canvas'),
    };
  } catch (err) {
    report.error = err instanceof Error ? err.message : String(err);
  }
  await fetch(config.reportPath, {
    method: 'POST',
    body: JSON.stringify(report),
    headers: { 'Content-Type': 'text/plain' },
  });
}

/** A direct bench: its readings (JSON `stream_data`) and its scope's frames, timed on arrival. */
function watchDirect(
  client: BenchClient,
  id: string,
  config: FleetPixelConfig,
  log: ReadingNotes,
  epochMs: (perfMs: number) => number,
): void {
  const card = `bench-card-${id}-${config.supplyId}`;
  client.connection.handlers.on('stream_data', (message) => {
    if (message.stream_type !== 'readings' || message.equipment_id !== config.supplyId) return;
    const data = message.data;
    log.noteReading(card, message.timestamp, epochMs(performance.now()), () =>
      supplyRowsText(readingsOf(data).map(supplyChannelValue)),
    );
  });
  client.connection.onFrame((frame) => {
    const stream = client.connection.streams.get(frame.streamId);
    if (stream?.equipmentId !== config.scopeId || stream.streamType !== 'waveform') return;
    log.noteTrace(`bench-card-${id}-${config.scopeId}-traces`, frame.t0Ms, epochMs(performance.now()));
  });
}
