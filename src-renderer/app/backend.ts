/**
 * The renderer's single ConnectionManager and the glue that keeps the store in step with it: state
 * changes, the instrument catalog on every (re)connect, a statistics snapshot a few times a second.
 */
import type { InfoMessage, ParameterSetMessage, ParametersMessage } from '../../shared/protocol/server';
import type {
  AcquisitionMessage,
  AcquisitionSummary,
  AcquisitionsMessage,
} from '../../shared/protocol/acquisition';
import { AcquisitionProgress } from '../connection/AcquisitionProgress';
import { AcquisitionViews } from '../connection/AcquisitionViews';
import { ConnectionManager, streamKey } from '../connection/ConnectionManager';
import { DisplayPacer, displayLockState } from '../connection/DisplayPacer';
import { AcquisitionFeed } from '../data/AcquisitionFeed';
import { resolveEndpoint } from '../connection/endpoint';
import type { MeasurementsData } from '../../shared/protocol/scope';
import { FrameKind } from '../../shared/codec/frame';
import { MeasurementsFeed } from '../data/MeasurementsFeed';
import { PsuReadingsFeed } from '../data/PsuReadingsFeed';
import { WaveformFeed } from '../data/WaveformFeed';
import { useAppStore, type AppState } from '../store';
import { linkEventMessages } from '../connection/linkEvents';
import { isReportedSetting } from '../store/settingsSlice';
import type { LiveStreamStats } from '../store/connectionSlice';

/** How often the status bar's statistics snapshot refreshes, ms (4 Hz). */
const STATS_SNAPSHOT_MS = 250;

export const connection = new ConnectionManager({
  getEndpoint: resolveEndpoint,
  clientName: 'benchtop-dashboard',
});

/** Streams shown at display rate, their records landed just before the display's frames. */
export const displayPacer = new DisplayPacer(connection);

/** Live views of acquisitions, resumed from the last sample after every reconnect. */
export const acquisitionViews = new AcquisitionViews(connection);

/** Counts of running captures without a live view here (started elsewhere, or not selected). */
const acquisitionProgress = new AcquisitionProgress({
  acquisitions: () => useAppStore.getState().acquisitions,
  isViewing: (id) => acquisitionViews.isViewing(id),
  request: (id) => connection.request<AcquisitionMessage>({ type: 'get_acquisition', acquisition_id: id }),
  apply: (summary) => useAppStore.getState().upsertAcquisition(summary),
});

const feeds = new Map<string, PsuReadingsFeed>();
const acquisitionFeeds = new Map<string, AcquisitionFeed>();

/** The live-view feed of one acquisition, created on first use with its channel names. */
export function acquisitionFeed(
  summary: Pick<AcquisitionSummary, 'acquisition_id' | 'channels'>,
): AcquisitionFeed {
  let feed = acquisitionFeeds.get(summary.acquisition_id);
  if (!feed) {
    feed = new AcquisitionFeed(
      summary.acquisition_id,
      summary.channels.map((c) => c.name),
    );
    acquisitionFeeds.set(summary.acquisition_id, feed);
  }
  return feed;
}

/** Re-reads the list of acquisitions into the store. */
export async function refreshAcquisitions(): Promise<void> {
  try {
    const reply = await connection.request<AcquisitionsMessage>({ type: 'list_acquisitions' });
    useAppStore.getState().setAcquisitions(reply.acquisitions);
  } catch {
    // Retried on the next (re)connect.
  }
}

/** The readings feed of one power supply, created on first use. */
export function psuFeed(equipmentId: string): PsuReadingsFeed {
  let feed = feeds.get(equipmentId);
  if (!feed) feeds.set(equipmentId, (feed = new PsuReadingsFeed(equipmentId)));
  return feed;
}

function isSettingValue(value: unknown): value is number | boolean | string {
  return typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string';
}

/** Re-reads one instrument's settings into the store. */
export async function refreshSettings(equipmentId: string): Promise<void> {
  try {
    const reply = await connection.request<ParametersMessage>({
      type: 'get_parameters',
      equipment_id: equipmentId,
    });
    useAppStore.getState().setSettings(equipmentId, { global: reply.global, channels: reply.channels });
  } catch {
    // Not connected or the instrument is busy: the next (re)connect or event refreshes again.
  }
}

/** Applies one setting; resolves once the instrument applied it, rejects with the server's error. */
export async function setParameter(
  equipmentId: string,
  parameter: string,
  value: number | boolean | string,
  channel?: number,
): Promise<void> {
  const reply = await connection.request<ParameterSetMessage>({
    type: 'set_parameter',
    equipment_id: equipmentId,
    parameter,
    value,
    channel,
  });
  // The instrument may have rounded the value: show what it applied.
  await takeChange(equipmentId, parameter, reply.value, channel);
}

/**
 * Brings the store up to date with a change the instrument applied (ours or another client's): a reported
 * setting is stored as applied; a command such as `clear_protection` changes other settings, which are
 * re-read.
 */
async function takeChange(
  equipmentId: string,
  parameter: string,
  value: number | boolean | string,
  channel: number | undefined,
): Promise<void> {
  const store = useAppStore.getState();
  if (isReportedSetting(store.settings[equipmentId], parameter, channel)) {
    store.applySetting(equipmentId, parameter, value, channel);
  } else {
    await refreshSettings(equipmentId);
  }
}

const waveformFeeds = new Map<string, WaveformFeed>();
const measurementFeeds = new Map<string, MeasurementsFeed>();

