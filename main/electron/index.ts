/**
 * Electron main: one window, secure by default. The renderer runs with
 * context isolation, the sandbox and no Node integration; it is served from
 * `studio://app/` with a strict Content-Security-Policy; navigation, new
 * windows, webviews and permission requests are refused; the only way to
 * main is the typed bridge (ipc.ts), whose calls are validated here.
 */
import { app, BrowserWindow, dialog, ipcMain, protocol, session, type WebContents } from 'electron';
import path from 'node:path';
import { APP_ORIGIN, APP_SCHEME, serveRenderer } from './app-protocol';
import { contentSecurityPolicy } from './csp';
import { FolderGrants } from './folder-grants';
import { createHandlers, type Dialogs, type HostPaths } from './handlers';
import { registerBridge } from './ipc';
import type { InputFolderPurpose } from '../bridge/contract';

const here = import.meta.dirname;
/** Set by `electron-vite dev`: the dev server's URL. */
const devUrl = process.env['ELECTRON_RENDERER_URL'];

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);

function hostPaths(): HostPaths {
  const base = app.isPackaged ? process.resourcesPath : app.getAppPath();
  return app.isPackaged
    ? { presetDir: path.join(base, 'presets'), assetDir: path.join(base, 'assets') }
    : { presetDir: path.join(base, 'scenes', 'presets'), assetDir: path.join(base, 'assets') };
}

function isTrusted(url: string): boolean {
  if (url.startsWith(`${APP_ORIGIN}/`)) return true;
  return devUrl !== undefined && url.startsWith(devUrl);
}

const INPUT_FOLDER_TITLES: Record<InputFolderPurpose, string> = {
  'world-model': 'Open a world-model folder',
  reference: 'Open a folder of images or videos',
  'dataset-report': 'Open an exported dataset',
};

function nativeDialogs(): Dialogs {
  const parent = (): BrowserWindow | undefined => BrowserWindow.getFocusedWindow() ?? undefined;
  const sceneFilters = [{ name: 'Scene', extensions: ['json'] }];
  return {
    async openSceneFile() {
      const options = { title: 'Open scene', properties: ['openFile' as const], filters: sceneFilters };
      const window = parent();
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async saveSceneFile(suggestedName) {
      const options = { title: 'Save scene', defaultPath: suggestedName, filters: sceneFilters };
      const window = parent();
      const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    async chooseFolder(purpose) {
      // An output folder may be made in the dialog; an input folder (model, reference, dataset) is only opened.
      const options = purpose === undefined
        ? { title: 'Choose output folder', properties: ['openDirectory' as const, 'createDirectory' as const] }
        : { title: INPUT_FOLDER_TITLES[purpose], properties: ['openDirectory' as const] };
      const window = parent();
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
  };
}

function lockDown(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

function createWindow(): void {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    title: 'Robot Data Studio',
    show: false,
    webPreferences: {
      preload: path.join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(devUrl ?? `${APP_ORIGIN}/index.html`);
}

app.on('web-contents-created', (_event, contents) => lockDown(contents));

app.whenReady().then(() => {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  if (devUrl !== undefined) {
    // The dev server's pages get the same policy (relaxed for vite's inline styles and websocket).
    ses.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy({ dev: true })] } });
    });
  }
  protocol.handle(APP_SCHEME, serveRenderer(path.join(here, '../renderer')));
  registerBridge(ipcMain, createHandlers(hostPaths(), nativeDialogs(), new FolderGrants()), isTrusted);
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
