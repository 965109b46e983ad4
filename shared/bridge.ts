/**
 * The preload bridge: what the Electron preload exposes on `window.benchtop`. Main, preload and renderer
 * all use this type, so they cannot drift apart. Named functions only — never a generic send/invoke.
 */
export interface BackendEndpoint {
  /** WebSocket URL of the backend, e.g. ws://127.0.0.1:51234/ws */
  url: string;
  /** Per-launch token the backend requires. */
  token: string;
}

export interface BenchtopBridge {
  /** Where the backend is and how to authenticate; resolved once the backend listens. */
  getBackendEndpoint(): Promise<BackendEndpoint>;
  /** App and runtime versions, for the About box and exported provenance. */
  getVersions(): Promise<{ app: string; electron: string; chrome: string; node: string }>;
}

/** IPC channel names used by the bridge. Kept here so main and preload agree. */
export const IpcChannel = {
  getBackendEndpoint: 'benchtop:get-backend-endpoint',
  getVersions: 'benchtop:get-versions',
} as const;
