/**
 * The window's top level: a bar naming every bench (the overview first, then this bench and those added
 * by URL, each with its connection state), and below it either the overview or one bench in the full
 * panels — the App rendered in that bench's BenchProvider, so every panel talks to that bench.
 */
import { useMemo, useState, useSyncExternalStore } from 'react';
import { App } from '../App';
import type { BenchRegistry } from '../benches/BenchRegistry';
import { BenchProvider } from '../client/BenchContext';
import type { FleetBenches } from '../fleet/FleetBenches';
import type { FleetFollower } from '../fleet/FleetFollower';
import { useAppStore } from '../store';
import { BenchOverview } from './BenchOverview';
import './overview.css';

const OVERVIEW = 'overview';

function BenchTab({
  id,
  label,
  selected,
  onSelect,
  onClose,
}: {
  id: string;
  label: string;
  selected: boolean;
  onSelect(): void;
  /** Closes the tab (an opened fleet bench); a bench added by URL is removed from the overview instead. */
  onClose?: () => void;
}): React.JSX.Element {
  const state = useAppStore((s) => s.benches[id]?.connection.state ?? 'connecting');
  const refused = useAppStore((s) => s.benches[id]?.connection.problem?.retry === false);
  const tab = (
    <button
      type="button"
      role="tab"
      aria-selected={selected}
      className={selected ? 'bench-tab selected' : 'bench-tab'}
      onClick={onSelect}
      data-testid={`bench-tab-${id}`}
      title={`${label}: ${refused ? 'refused' : state}`}
    >
      <span className={`kv-dot link-${refused ? 'refused' : state}`} aria-hidden="true" />
      {label}
    </button>
  );
  if (onClose === undefined) return tab;
  return (
    <span className={selected ? 'bench-tab-group selected' : 'bench-tab-group'}>
      {tab}
      <button
        type="button"
        className="bench-tab-close"
        onClick={onClose}
        aria-label={`Close ${label}`}
        title={`Close ${label} (its streams stop; it stays on the overview)`}
        data-testid={`bench-tab-close-${id}`}
      >
        ×
      </button>
    </span>
  );
}

export function Workspace({
  registry,
  follower,
  fleetBenches,
}: {
  registry: BenchRegistry;
  follower: FleetFollower;
  /** The fleet benches opened into the full panels, each a tab after the direct ones. */
  fleetBenches: FleetBenches;
}): React.JSX.Element {
  const direct = useSyncExternalStore(
    (l) => registry.subscribe(l),
    () => registry.entries(),
  );
  const opened = useSyncExternalStore(
    (l) => fleetBenches.subscribe(l),
    () => fleetBenches.entries(),
  );
  const entries = useMemo(
    () => [
      ...direct,
      ...opened.map((o) => ({ id: o.id, label: o.bench, client: o.client, fleetBench: o.bench })),
    ],
    [direct, opened],
  );
  const [view, setView] = useState<string>(entries[0]!.id);
  const shown = view === OVERVIEW ? undefined : (entries.find((e) => e.id === view) ?? entries[0]!);
  return (
    <div className="workspace">
      <nav className="bench-bar" role="tablist" aria-label="Benches" data-testid="bench-bar">
        <button
          type="button"
          role="tab"
          aria-selected={view === OVERVIEW}
          className={view === OVERVIEW ? 'bench-tab selected' : 'bench-tab'}
          onClick={() => setView(OVERVIEW)}
          data-testid="bench-tab-overview"
        >
          Overview
        </button>
        {entries.map((e) => (
          <BenchTab
            key={e.id}
            id={e.id}
            label={e.label}
            selected={shown?.id === e.id}
            onSelect={() => setView(e.id)}
            onClose={
              'fleetBench' in e
                ? () => {
                    if (shown?.id === e.id) setView(OVERVIEW);
                    fleetBenches.close(e.fleetBench);
                  }
                : undefined
            }
          />
        ))}
      </nav>
      <div className="workspace-view">
        {shown === undefined ? (
          <BenchOverview
            entries={direct}
            follower={follower}
            onOpen={setView}
            onOpenFleet={(bench) => setView(fleetBenches.open(bench).id)}
            onRemove={(id) => registry.remove(id)}
            onAdd={(url, token, label) => registry.add(url, token, label)}
          />
        ) : (
          <BenchProvider key={shown.id} value={shown.client}>
            <App />
          </BenchProvider>
        )}
      </div>
    </div>
  );
}
