/**
 * The event loop's garbage per record on the backend's statistics path, a figure no load changes:
 * `node --expose-gc --min-semi-space-size=64 --max-semi-space-size=64 --import tsx loopGarbageChild.ts
 * [records]` measures 4 × 1M-point records of the simulated scope one after another through PoolMeasurer
 * on the real ComputePool (its default size) and folds each into MeasurementStatsService, as the backend
 * does, then prints as JSON the heap's growth per record over `records` of them with no collection in
 * between (a young generation of 64 MB holds them; `collections` says whether one happened anyway, which
 * would void the figure). The process runs nothing else: the benchmark's own timing objects are not in it.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { runInNewContext } from 'node:vm';
import { ComputePool, PoolMeasurer, SharedRecords } from '../../../src-main/compute/index.js';
import type { ScopeRecord } from '../../../src-main/instruments/InstrumentDriver.js';
import { MeasurementStatsService } from '../../../src-main/measurementStats/index.js';
import { silentLogger } from '../../../src-main/util/index.js';
import { demoRecordsInPlace } from './demoRecords.js';

const records = Number(process.argv[2] ?? 300);
const WARM_RECORDS = 100;

function demoRecords(): ScopeRecord[] {
  return demoRecordsInPlace(1_000_000);
}

const recs = demoRecords();
const pool = new ComputePool();
const measurer = new PoolMeasurer({ runner: pool, records: new SharedRecords(), log: silentLogger });
const stats = new MeasurementStatsService({ log: silentLogger });
let frame = 0;
async function oneRecord(): Promise<void> {
  const k = frame++;
  // A new record object each time, as a scope's next acquisition is (the same samples, cycled).
  const done = await measurer.measure('scope_1', { ...recs[k % recs.length]! }, k);
  if (done) stats.takeMeasurements('scope_1', 1_000 + k * (1000 / 60), done.values);
}

for (let k = 0; k < WARM_RECORDS; k++) await oneRecord();
const gc = runInNewContext('gc') as () => void;
gc();
// The forced collection's entry comes an immediate later: observe only after it.
await new Promise((resolve) => setTimeout(resolve, 20));
let collections = 0;
const observer = new PerformanceObserver((list) => (collections += list.getEntries().length));
observer.observe({ entryTypes: ['gc'] });
const before = process.memoryUsage().heapUsed;
for (let k = 0; k < records; k++) await oneRecord();
const after = process.memoryUsage().heapUsed;
await new Promise((resolve) => setTimeout(resolve, 20));
observer.disconnect();
await pool.close();
console.log(JSON.stringify({ records, bytesPerRecord: (after - before) / records, collections }));
