/**
 * The preload bridge: named functions only, typed by BenchtopBridge from shared/, so main, preload and
 * renderer agree. Never exposes ipcRenderer or a generic send/invoke; menu commands are checked against
 * the known list before they reach the page.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IpcChannel, isMenuCommand, type BenchtopBridge, type MenuCommand } from '../../shared/bridge.js';

const bridge: BenchtopBridge = {
  getBackendEndpoint: () => ipcRenderer.invoke(IpcChannel.getBackendEndpoint),
  getVersions: () => ipcRenderer.invoke(IpcChannel.getVersions),
  chooseExportPath: (request) =>
    ipcRenderer.invoke(IpcChannel.chooseExportPath, {
      defaultName: request.defaultName,
      extension: request.extension,
    }),
  showInFolder: (path) => ipcRenderer.invoke(IpcChannel.showInFolder, String(path)),
  onMenuCommand: (listener: (command: MenuCommand) => void) => {
    const handler = (_event: IpcRendererEvent, command: unknown): void => {
      if (isMenuCommand(command)) listener(command);
    };
    ipcRenderer.on(IpcChannel.menuCommand, handler);
    return () => ipcRenderer.removeListener(IpcChannel.menuCommand, handler);
  },
};

contextBridge.exposeInMainWorld('benchtop', bridge);
