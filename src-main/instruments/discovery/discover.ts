/**
 * Finds SCPI instruments on the LAN by mDNS/DNS-SD (`_scpi-raw._tcp` and `_lxi._tcp`) for a bounded time,
 * with bonjour-service. Multicast reaches only the local link and many networks block it, so discovery is a
 * convenience: an instrument it does not find is still added by host and port.
 */
import { Bonjour } from 'bonjour-service';
import { type DiscoveredInstrument, type DiscoveryService, usualScpiPort } from './discoveredInstrument.js';

/** One service announcement, as the browser reports it. */
export interface ServiceAnnouncement {
  service: DiscoveryService;
  name: string;
  host: string;
  port: number;
  addresses: readonly string[];
  txt: Readonly<Record<string, unknown>>;
}

/** Starts browsing; calls `onUp` for each announcement; returns the function that stops it. */
export type Browse = (onUp: (announcement: ServiceAnnouncement) => void) => () => void;

/** Longest a discovery may listen, ms. */
export const MAX_DISCOVERY_MS = 10_000;

/** Browses with bonjour-service on every interface (mDNS port 5353). */
export const bonjourBrowse: Browse = (onUp) => {
  const bonjour = new Bonjour();
  const browsers = (['scpi-raw', 'lxi'] as const).map((service) =>
    bonjour.find({ type: service, protocol: 'tcp' }, (found) =>
      onUp({
        service,
        name: found.name,
        host: found.host,
        port: found.port,
        addresses: found.addresses ?? [],
        txt: (found.txt ?? {}) as Record<string, unknown>,
      }),
    ),
  );
  return () => {
    for (const browser of browsers) browser.stop();
    bonjour.destroy();
  };
};

/** Merges announcements of one instrument (its `_lxi._tcp` and `_scpi-raw._tcp`) into one entry. */
export function mergeAnnouncements(announcements: readonly ServiceAnnouncement[]): DiscoveredInstrument[] {
  const byHost = new Map<string, DiscoveredInstrument>();
  for (const a of announcements) {
    const host = a.addresses.find((x) => /^\d+\.\d+\.\d+\.\d+$/.test(x)) ?? a.addresses[0] ?? a.host;
    const manufacturer = txtField(a.txt, 'Manufacturer');
    const entry = byHost.get(host) ?? {
      name: a.name,
      host,
      port: usualScpiPort(manufacturer, a.name),
      port_announced: false,
      services: [],
    };
    if (!entry.services.includes(a.service)) entry.services.push(a.service);
    if (a.service === 'scpi-raw') {
      entry.port = a.port;
      entry.port_announced = true;
      entry.name = a.name;
    }
    entry.manufacturer ??= manufacturer;
    entry.model ??= txtField(a.txt, 'Model');
    entry.serial ??= txtField(a.txt, 'SerialNumber');
    byHost.set(host, entry);
  }
  return [...byHost.values()].sort((x, y) => x.name.localeCompare(y.name));
}

function txtField(txt: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const found = Object.entries(txt).find(([k]) => k.toLowerCase() === key.toLowerCase());
  const value = found?.[1];
  if (typeof value === 'string' && value.length > 0) return value.slice(0, 128);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8').slice(0, 128);
  return undefined;
}

/**
 * Listens for `durationMs` (at most MAX_DISCOVERY_MS) and resolves with what was found, merged per host.
 * Resolves early, with what was found so far, when `signal` aborts.
 */
export function discoverInstruments(
  durationMs: number,
  options: { browse?: Browse; signal?: AbortSignal } = {},
): Promise<DiscoveredInstrument[]> {
  const browse = options.browse ?? bonjourBrowse;
  const seen: ServiceAnnouncement[] = [];
  return new Promise((resolve) => {
    const browsing: { stop?: () => void } = {};
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', finish);
      browsing.stop?.();
      resolve(mergeAnnouncements(seen));
    };
    const timer = setTimeout(finish, Math.min(Math.max(0, durationMs), MAX_DISCOVERY_MS));
    options.signal?.addEventListener('abort', finish, { once: true });
    if (options.signal?.aborted) finish();
    browsing.stop = browse((a) => {
      if (!done) seen.push(a);
    });
    if (done) browsing.stop();
  });
}
