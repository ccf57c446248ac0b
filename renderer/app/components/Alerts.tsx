/** In-app alerts: errors stay until dismissed, notices fade after a few seconds. */
import { useEffect } from 'react';
import { useUiStore, type Alert } from '../state/ui-store';

const NOTICE_SECONDS = 5;

function AlertItem({ alert }: { alert: Alert }) {
  const dismiss = useUiStore((s) => s.actions.dismiss);
  useEffect(() => {
    if (alert.level !== 'info') return;
    const timer = setTimeout(() => dismiss(alert.id), NOTICE_SECONDS * 1000);
    return () => clearTimeout(timer);
  }, [alert, dismiss]);
  return (
    <div className={`alert ${alert.level}`} role={alert.level === 'error' ? 'alert' : 'status'}>
      <span className="message">{alert.message}</span>
      <button type="button" className="dismiss" title="Dismiss this message" aria-label="Dismiss" onClick={() => dismiss(alert.id)}>
        ×
      </button>
    </div>
  );
}

/** The alert stack over the window. */
export function Alerts() {
  const alerts = useUiStore((s) => s.alerts);
  if (alerts.length === 0) return null;
  return (
    <div className="alerts">
      {alerts.map((a) => (
        <AlertItem key={a.id} alert={a} />
      ))}
    </div>
  );
}
