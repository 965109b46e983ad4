/**
 * Keeps one bench's slice of the store in step with its connection: link state, the catalog on every
 * (re)connect, instrument and acquisition events, stream data into the feeds, and a statistics snapshot a
 * few times a second. Returns the function that undoes it all.
 */
import { FrameKind } from '../../shared/codec/frame';
import type { AcquisitionSummary } from '../../shared/protocol/acquisition';
import type { MeasurementsData } from '../../shared/protocol/scope';
import type { InfoMessage, PsuReadingsData } from '../../shared/protocol/server';
import type { MeasurementStatsMessage, TrendHistoryMessage } from '../../shared/protocol/measurementStats';
import { streamKey } from '../connection/ConnectionManager';
import { displayLockState } from '../connection/DisplayPacer';
import { linkEventMessages } from '../connection/linkEvents';
import type { LinkInfo, LiveStreamStats } from '../store/benchState';
import type { BenchClient } from './BenchClient';
import { catchUpEvents } from './eventHistory';
import { takeInstrumentEvent } from './instrumentEvents';
import { linkStatsById } from './linkStats';

/** "127.0.0.1:5173" from "ws://127.0.0.1:5173/ws"; undefined when unknown or not a URL. */
function addressOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

function isSettingValue(value: unknown): value is number | boolean | string {
  return typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string';
}

/** A trend's history can be tens of thousands of points, queued behind stream data on a busy link. */
const HISTORY_REPLY_TIMEOUT_MS = 15_000;

async function refreshMeasurementStats(client: BenchClient, equipmentId: string): Promise<void> {
  try {
    const reply = await client.connection.request<MeasurementStatsMessage>({
      type: 'get_measurement_stats',
      equipment_id: equipmentId,
    });
    client.feeds.measurements(equipmentId).acceptStats(reply);
  } catch {
    // A backend without statistics, or the link dropped: pushes (or the next reconnect) bring them.
  }
}

