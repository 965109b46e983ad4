/**
 * Every bench at a glance: the local one and those added by URL (each a card rendered in its own
 * BenchProvider), and — when the local backend follows a fleet — the fleet's benches. A grid of compact
 * cards, 20 of them fit at 1440×900; "Add bench…" opens the form above the grid.
 */
import { useMemo, useState, useSyncExternalStore } from 'react';
import type { AddResult, BenchEntry } from '../benches/BenchRegistry';
import { BenchProvider } from '../client/BenchContext';
import type { FleetFollower, FleetView } from '../fleet/FleetFollower';
import { frameBatched } from '../util/frameBatched';
import { AddBenchForm } from './AddBenchForm';
import { BenchCard } from './BenchCard';
import { FleetBenchCard } from './FleetBenchCard';
import { fleetCardProps, overviewSnapshots } from './fleetCardProps';
import './overview.css';

export function BenchOverview({
  entries,
  follower,
  onOpen,
  onOpenFleet,
  onRemove,
  onAdd,
}: {
  entries: readonly BenchEntry[];
  follower: FleetFollower;
  onOpen(id: string): void;
  /** Opens a fleet bench into the full panels. */
  onOpenFleet(bench: string): void;
  onRemove(id: string): void;
  onAdd(url: string, token: string, label: string): AddResult;
}): React.JSX.Element {
  const [adding, setAdding] = useState(entries.length === 1);
  // Read here, not in the Workspace: the fleet changes with every live record, and an opened bench's
  // panels (rendered by the Workspace) must not re-render with it. Heard at most once per animation
  // frame: one render per fleet_live message was the overview's cost at 20 benches (fleetPixel bench).
  // The cards' live text hears it through the same subscription, in the same frame callback.
  const subscribeFleet = useMemo(() => frameBatched((l) => follower.subscribe(l)), [follower]);
  // Renders only when something drawn changes shape; a card's digits follow by themselves (LiveText).
  const fleetSnapshot = useMemo(() => overviewSnapshots(() => follower.view()), [follower]);
  const fleet: FleetView = useSyncExternalStore(subscribeFleet, fleetSnapshot);
  return (
    <main className="overview" data-testid="overview">
      <div className="overview-toolbar">
        <h2>Benches</h2>
        <span className="muted">
          {entries.length} direct
          {fleet.status === 'following' ? `, ${fleet.benches.length} on the fleet` : ''}
        </span>
        <span className="spacer" />
        <button
          type="button"
          onClick={() => setAdding((a) => !a)}
          data-testid="add-bench-toggle"
          aria-expanded={adding}
        >
          {adding ? 'Close' : 'Add bench…'}
        </button>
      </div>
      {adding && <AddBenchForm onAdd={onAdd} onDone={() => setAdding(false)} />}
      <section className="bench-grid" aria-label="Benches connected directly">
        {entries.map((entry) => (
          <BenchProvider key={entry.id} value={entry.client}>
            <BenchCard entry={entry} onOpen={() => onOpen(entry.id)} onRemove={() => onRemove(entry.id)} />
          </BenchProvider>
        ))}
      </section>
      {fleet.status === 'following' && (
        <>
          <div className="overview-toolbar">
            <h2>Fleet</h2>
            <span className="muted" data-testid="fleet-controller">
              this dashboard is {fleet.controller}
            </span>
          </div>
          <section className="bench-grid" aria-label="Fleet benches" data-testid="fleet-grid">
            {fleet.benches.length === 0 && <p className="muted">No bench has joined the fleet yet.</p>}
            {fleet.benches.map((info) => (
              <FleetBenchCard
                key={info.bench}
                {...fleetCardProps(fleet, info, follower, onOpenFleet, subscribeFleet)}
              />
            ))}
          </section>
        </>
      )}
      {fleet.status === 'none' && (
        <p className="muted overview-note" data-testid="fleet-none">
          This dashboard’s backend follows no fleet; started with <code>--nats nats://host:4222</code> it
          shows the fleet’s benches here too.
        </p>
      )}
    </main>
  );
}
