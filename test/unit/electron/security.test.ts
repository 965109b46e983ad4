import { describe, expect, it } from 'vitest';
import { hardenedWebPreferences } from '../../../src-main/electron/security.js';

describe('hardenedWebPreferences', () => {
  it('isolates and sandboxes the renderer with no Node access, per the Electron security checklist', () => {
    expect(hardenedWebPreferences('/app/preload.cjs')).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
    });
  });
});
