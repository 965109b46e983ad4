import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createLocalBench } from './app/localBench';
import { BenchRegistry } from './benches/BenchRegistry';
import { FleetBenches } from './fleet/FleetBenches';
import { FleetFollower } from './fleet/FleetFollower';
import { Workspace } from './overview/Workspace';
import { useAppStore } from './store';
import './styles.css';

const bench = createLocalBench();
bench.start();
// Further benches (added by URL) next to the local one; the fleet through the local backend.
const registry = new BenchRegistry({
  local: bench,
  store: useAppStore,
  storage: localStorage,
  // The page is served by the local backend in both modes (browser, and the desktop window).
  localHost: () => window.location.host,
});
registry.start();
const follower = new FleetFollower(bench.connection);
follower.start();
const fleetBenches = new FleetBenches(follower, useAppStore);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Workspace registry={registry} follower={follower} fleetBenches={fleetBenches} />
  </StrictMode>,
);
