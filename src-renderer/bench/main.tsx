/**
 * The benchmark build of the dashboard (`vite build --mode bench`, never shipped): the real App plus a
 * probe that drives streams and reports figures back to the backend that served the page — or, with
 * `fleetPixel=` in the fragment, the Workspace's overview of many benches and its bench-to-pixel probe.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from '../App';
import { createLocalBench } from '../app/localBench';
import { BenchProvider } from '../client/BenchContext';
import '../styles.css';
import { runFleetPixel, type FleetPixelConfig } from './fleetPixel';
import { runProbe } from './probe';

const fleetPixel = new URLSearchParams(location.hash.slice(1)).get('fleetPixel');
if (fleetPixel) {
  void runFleetPixel(JSON.parse(atob(fleetPixel)) as FleetPixelConfig);
} else {
  const bench = createLocalBench();
  bench.start();
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <BenchProvider value={bench}>
        <App />
      </BenchProvider>
    </StrictMode>,
  );
  void runProbe(bench);
}
