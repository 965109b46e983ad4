/**
 * Electron hardening in one place, following Electron's security checklist: isolated, sandboxed
 * renderers without Node; no navigation away from the dashboard; no new windows; no permissions.
 */
import type { BrowserWindowConstructorOptions, Session, WebContents } from 'electron';

export function hardenedWebPreferences(
  preloadPath: string,
): NonNullable<BrowserWindowConstructorOptions['webPreferences']> {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: false,
    // Middle-click would open links in new windows; nothing in the dashboard needs it.
    disableBlinkFeatures: 'Auxclick',
  };
}

/**
 * Enforces the dashboard's Content-Security-Policy in the window itself, on every response, so the
 * policy holds even if the backend's own header were missing or altered.
 */
export function enforceContentSecurityPolicy(session: Session, policy: string): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders };
    for (const name of Object.keys(headers))
      if (name.toLowerCase() === 'content-security-policy') delete headers[name];
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [policy] } });
  });
}

/** Keeps a window on the dashboard's own origin: other navigations and every window.open are refused. */
export function lockNavigation(contents: WebContents, allowedOrigin: string): void {
  contents.on('will-navigate', (event, url) => {
    if (new URL(url).origin !== allowedOrigin) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (new URL(url).origin !== allowedOrigin) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Denies every permission request (camera, notifications, serial, ...): the dashboard needs none. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
