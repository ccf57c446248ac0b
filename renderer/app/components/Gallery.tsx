/**
 * The preset gallery: each card opens its preset in the editor or runs it
 * in one click, and says what the preset randomizes and why.
 */
import { useEffect, useState } from 'react';
import type { PresetInfo } from '../../../scenes/preset-info';
import { openPreset, runPreset } from '../commands';
import { useHost } from '../host';
import { useRunStore } from '../state/run-store';
import { useUiStore } from '../state/ui-store';

/** The gallery view. */
export function Gallery() {
  const host = useHost();
  const [presets, setPresets] = useState<PresetInfo[] | null>(null);
  const episodes = useRunStore((s) => s.settings.episodes);
  const running = useRunStore((s) => s.status === 'running');
  const alert = useUiStore((s) => s.actions.alert);

  useEffect(() => {
    let live = true;
    host.listPresets().then(
      (list) => live && setPresets(list),
      (error: unknown) => {
        if (!live) return;
        setPresets([]);
        alert('error', error instanceof Error ? error.message : String(error));
      },
    );
    return () => {
      live = false;
    };
  }, [host, alert]);

  if (presets === null) return <main className="gallery"><p className="empty">Loading presets…</p></main>;
  return (
    <main className="gallery">
      <div className="gallery-intro">
        <h1>Presets</h1>
        <p>Each preset is a complete task scene. Run one to roll out {episodes} randomized episodes on background workers, or open it in the editor to change it first.</p>
      </div>
      {presets.length === 0 && <p className="empty">No presets were found. Open a scene file with Open… (Ctrl+O).</p>}
      <div className="cards">
        {presets.map((p) => (
          <article key={p.name} className="card" data-preset={p.name}>
            <header>
              <h2>{p.title}</h2>
              <span className={`badge task ${p.task}`}>{p.task}</span>
            </header>
            <p className="description">{p.description}</p>
            <p className="randomized" title="What changes from one episode to the next">
              <strong>{p.randomized}</strong> properties randomized per episode
            </p>
            {p.notes.length > 0 && (
              <ul className="notes">
                {p.notes.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            )}
            <footer>
              <button type="button" title={`Open ${p.title} in the editor`} onClick={() => void openPreset(host, p.name)}>
                Open
              </button>
              <button type="button" className="primary" disabled={running} title={running ? 'A run is in progress' : `Open ${p.title} and run ${episodes} episodes`} onClick={() => void runPreset(host, p.name)}>
                ▶ Run {episodes} episodes
              </button>
            </footer>
          </article>
        ))}
      </div>
    </main>
  );
}