/** The latest-record feed of one oscilloscope, created on first use. */
export function waveformFeed(equipmentId: string): WaveformFeed {
  let feed = waveformFeeds.get(equipmentId);
  if (!feed) waveformFeeds.set(equipmentId, (feed = new WaveformFeed(equipmentId)));
  return feed;
}

/** The latest measurements of one oscilloscope, created on first use. */
export function measurementsFeed(equipmentId: string): MeasurementsFeed {
  let feed = measurementFeeds.get(equipmentId);
  if (!feed) measurementFeeds.set(equipmentId, (feed = new MeasurementsFeed(equipmentId)));
  return feed;
}

let started = false;

/** "127.0.0.1:5173" from "ws://127.0.0.1:5173/ws"; undefined when unknown or not a URL. */
function addressOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

export function startBackendConnection(): void {
  if (started) return;
  started = true;
  const store = useAppStore.getState;
  const linkState = (): Partial<AppState['connection']> => ({
    lastError: connection.lastError,
    nextRetryAtMs: connection.nextRetryAtMs,
    problem: connection.problem,
    disconnectedSinceMs: connection.disconnectedSinceMs,
    backendAddress: addressOf(connection.endpointUrl),
  });
  connection.onStateChange((state) => {
    store().setConnection({ state, ...linkState() });
    if (state === 'open') acquisitionProgress.start();
    else acquisitionProgress.stop();
    if (state === 'open') {
      connection
        .request<InfoMessage>({ type: 'get_info' })
        .then((info) => {
          store().setInstruments(info.instruments);
          for (const instrument of info.instruments) void refreshSettings(instrument.id);
          void refreshAcquisitions();
        })
        .catch(() => {
          // The next reconnect asks again; the error is visible in the status bar.
        });
    }
  });
  connection.onLinkEvent((event) => {
    for (const message of linkEventMessages(event)) store().addEvent(message);
    if (event.kind === 'restored' && event.backendRestarted)
      store().setConnection({ backendRestartedAtMs: event.atMs });
  });
  connection.handlers.on('stream_data', (message) => {
    if (message.stream_type === 'readings') psuFeed(message.equipment_id).accept(message);
    else if (message.stream_type === 'measurements') {
      measurementsFeed(message.equipment_id).accept(message.data as unknown as MeasurementsData);
    }
  });
  connection.onFrame((frame) => {
    // Binary frames carry only a stream id: the tracker says which instrument it belongs to.
    if (frame.kind === FrameKind.acquisitionBlock) {
      const id = acquisitionViews.acquisitionOf(frame.streamId);
      const summary = id === undefined ? undefined : store().acquisitions[id];
      if (summary) acquisitionFeed(summary).accept(frame);
      return;
    }
    const stream = connection.streams.get(frame.streamId);
    if (stream && frame.kind === FrameKind.waveform) waveformFeed(stream.equipmentId).accept(frame);
  });
  connection.handlers.on('event', (event) => {
    store().addEvent(event);
    if (event.kind === 'acquisition_state' || event.kind === 'acquisition_deleted') {
      const summary = event.details?.acquisition as AcquisitionSummary | undefined;
      const id = event.details?.acquisition_id;
      if (event.kind === 'acquisition_deleted' && typeof id === 'string') store().removeAcquisition(id);
      else if (summary && typeof summary.acquisition_id === 'string') store().upsertAcquisition(summary);
      return;
    }
    const parameter = event.details?.parameter;
    const value = event.details?.value;
    if (
      event.kind === 'setting_changed' &&
      event.equipment_id &&
      typeof parameter === 'string' &&
      isSettingValue(value)
    ) {
      void takeChange(event.equipment_id, parameter, value, event.channel);
    } else if (event.equipment_id && event.kind !== 'setting_changed') {
      // Trips and faults change settings behind the user's back (an output turned off): re-read them.
      void refreshSettings(event.equipment_id);
    }
  });
  connection.handlers.on('acquisition_stream', (message) => {
    // Live counts between state events (samples captured, flushed) come with each window.
    const current = store().acquisitions[message.acquisition_id];
    if (
      current &&
      (current.samples_captured !== message.stats.samples_captured || current.state !== message.state)
    ) {
      store().upsertAcquisition({
        ...current,
        state: message.state,
        samples_captured: message.stats.samples_captured,
        flushed: message.stats.flushed,
      });
    }
  });
  connection.handlers.on('stream_stopped', (message) => {
    if (message.reason) store().setStream(streamKey(message), { status: 'error', error: message.reason });
  });
  let previous = { atMs: performance.now(), messages: 0 };
  setInterval(() => {
    const atMs = performance.now();
    const messages = connection.stats.messagesReceived;
    const messageRateHz = ((messages - previous.messages) * 1000) / Math.max(1, atMs - previous.atMs);
    previous = { atMs, messages };
    const streamStats: Record<string, LiveStreamStats> = {};
    for (const stream of connection.streams.all()) {
      // A stream that has gone quiet shows 0 Hz rather than its last smoothed rate.
      const quiet =
        stream.lastArrivalMs === undefined ||
        atMs - stream.lastArrivalMs > Math.max(2_000, 3 * stream.intervalMs);
      const lock = displayPacer.status(stream.key);
      streamStats[stream.key] = {
        rateHz: quiet ? 0 : stream.rateHz,
        gaps: stream.gaps,
        messages: stream.messages,
        displayLock: lock && displayLockState(lock),
      };
    }
    store().setConnection({ stats: { ...connection.stats }, streamStats, messageRateHz, ...linkState() });
  }, STATS_SNAPSHOT_MS);
  connection.connect();
}
