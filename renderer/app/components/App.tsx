/** The studio's layout: toolbar, alerts and the current view (gallery, editor, world model or Sim2Real). */
import { useHost } from '../host';
import { useShortcuts } from '../shortcuts';
import { useUiStore } from '../state/ui-store';
import { Alerts } from './Alerts';
import { Editor } from './Editor';
import { Gallery } from './Gallery';
import { Sim2RealView } from './Sim2RealView';
import { Toolbar } from './Toolbar';
import { WorldModelView } from './WorldModelView';

/** The whole app; needs a HostContext above it. */
export function App() {
  const host = useHost();
  const view = useUiStore((s) => s.view);
  useShortcuts(host);
  return (
    <div className="app">
      <Toolbar />
      <Alerts />
      {view === 'gallery' ? <Gallery /> : view === 'worldmodel' ? <WorldModelView /> : view === 'sim2real' ? <Sim2RealView /> : <Editor />}
    </div>
  );
}
