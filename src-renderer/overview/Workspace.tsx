/**
 * The window's top level: a bar naming every bench (the overview first, then this bench and those added
 * by URL, each with its connection state), and below it either the overview or one bench in the full
 * panels — the App rendered in that bench's BenchProvider, so every panel talks to that bench.
 */
import { useMemo, useState, useSyncExternalStore } from 'react';
import { App } from '../App';
import type { BenchRegistry } from '../benches/BenchRegistry';
import { BenchProvider } from '../client/BenchContext';
import type { FleetFollower } from '../fleet/FleetFollower';
import { useAppStore } from '../store';
import { frameBatched } from '../util/frameBatched';
import { BenchOverview } from './BenchOverview';
import './overview.css';

const OVERVIEW = 'overview';

function BenchTab({
  id,
  label,
  selected,
  onSelect,
}: {
  id: string;
  label: string;
  selected: boolean;
  onSelect(): void;
}): React.JSX.Element {
  const state = useAppStore((s) => s.benches[id]?.connection.state ?? 'connecting');
  const refused = useAppStore((s) => s.benches[id]?.connection.problem?.retry === false);
  return (
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
}

export function Workspace({
  registry,
  follower,
}: {
  registry: BenchRegistry;
  follower: FleetFollower;
}): React.JSX.Element {
  const entries = useSyncExternalStore(
    (l) => registry.subscribe(l),
    () => registry.entries(),
  );
  // The fleet changes with every bench's records; the overview renders it once per animation frame.
  const subscribeFleet = useMemo(() => frameBatched((l) => follower.subscribe(l)), [follower]);
  const fleet = useSyncExternalStore(subscribeFleet, () => follower.view());
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
          />
        ))}
      </nav>
      <div className="workspace-view">
        {shown === undefined ? (
          <BenchOverview
            entries={entries}
            fleet={fleet}
            follower={follower}
            onOpen={setView}
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
