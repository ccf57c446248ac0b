/** The studio's layout: toolbar, alerts and the current view (gallery or editor). */
import { useHost } from '../host';
import { useShortcuts } from '../shortcuts';
import { useUiStore } from '../state/ui-store';
import { Alerts } from './Alerts';
import { Editor } from './Editor';
import { Gallery } from './Gallery';
import { Toolbar } from './Toolbar';

/** The whole app; needs a HostContext above it. */
export function App() {
  const host = useHost();
  const view = useUiStore((s) => s.view);
  useShortcuts(host);
  return (
    <div className="app">
      <Toolbar />
      <Alerts />
      {view === 'gallery' ? <Gallery /> : <Editor />}
    </div>
  );
}
