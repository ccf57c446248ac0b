/**
 * A Sim2Real report page (renderHtml's self-contained HTML, or a dataset's
 * meta/sim2real.html) in a sandboxed iframe: no scripts, event handlers,
 * forms, popups or navigation (sandbox without allow-scripts), and the
 * app's Content-Security-Policy, which an srcdoc frame inherits (no
 * outside images, fonts, styles or frames).
 *
 * That policy allows no inline styles, so the page's `<style>` elements are
 * taken out and their CSS is given to the frame as a constructed
 * stylesheet (CSSOM, which the policy does not govern). The window can only
 * reach into the frame to do so when the frame keeps the app's origin
 * (allow-same-origin); with scripts off, nothing in the frame can use it.
 * Script elements are taken out too, so that the page never even asks to run one.
 */
import { useMemo, useRef } from 'react';

/** A style or script element: HTML ends its raw text at the first matching end tag. */
const RAW_TEXT = /<(style|script)\b[^>]*>([\s\S]*?)(<\/\1\s*>|$)/gi;

/** The page without its style and script elements, and the CSS of its style elements. */
export function splitReportHtml(html: string): { page: string; css: string } {
  const css: string[] = [];
  const page = html.replace(RAW_TEXT, (_all, tag: string, text: string) => {
    if (tag.toLowerCase() === 'style') css.push(text);
    return '';
  });
  return { page, css: css.join('\n') };
}

/** The frame. */
export function ReportFrame({ html, title }: { html: string; title: string }) {
  const { page, css } = useMemo(() => splitReportHtml(html), [html]);
  const frame = useRef<HTMLIFrameElement>(null);
  const style = (): void => {
    const f = frame.current;
    const win = f?.contentWindow as (Window & typeof globalThis) | null | undefined;
    const doc = f?.contentDocument;
    if (!f || !win || !doc) return;
    const sheet = new win.CSSStyleSheet();
    sheet.replaceSync(css);
    doc.adoptedStyleSheets = [sheet];
    f.dataset['styled'] = 'true';
  };
  return <iframe ref={frame} className="report-frame" title={title} sandbox="allow-same-origin" referrerPolicy="no-referrer" srcDoc={page} onLoad={style} />;
}
