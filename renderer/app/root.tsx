/** Mounts the studio with the host its entry injects. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { StudioBridge } from '../../main/bridge/contract';
import { App } from './components/App';
import { HostContext } from './host';
import './styles.css';
import './panels.css';
import './tools.css';

/** Renders the app into `#root` with `host` as its bridge. */
export function mountStudio(host: StudioBridge): void {
  const element = document.getElementById('root');
  if (!element) throw new Error('mountStudio: the page has no #root element');
  createRoot(element).render(
    <StrictMode>
      <HostContext.Provider value={host}>
        <App />
      </HostContext.Provider>
    </StrictMode>,
  );
}
