/** The panel under the viewport: the rollout runner, the episode browser and the export, as tabs. */
import { useUiStore, type Dock as DockTab } from '../state/ui-store';
import { useRunStore } from '../state/run-store';
import { EpisodeBrowser } from './EpisodeBrowser';
import { ExportPanel } from './ExportPanel';
import { RunPanel } from './RunPanel';

const TABS: readonly { tab: DockTab; label: string; tip: string }[] = [
  { tab: 'run', label: 'Run', tip: 'Roll out randomized episodes on background workers (Alt+1)' },
  { tab: 'episodes', label: 'Episodes', tip: 'Replay any episode of the last run with its contacts, forces and camera video (Alt+2)' },
  { tab: 'export', label: 'Export', tip: 'Write the last run as a LeRobot, robomimic or COCO dataset (Alt+3)' },
];

/** The dock. */
export function Dock() {
  const dock = useUiStore((s) => s.dock);
  const showDock = useUiStore((s) => s.actions.showDock);
  const delivered = useRunStore((s) => s.episodes.length);
  return (
    <section className="panel dock" aria-label="Run, episodes and export">
      <div className="dock-tabs" role="tablist">
        {TABS.map(({ tab, label, tip }) => (
          <button key={tab} type="button" role="tab" data-tab={tab} aria-selected={dock === tab} className={dock === tab ? 'active' : ''} title={tip} onClick={() => showDock(tab)}>
            {label}
            {tab === 'episodes' && delivered > 0 ? ` (${delivered})` : ''}
          </button>
        ))}
      </div>
      <div className="dock-body">{dock === 'run' ? <RunPanel /> : dock === 'episodes' ? <EpisodeBrowser /> : <ExportPanel />}</div>
    </section>
  );
}
