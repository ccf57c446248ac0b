/**
 * The app's Content-Security-Policy, declared once: main sends it as a
 * header with every page and worker it serves, and the renderer build puts
 * it in a meta tag. Scripts and workers come only from the app itself;
 * WebAssembly (Rapier, parquet-wasm) may compile ('wasm-unsafe-eval'), but
 * strings may never run as code ('unsafe-eval' is absent).
 */

/** The policy as a header value. `dev` allows the vite dev server's inline styles and its websocket. */
export function contentSecurityPolicy(options: { dev?: boolean } = {}): string {
  const dev = options.dev === true;
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "worker-src 'self' blob:",
    `style-src 'self'${dev ? " 'unsafe-inline'" : ''}`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self' blob: data:${dev ? ' ws: http://localhost:*' : ''}`,
    "media-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-src 'none'",
  ].join('; ');
}
