/**
 * The preload bridge: named functions only, typed by BenchtopBridge from shared/, so main, preload and
 * renderer agree. Never exposes ipcRenderer or a generic send/invoke.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { IpcChannel, type BenchtopBridge } from '../../shared/bridge.js';

const bridge: BenchtopBridge = {
  getBackendEndpoint: () => ipcRenderer.invoke(IpcChannel.getBackendEndpoint),
  getVersions: () => ipcRenderer.invoke(IpcChannel.getVersions),
};

contextBridge.exposeInMainWorld('benchtop', bridge);
