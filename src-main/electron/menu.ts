/** The application menu: File › Export…, View, Help — each dashboard action sent as a named command. */
import { app, dialog, Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import { IpcChannel, type MenuCommand } from '../../shared/bridge.js';
import { APP_VERSION } from '../version.js';

export function buildMenu(getWindow: () => BrowserWindow | undefined): Menu {
  const send = (command: MenuCommand) => () => getWindow()?.webContents.send(IpcChannel.menuCommand, command);
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Export…', accelerator: 'CmdOrCtrl+E', click: send('export') },
        { type: 'separator' },
        { label: 'All Outputs Off', accelerator: 'Alt+O', click: send('all-outputs-off') },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: 'View',
      submenu: [
        { label: 'Toggle Dark/Light Theme', accelerator: 'Alt+T', click: send('toggle-theme') },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' as const }]),
      ],
    },
    {
      label: 'Help',
      submenu: [
        { label: 'Keyboard Shortcuts', accelerator: 'F1', click: send('help') },
        {
          label: 'About Benchtop',
          click: () => {
            const window = getWindow();
            const detail = `Version ${APP_VERSION}\nElectron ${process.versions.electron}\nChromium ${process.versions.chrome}\nNode ${process.versions.node}`;
            const options = { type: 'info' as const, title: 'About Benchtop', message: 'Benchtop', detail };
            void (window ? dialog.showMessageBox(window, options) : dialog.showMessageBox(options));
          },
        },
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}
