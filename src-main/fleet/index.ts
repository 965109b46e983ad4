/**
 * The fleet over NATS JetStream (docs/PROTOCOL.md, "Fleet over NATS"): a bench agent publishing and
 * answering its subjects, the control lease, the per-bench history stream, and the dashboard backend's
 * view of every bench (presence, backfill, gaps, requests).
 */
export { FleetBridge } from './FleetBridge.js';
export { FleetWatcher, type FleetBench, type FleetChange } from './FleetWatcher.js';
export { BenchTimeline, type HistoryGap } from './BenchTimeline.js';
export { BenchAgent, type AgentBackend, type BenchAgentOptions } from './BenchAgent.js';
export {
  ControlLease,
  LEASE_TTL_MS,
  type LeaseStore,
  type LeaseVerdict,
  memoryLeaseStore,
} from './ControlLease.js';
export {
  connectToFleet,
  credentialsFromEnvironment,
  describeServer,
  NatsConfigError,
  type NatsCredentials,
  parseNatsUrl,
} from './natsConnection.js';
export { benchSubjects, historyStreamName, isSubjectToken, LEASE_BUCKET, SUBJECT_ROOT } from './subjects.js';
