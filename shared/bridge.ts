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

/** Commands the application menu sends to the dashboard. */
export const MENU_COMMANDS = ['export', 'help', 'toggle-theme', 'all-outputs-off'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

export function isMenuCommand(value: unknown): value is MenuCommand {
  return typeof value === 'string' && (MENU_COMMANDS as readonly string[]).includes(value);
}

export interface ExportDialogRequest {
  /** Suggested file name, e.g. "bench-run_acq_0123456789ab.csv". */
  defaultName: string;
  /** File extension without the dot, e.g. "csv", "npy", "h5", "json". */
  extension: string;
}

export interface BenchtopBridge {
  /** Where the backend is and how to authenticate; resolved once the backend listens. */
  getBackendEndpoint(): Promise<BackendEndpoint>;
  /** App and runtime versions, for the About box and exported provenance. */
  getVersions(): Promise<{ app: string; electron: string; chrome: string; node: string }>;
  /**
   * Asks the user where to save an export (native save dialog). Resolves with the chosen absolute path,
   * which main has also registered with the backend as an allowed export target, or undefined.
   */
  chooseExportPath(request: ExportDialogRequest): Promise<string | undefined>;
  /** Reveals a finished export in the system file manager (only paths the user chose or the data folder). */
  showInFolder(path: string): Promise<void>;
  /** Menu commands (File › Export…, Help, ...); returns the unsubscribe function. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
}

/** IPC channel names used by the bridge. Kept here so main and preload agree. */
export const IpcChannel = {
  getBackendEndpoint: 'benchtop:get-backend-endpoint',
  getVersions: 'benchtop:get-versions',
  chooseExportPath: 'benchtop:choose-export-path',
  showInFolder: 'benchtop:show-in-folder',
  menuCommand: 'benchtop:menu-command',
} as const;
