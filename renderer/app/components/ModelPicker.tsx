/**
 * The world-model picker: the bundled model and any model folder the user
 * opened, each with what its check said; the chosen one's manifest (name,
 * kind, licence, provenance) or the reason it was refused.
 */
import { useShallow } from 'zustand/react/shallow';
import { useHost } from '../host';
import { useUiStore } from '../state/ui-store';
import { useWorldModelStore, type ModelEntry } from '../state/worldmodel-store';

const STATUS: Record<ModelEntry['status'], string> = { unchecked: 'not loaded', loading: 'checking…', ready: 'ready', refused: 'refused' };

function ModelCard({ entry }: { entry: ModelEntry }) {
  if (entry.status === 'refused') {
    return (
      <div className="model-card refused" role="alert" data-model={entry.id}>
        <strong>This model was refused.</strong> <span className="model-error">{entry.error}</span>
      </div>
    );
  }
  const m = entry.manifest;
  if (!m) return <div className="model-card" data-model={entry.id}>{entry.status === 'loading' ? 'Checking the model against its manifest…' : 'Choose it to load and check it.'}</div>;
  const p = m.provenance;
  return (
    <dl className="model-card" data-model={entry.id} data-name={m.name}>
      <div><dt>name</dt><dd className="model-name">{m.name}</dd></div>
      <div><dt>kind</dt><dd className="model-kind" title={m.kind === 'transfer' ? 'frames + control maps → frames: what variations use' : 'context frames + actions → future frames: not used for variations'}>{m.kind}</dd></div>
      <div><dt>licence</dt><dd className="model-licence">{m.licence}</dd></div>
      <div><dt>provenance</dt><dd className="model-provenance">
        made by <code>{p.script}</code>
        {p.seed !== undefined ? `, seed ${p.seed}` : ''}
        {p.trainingLog ? <>, log <code>{p.trainingLog}</code></> : null}
        {p.dataCommand ? <span className="data-command" title={p.dataCommand}>; data: <code>{p.dataCommand}</code></span> : null}
      </dd></div>
      <div><dt>size</dt><dd>{(m.sizeBytes / 1e6).toFixed(2)} MB, opset {m.opset}, {m.spatial.min}–{m.spatial.max} px, {entry.threads ?? 1} thread{entry.threads === 1 ? '' : 's'}</dd></div>
      <div className="description"><dt>about</dt><dd>{m.description}</dd></div>
    </dl>
  );
}

/** The picker. */
export function ModelPicker({ disabled }: { disabled: boolean }) {
  const host = useHost();
  const { models, selected } = useWorldModelStore(useShallow((s) => ({ models: s.models, selected: s.selected })));
  const actions = useWorldModelStore((s) => s.actions);
  const alert = useUiStore((s) => s.actions.alert);
  const open = async (): Promise<void> => {
    try {
      const folder = await host.openInputFolder('world-model');
      if (folder) await actions.addFolder(folder);
    } catch (e) {
      alert('error', e instanceof Error ? e.message : String(e));
    }
  };
  const chosen = models.find((m) => m.id === selected);
  return (
    <section className="model-picker" aria-label="World model">
      <div className="model-list" role="radiogroup" aria-label="Model">
        {models.map((m) => (
          <button
            key={m.id}
            type="button"
            role="radio"
            aria-checked={m.id === selected}
            className={`model-option ${m.status}${m.id === selected ? ' active' : ''}`}
            data-status={m.status}
            data-origin={m.origin}
            disabled={disabled}
            title={m.label}
            onClick={() => void actions.select(m.id)}
          >
            <span className="model-title">{m.manifest?.name ?? m.label.split('/').pop()}</span>
            <span className="model-origin">{m.origin === 'bundled' ? `bundled · ${m.label}` : `opened · ${m.label}`}</span>
            <span className={`model-status ${m.status}`}>{STATUS[m.status]}</span>
          </button>
        ))}
        {models.length === 0 && <p className="empty">Looking for the bundled model…</p>}
      </div>
      <button type="button" disabled={disabled} title="Open a folder holding manifest.json and the .onnx model it names" onClick={() => void open()}>
        Open model folder…
      </button>
      {chosen && <ModelCard entry={chosen} />}
    </section>
  );
}
