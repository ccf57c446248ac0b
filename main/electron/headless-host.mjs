// Electron main script of the CLI's headless render host
// (main/cli/render-host/electron.ts starts it through playwright-core).
// It opens one hidden, sandboxed window on the loopback URL given as
// --studio-url=http://127.0.0.1:PORT/... and nothing else.
import { app, BrowserWindow } from 'electron';

const flag = process.argv.find((arg) => arg.startsWith('--studio-url='));
const url = flag?.slice('--studio-url='.length);
if (!url || !/^http:\/\/127\.0\.0\.1:\d+\//.test(url)) {
  console.error(`headless-host: expected --studio-url=http://127.0.0.1:PORT/..., got ${url ?? 'nothing'}`);
  process.exit(2);
}

app.commandLine.appendSwitch('enable-unsafe-swiftshader');
app.on('window-all-closed', () => app.quit());
app.whenReady().then(() => {
  const window = new BrowserWindow({
    show: false,
    width: 640,
    height: 480,
    webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, backgroundThrottling: false },
  });
  // The render page never navigates away nor opens windows.
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  return window.loadURL(url);
});
