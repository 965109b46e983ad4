/**
 * The Electron shell, kept thin: start the backend on 127.0.0.1 with a fresh token, open one hardened
 * window on the dashboard it serves, and answer the preload bridge's few named calls. All data flows
 * over the WebSocket; IPC carries only the endpoint and versions.
 */
import { app, BrowserWindow, ipcMain, Menu, screen, session, type IpcMainInvokeEvent } from 'electron';
import path from 'node:path';
import { IpcChannel, type BackendEndpoint } from '../../shared/bridge.js';
import { startBackend, type Backend } from '../backend.js';
import { CONTENT_SECURITY_POLICY, createLogger } from '../util/index.js';
import { APP_VERSION } from '../version.js';
import { ExportTargets, parseExportDialogRequest } from './exportDialog.js';
import { loadDesktopSettings } from './desktopSettings.js';
import { buildMenu } from './menu.js';
import {
  denyAllPermissions,
  enforceContentSecurityPolicy,
  hardenedWebPreferences,
  lockNavigation,
} from './security.js';
import { loadWindowBounds, saveWindowBounds, windowStateFile, type WindowBounds } from './windowState.js';

const log = createLogger('info');
let backend: Backend | undefined;
let mainWindow: BrowserWindow | undefined;
const dataDir = (): string => path.join(app.getPath('userData'), 'data');
let exportTargets: ExportTargets | undefined;

/** IPC is answered only for our own window's top frame, on the dashboard's origin. */
function fromOurWindow(event: IpcMainInvokeEvent): boolean {
  if (!mainWindow || !backend || event.sender !== mainWindow.webContents) return false;
  const frameUrl = event.senderFrame?.url;
  return frameUrl !== undefined && new URL(frameUrl).origin === new URL(backend.dashboardUrl).origin;
}

function registerIpc(): void {
  ipcMain.handle(IpcChannel.getBackendEndpoint, (event): BackendEndpoint => {
    if (!fromOurWindow(event) || !backend) throw new Error('refused: not the Benchtop window');
    return { url: backend.wsUrl, token: backend.token };
  });
  ipcMain.handle(IpcChannel.getVersions, (event) => {
    if (!fromOurWindow(event)) throw new Error('refused: not the Benchtop window');
    return {
      app: APP_VERSION,
      electron: process.versions.electron,
      chrome: process.versions.chrome,
      node: process.versions.node,
    };
  });
  ipcMain.handle(IpcChannel.chooseExportPath, async (event, request: unknown) => {
    if (!fromOurWindow(event) || !mainWindow || !exportTargets)
      throw new Error('refused: not the Benchtop window');
    const chosen = await exportTargets.choose(
      mainWindow,
      parseExportDialogRequest(request),
      app.getPath('documents'),
    );
    // Only a path that came out of the save dialog becomes an export target the backend will write.
    if (chosen) backend?.exports.allowTarget(chosen);
    return chosen;
  });
  ipcMain.handle(IpcChannel.showInFolder, (event, target: unknown) => {
    if (!fromOurWindow(event) || !exportTargets) throw new Error('refused: not the Benchtop window');
    exportTargets.showInFolder(target);
  });
}

async function createWindow(): Promise<void> {
  if (!backend) return;
  const origin = new URL(backend.dashboardUrl).origin;
  const stateFile = windowStateFile(app.getPath('userData'));
  const bounds = loadWindowBounds(
    stateFile,
    screen.getAllDisplays().map((d) => d.workArea),
  );
  mainWindow = new BrowserWindow({
    x: bounds.x,
    y: bounds.y,
    width: bounds.width,
    height: bounds.height,
    minWidth: 800,
    minHeight: 560,
    backgroundColor: '#12161c',
    title: 'Benchtop',
    show: false,
    webPreferences: hardenedWebPreferences(path.join(__dirname, 'preload.cjs')),
  });
  lockNavigation(mainWindow.webContents, origin);
  mainWindow.once('ready-to-show', () => {
    if (bounds.maximized) mainWindow?.maximize();
    mainWindow?.show();
  });
  const window = mainWindow;
  window.on('close', () => {
    const current: WindowBounds = { ...window.getNormalBounds(), maximized: window.isMaximized() };
    try {
      saveWindowBounds(stateFile, current);
    } catch (err) {
      log.warn('could not save the window position', err);
    }
  });
  mainWindow.on('closed', () => {
    mainWindow = undefined;
  });
  // The token reaches the renderer through the bridge, not the URL.
  await mainWindow.loadURL(`${origin}/`);
}

app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (e) => e.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  app
    .whenReady()
    .then(async () => {
      denyAllPermissions(session.defaultSession);
      enforceContentSecurityPolicy(session.defaultSession, CONTENT_SECURITY_POLICY);
      exportTargets = new ExportTargets(dataDir());
      registerIpc();
      Menu.setApplicationMenu(buildMenu(() => mainWindow));
      const settings = loadDesktopSettings(app.getPath('userData'));
      backend = await startBackend({
        log,
        staticDir: path.join(__dirname, '..', 'renderer'),
        dataDir: dataDir(),
        benchFile: settings.benchFile,
        port: settings.port,
        offerDownloads: false,
      });
      log.info(`backend listening on ${backend.host}:${backend.port}`);
      await createWindow();
    })
    .catch((err: unknown) => {
      log.error('Benchtop failed to start', err);
      app.exit(1);
    });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void createWindow();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    void backend?.close();
  });
}
