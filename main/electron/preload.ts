/**
 * The preload (sandboxed, CommonJS): exposes `window.studio`, one function
 * per bridge method, each a plain `ipcRenderer.invoke` on its channel.
 * Nothing else of Electron or Node reaches the page.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_METHODS, bridgeChannel, type WireBridge } from '../bridge/contract';

const studio = Object.fromEntries(
  BRIDGE_METHODS.map((method) => [method, (...args: unknown[]) => ipcRenderer.invoke(bridgeChannel(method), ...args)]),
) as WireBridge;

contextBridge.exposeInMainWorld('studio', studio);
