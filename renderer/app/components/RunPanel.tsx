/**
 * The rollout runner: episodes, seed and workers; Run and Cancel; a live
 * progress bar, episodes per second, the success rate, and live charts of
 * the outcomes and the success rate, with an example of why episodes failed.
 */
import { useShallow } from 'zustand/react/shallow';
import { runOpenScene } from '../commands';
import { useHost } from '../host';
import { outcomeLabel } from '../model/outcomes';
import { RUN_LIMITS, runStats, useRunStore } from '../state/run-store';
import { useUiStore } from '../state/ui-store';
import { NumberField } from './fields';
import { RunChart } from './RunChart';

function clampInt(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.round(value)));
}

/** The runner panel under the viewport. */
export function RunPanel() {
  const host = useHost();
  const { settings, status, total, episodes, elapsed, sceneName } = useRunStore(
    useShallow((s) => ({ settings: s.settings, status: s.status, total: s.total, episodes: s.episodes, elapsed: s.elapsed, sceneName: s.sceneName })),
  );
  const { configure, cancel } = useRunStore((s) => s.actions);
  const showDock = useUiStore((s) => s.actions.showDock);
  const stats = runStats(episodes, elapsed);
  const running = status === 'running';
  const fraction = total > 0 ? stats.done / total : 0;
  const statusText: Record<typeof status, string> = {
    idle: '',
    running: `Running ${sceneName}…`,
    done: `Done: ${total} episodes of ${sceneName} in ${elapsed.toFixed(1)} s`,
    cancelled: `Cancelled after ${stats.done} of ${total} episodes`,
    failed: 'The run failed (see the message above)',
  };
  return (
    <section className="runner" aria-label="Rollout runner">
      <div className="run-controls">
        <label title="How many episodes to roll out">
          Episodes <NumberField value={settings.episodes} label="Episodes" onCommit={(v) => configure({ episodes: clampInt(v, 1, RUN_LIMITS.episodes) })} />
        </label>
        <label title="The job seed: the same seed gives the same episodes, bit for bit">
          Seed <NumberField value={settings.seed} label="Seed" onCommit={(v) => configure({ seed: clampInt(v, 0, Number.MAX_SAFE_INTEGER) })} />
        </label>
        <label title="Web Workers running episodes in parallel (results do not depend on it)">
          Workers <NumberField value={settings.workers} label="Workers" onCommit={(v) => configure({ workers: clampInt(v, 1, RUN_LIMITS.workers) })} />
        </label>
        {running ? (
          <button type="button" className="danger" title="Stop the run; finished episodes are kept" onClick={cancel}>
            ■ Cancel
          </button>
        ) : (
          <button type="button" className="primary" title={`Roll out ${settings.episodes} episodes of this scene (Ctrl+Enter)`} onClick={() => void runOpenScene(host)}>
            ▶ Run
          </button>
        )}
      </div>
      {status === 'idle' ? (
        <p className="empty">Set the number of episodes and press Run: each episode samples the randomized properties and rolls out the task on {settings.workers} background worker{settings.workers === 1 ? '' : 's'}.</p>
      ) : (
        <div className="run-progress">
          <div className="progress" role="progressbar" aria-label="Episodes done" aria-valuemin={0} aria-valuemax={total} aria-valuenow={stats.done}>
            <div className="bar" style={{ width: `${(fraction * 100).toFixed(1)}%` }} />
          </div>
          <div className="stats">
            <span className="stat" data-stat="done"><strong>{stats.done}</strong> / {total} episodes</span>
            <span className="stat" data-stat="rate"><strong>{stats.episodesPerSecond === undefined ? '–' : stats.episodesPerSecond.toFixed(2)}</strong> episodes/s</span>
            <span className="stat" data-stat="success"><strong>{stats.successRate === undefined ? '–' : `${Math.round(stats.successRate * 100)} %`}</strong> success</span>
            <span className={`status ${status}`} data-status={status}>{statusText[status]}</span>
          </div>
          {stats.done > 0 && <RunChart episodes={episodes} />}
          {stats.failures.length > 0 && (
            <ul className="failures" aria-label="Failure reasons">
              {stats.failures.map(([outcome, { count, example }]) => (
                <li key={outcome} data-outcome={outcome} title={`Episode ${example.episodeIndex}: ${example.detail}`}>
                  <span className="reason">{outcomeLabel(outcome)}</span>
                  <span className="count">{count}</span>
                  <span className="example">e.g. episode {example.episodeIndex}: {example.detail}</span>
                </li>
              ))}
            </ul>
          )}
          {status !== 'running' && stats.done > 0 && (
            <p className="next-steps">
              Next: <button type="button" className="link" onClick={() => showDock('episodes')}>replay episodes</button> or{' '}
              <button type="button" className="link" onClick={() => showDock('export')}>export them as a dataset</button>.
            </p>
          )}
        </div>
      )}
    </section>
  );
}
