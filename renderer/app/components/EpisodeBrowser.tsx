/**
 * The episode browser: every episode of the last run with its outcome;
 * choosing one replays it in the viewport (the episode's own randomized
 * scene, the robot's and the object's paths, contact points and force
 * arrows) with its camera video beside the list.
 */
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { OUTCOMES, outcomeLabel } from '../model/outcomes';
import { usePlaybackStore } from '../state/playback-store';
import { runRecord, useRunStore } from '../state/run-store';
import { useUiStore } from '../state/ui-store';
import { CameraView } from './CameraView';

type Filter = 'all' | 'failed' | 'succeeded';

/** The Episodes tab. */
export function EpisodeBrowser() {
  const { episodes, scene, seed, status } = useRunStore(useShallow((s) => ({ episodes: s.episodes, scene: s.scene, seed: s.seed, status: s.status })));
  const clip = usePlaybackStore((s) => s.clip);
  const showEpisode = usePlaybackStore((s) => s.actions.showEpisode);
  const play = usePlaybackStore((s) => s.actions.play);
  const { alert, showDock } = useUiStore((s) => s.actions);
  const [filter, setFilter] = useState<Filter>('all');

  if (!scene || episodes.length === 0) {
    return (
      <div className="episodes-empty">
        <p className="empty">
          {status === 'running' ? 'Episodes appear here as they finish.' : 'No episodes yet. Run some in the Run tab; then pick one here to replay it with its contacts, forces and camera video.'}
        </p>
        {status !== 'running' && (
          <button type="button" className="primary" onClick={() => showDock('run')}>
            Go to Run
          </button>
        )}
      </div>
    );
  }
  const shown = episodes.filter((e) => filter === 'all' || (filter === 'failed' ? !e.success : e.success));
  const open = (index: number): void => {
    const record = runRecord(index);
    if (!record) {
      alert('error', `Episode ${index} is not kept in memory (only the first episodes of a run are); run fewer episodes to replay it.`);
      return;
    }
    showEpisode(scene, seed, record);
    if (record.frames > 0) play();
  };
  const current = clip?.kind === 'episode' ? clip.episodeIndex : null;
  return (
    <div className="episode-browser">
      <div className="episode-list">
        <div className="filters" role="radiogroup" aria-label="Show">
          {(['all', 'failed', 'succeeded'] as const).map((f) => (
            <button key={f} type="button" role="radio" aria-checked={filter === f} className={filter === f ? 'active' : ''} onClick={() => setFilter(f)}>
              {f} ({episodes.filter((e) => f === 'all' || (f === 'failed' ? !e.success : e.success)).length})
            </button>
          ))}
        </div>
        <table>
          <thead>
            <tr>
              <th>#</th>
              <th>outcome</th>
              <th>frames</th>
              <th>detail</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((e) => (
              <tr
                key={e.episodeIndex}
                className={`${e.success ? 'ok' : 'bad'}${current === e.episodeIndex ? ' selected' : ''}`}
                data-episode={e.episodeIndex}
                aria-selected={current === e.episodeIndex}
                title={`${OUTCOMES[e.outcome].explain} Click to replay.`}
                onClick={() => open(e.episodeIndex)}
              >
                <td>{e.episodeIndex}</td>
                <td>{outcomeLabel(e.outcome)}</td>
                <td>{e.frames}</td>
                <td className="detail" title={e.detail}>{e.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {shown.length === 0 && <p className="empty">No {filter} episodes in this run.</p>}
      </div>
      <div className="episode-side">
        {clip?.kind === 'episode' ? (
          <>
            {clip.record.frames > 0 && (
            <p className="episode-legend">
              <span className="swatch robot-path" /> robot path <span className="swatch target-path" /> object path <span className="swatch contact" /> contact{' '}
              <span className="swatch force" /> finger force (longest = {clip.marks.maxForce.toFixed(1)} N)
            </p>
            )}
            {clip.record.frames === 0 && <p className="empty">Episode {clip.episodeIndex} recorded no frames ({outcomeLabel(clip.record.outcome)}): {clip.record.detail}</p>}
            <CameraView />
          </>
        ) : (
          <p className="empty">Pick an episode to replay it in the viewport.</p>
        )}
      </div>
    </div>
  );
}
