/**
 * The educator overlay over the viewport: what the scene randomizes and
 * why (in plain words, from the randomization entries and their notes),
 * and why the run's episodes failed (or, while a failed episode is
 * replayed, why that one did). Shown after a one-click run from the
 * gallery, and whenever the ℹ button asks for it.
 */
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { failureReasons, randomizedInWords } from '../model/explain';
import { OUTCOMES } from '../model/outcomes';
import { useDocumentStore } from '../state/document-store';
import { usePlaybackStore } from '../state/playback-store';
import { useRunStore } from '../state/run-store';
import { useUiStore } from '../state/ui-store';

/** Properties listed per reason before "and N more" (the tooltip lists them all). */
const SHOWN_PER_REASON = 4;

/** The overlay (nothing when closed). */
export function ExplainOverlay() {
  const explain = useUiStore((s) => s.explain);
  const setExplain = useUiStore((s) => s.actions.setExplain);
  const doc = useDocumentStore((s) => s.doc);
  const { runScene, episodes, status } = useRunStore(useShallow((s) => ({ runScene: s.scene, episodes: s.episodes, status: s.status })));
  const clip = usePlaybackStore((s) => s.clip);
  const scene = runScene ?? doc;
  const groups = useMemo(() => (scene ? randomizedInWords(scene) : []), [scene]);
  const reasons = useMemo(() => failureReasons(episodes), [episodes]);
  if (!explain || !scene) {
    return (
      <button type="button" className="explain-toggle" aria-label="Explain" title="Explain what this scene randomizes and why episodes fail" onClick={() => setExplain(true)}>
        ℹ Explain
      </button>
    );
  }
  const failed = clip && !clip.record.success ? clip : null;
  return (
    <aside className="explain" aria-label="Explanation">
      <header>
        <h2>{scene.name}: what changes, and what goes wrong</h2>
        <button type="button" className="dismiss" aria-label="Close the explanation" title="Close" onClick={() => setExplain(false)}>
          ×
        </button>
      </header>
      {failed && (
        <section className="why-episode" data-episode={failed.episodeIndex}>
          <h3>Why episode {failed.episodeIndex} failed: {OUTCOMES[failed.record.outcome].label}</h3>
          <p>{OUTCOMES[failed.record.outcome].explain}</p>
          <p className="detail">{failed.record.detail}</p>
        </section>
      )}
      <section>
        <h3>Why episodes failed</h3>
        {episodes.length === 0 ? (
          <p>No episodes yet: press ▶ Run below. Failed episodes are kept and labelled, so a model also learns what does not work.</p>
        ) : reasons.length === 0 ? (
          <p>All {episodes.length} episodes {status === 'running' ? 'so far ' : ''}succeeded.</p>
        ) : (
          <ul className="reasons failures-explained">
            {reasons.map((r) => (
              <li key={r.outcome} data-outcome={r.outcome}>
                <strong>
                  {r.label} ({r.count} of {episodes.length})
                </strong>
                : {r.explain} <span className="detail">E.g. episode {r.example.episodeIndex}: {r.example.detail}.</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section>
        <h3>Randomized in every episode ({scene.randomization.length} properties)</h3>
        {groups.length === 0 ? (
          <p>Nothing: every episode starts the same, so the data has no variety. Add ranges in the inspector (⚄ next to a property).</p>
        ) : (
          <p className="lead">Each episode draws new values, so a policy trained on the data sees many variations instead of one scene:</p>
        )}
        <ul className="reasons">
          {groups.map((g) => {
            // Under an element's own heading its name is not repeated ("box-a: position x ...").
            const all = g.properties.map((p) => `${p.words.startsWith(`${g.reason} `) ? p.words.slice(g.reason.length + 1) : p.words} ${p.range}`);
            return (
              <li key={g.reason} title={all.join('; ')}>
                <strong>{g.reason}</strong>: {all.slice(0, SHOWN_PER_REASON).join('; ')}
                {all.length > SHOWN_PER_REASON ? `; and ${all.length - SHOWN_PER_REASON} more` : ''}
              </li>
            );
          })}
        </ul>
      </section>
    </aside>
  );
}
