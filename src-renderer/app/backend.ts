/**
 * The renderer's single ConnectionManager and the glue that keeps the store in step with it: state
 * changes, the instrument catalog on every (re)connect, a statistics snapshot a few times a second.
 */
import type { InfoMessage } from '../../shared/protocol/server';
import { ConnectionManager, streamKey } from '../connection/ConnectionManager';
import { resolveEndpoint } from '../connection/endpoint';
import { PsuReadingsFeed } from '../data/PsuReadingsFeed';
import { useAppStore } from '../store';

/** How often the status bar's statistics snapshot refreshes, ms (4 Hz). */
const STATS_SNAPSHOT_MS = 250;

export const connection = new ConnectionManager({
  getEndpoint: resolveEndpoint,
  clientName: 'benchtop-dashboard',
});

const feeds = new Map<string, PsuReadingsFeed>();

/** The readings feed of one power supply, created on first use. */
export function psuFeed(equipmentId: string): PsuReadingsFeed {
  let feed = feeds.get(equipmentId);
  if (!feed) feeds.set(equipmentId, (feed = new PsuReadingsFeed(equipmentId)));
  return feed;
}

let started = false;

export function startBackendConnection(): void {
  if (started) return;
  started = true;
  const store = useAppStore.getState;
  connection.onStateChange((state) => {
    store().setConnection({
      state,
      lastError: connection.lastError,
      nextRetryAtMs: connection.nextRetryAtMs,
    });
    if (state === 'open') {
      connection
        .request<InfoMessage>({ type: 'get_info' })
        .then((info) => store().setInstruments(info.instruments))
        .catch(() => {
          // The next reconnect asks again; the error is visible in the status bar.
        });
    }
  });
  connection.handlers.on('stream_data', (message) => {
    if (message.stream_type === 'readings') psuFeed(message.equipment_id).accept(message);
  });
  connection.handlers.on('event', (event) => store().addEvent(event));
  connection.handlers.on('stream_stopped', (message) => {
    if (message.reason) store().setStream(streamKey(message), { status: 'error', error: message.reason });
  });
  let previous = { atMs: performance.now(), messages: 0 };
  setInterval(() => {
    const atMs = performance.now();
    const messages = connection.stats.messagesReceived;
    const messageRateHz = ((messages - previous.messages) * 1000) / Math.max(1, atMs - previous.atMs);
    previous = { atMs, messages };
    store().setConnection({
      stats: { ...connection.stats },
      messageRateHz,
      lastError: connection.lastError,
      nextRetryAtMs: connection.nextRetryAtMs,
    });
  }, STATS_SNAPSHOT_MS);
  connection.connect();
}