export function wireBench(client: BenchClient, statsSnapshotMs: number): () => void {
  const { connection, state } = client;
  const linkState = (): Partial<LinkInfo> => ({
    lastError: connection.lastError,
    nextRetryAtMs: connection.nextRetryAtMs,
    problem: connection.problem,
    disconnectedSinceMs: connection.disconnectedSinceMs,
    backendAddress: addressOf(connection.endpointUrl),
  });
  const off: Array<() => void> = [];
  off.push(
    connection.onStateChange((linkNow) => {
      state.setConnection({ state: linkNow, ...linkState() });
      if (linkNow !== 'open') {
        client.trends.disconnected();
        return client.acquisitionProgress.stop();
      }
      void client.trends.connected((m) =>
        connection.request<TrendHistoryMessage>(m, HISTORY_REPLY_TIMEOUT_MS),
      );
      client.acquisitionProgress.start();
      catchUpEvents(client).catch(() => {
        // A backend without an event log, or the link dropped again: the next reconnect asks again.
      });
      void client.refreshStreamPreferences();
      connection
        .request<InfoMessage>({ type: 'get_info' })
        .then((info) => {
          state.setInstruments(info.instruments);
          // A backend from before `info.drivers` offers none to add.
          state.setDrivers(Array.isArray(info.drivers) ? info.drivers : []);
          for (const instrument of info.instruments) void client.refreshSettings(instrument.id);
          for (const instrument of info.instruments)
            if (instrument.kind === 'oscilloscope') void refreshMeasurementStats(client, instrument.id);
          void client.refreshAcquisitions();
          void client.alarms.refresh();
        })
        .catch(() => {
          // The next reconnect asks again; the error is visible in the status bar.
        });
    }),
  );
  off.push(
    connection.onLinkEvent((event) => {
      for (const message of linkEventMessages(event)) state.addEvent(message);
      if (event.kind === 'restored' && event.backendRestarted)
        state.setConnection({ backendRestartedAtMs: event.atMs });
    }),
  );
  off.push(
    connection.handlers.on('stream_data', (message) => {
      if (message.stream_type === 'readings') {
        client.feeds.psu(message.equipment_id).accept(message);
        const data = message.data as unknown as PsuReadingsData;
        client.trends.acceptReadings(
          message.equipment_id,
          Array.isArray(data.channels) ? data.channels : [data],
        );
      } else if (message.stream_type === 'measurements') {
        const data = message.data as unknown as MeasurementsData;
        client.feeds.measurements(message.equipment_id).accept(data);
        client.trends.acceptMeasurements(message.equipment_id, message.timestamp, data);
      }
      const stream = connection.streams.get(message.stream_id);
      if (stream) client.feeds.json(stream.key).accept(message.data);
    }),
  );
  off.push(
    connection.onFrame((frame) => {
      // Binary frames carry only a stream id: the tracker says which instrument it belongs to.
      if (frame.kind === FrameKind.acquisitionBlock) {
        const id = client.acquisitionViews.acquisitionOf(frame.streamId);
        const summary = id === undefined ? undefined : state.current().acquisitions[id];
        if (summary) client.feeds.acquisition(summary).accept(frame);
        return;
      }
      const stream = connection.streams.get(frame.streamId);
      if (stream && frame.kind === FrameKind.waveform)
        client.feeds.waveform(stream.equipmentId).accept(frame);
    }),
  );
  off.push(
    connection.handlers.on('event', (event) => {
      state.addEvent(event);
      if (takeInstrumentEvent(client, event)) return;
      if (event.kind === 'acquisition_state' || event.kind === 'acquisition_deleted') {
        const summary = event.details?.acquisition as AcquisitionSummary | undefined;
        const id = event.details?.acquisition_id;
        if (event.kind === 'acquisition_deleted' && typeof id === 'string') state.removeAcquisition(id);
        else if (summary && typeof summary.acquisition_id === 'string') state.upsertAcquisition(summary);
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
        void client.takeChange(event.equipment_id, parameter, value, event.channel);
      } else if (event.equipment_id && event.kind !== 'setting_changed') {
        // Trips and faults change settings behind the user's back (an output turned off): re-read them.
        void client.refreshSettings(event.equipment_id);
      }
    }),
  );
  off.push(connection.handlers.on('acquisition_progress', (message) => state.setDeepProgress(message)));
  off.push(
    connection.handlers.on('acquisition_stream', (message) => {
      // Live counts between state events (samples captured, flushed) come with each window.
      const current = state.current().acquisitions[message.acquisition_id];
      if (
        current &&
        (current.samples_captured !== message.stats.samples_captured || current.state !== message.state)
      ) {
        state.upsertAcquisition({
          ...current,
          state: message.state,
          samples_captured: message.stats.samples_captured,
          flushed: message.stats.flushed,
        });
      }
    }),
  );
  off.push(connection.handlers.on('stats', (message) => state.setLinks(linkStatsById(message.instruments))));
  // Replies to alarm commands and the backend's pushes on every change alike.
  off.push(connection.handlers.on('alarms', (message) => state.setAlarms(message)));
  // Statistics come after every record counted, and once per oscilloscope on each (re)connect.
  off.push(
    connection.handlers.on('measurement_stats', (message) =>
      client.feeds.measurements(message.equipment_id).acceptStats(message),
    ),
  );
  off.push(
    connection.handlers.on('stream_stopped', (message) => {
      if (message.reason) state.setStream(streamKey(message), { status: 'error', error: message.reason });
    }),
  );
  let previous = { atMs: performance.now(), messages: 0 };
  const timer = setInterval(() => {
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
      const lock = client.displayPacer.status(stream.key);
      streamStats[stream.key] = {
        rateHz: quiet ? 0 : stream.rateHz,
        gaps: stream.gaps,
        messages: stream.messages,
        displayLock: lock && displayLockState(lock),
      };
    }
    state.setConnection({ stats: { ...connection.stats }, streamStats, messageRateHz, ...linkState() });
  }, statsSnapshotMs);
  off.push(() => clearInterval(timer));
  return () => {
    for (const undo of off) undo();
  };
}
