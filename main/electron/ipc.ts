/**
 * The bridge's IPC in main: one `ipcMain.handle` per method. Each call is
 * refused unless it comes from the app's own page and its arguments pass
 * the method's request schema; only then does the handler act. Results
 * travel as envelopes, so an expected failure reaches the renderer as one
 * line. Imports only electron's types, so it runs in tests without Electron.
 */
import type { IpcMainInvokeEvent } from 'electron';
import type { z } from 'zod';
import { BRIDGE, BRIDGE_METHODS, bridgeChannel, type BridgeMethod, type Envelope } from '../bridge/contract';

/** Handlers receive validated arguments. */
export type BridgeHandlers = {
  [K in BridgeMethod]: (...args: z.output<(typeof BRIDGE)[K]['request']>) => Promise<z.input<(typeof BRIDGE)[K]['response']>>;
};

/** The part of ipcMain the bridge uses. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: Pick<IpcMainInvokeEvent, 'senderFrame'>, ...args: unknown[]) => Promise<unknown>): void;
}

/** Validates `args` for `method`, runs its handler and wraps the outcome. Never throws. */
export async function dispatch(handlers: BridgeHandlers, method: BridgeMethod, args: unknown[]): Promise<Envelope<unknown>> {
  const spec = BRIDGE[method];
  const parsed = spec.request.safeParse(args);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` argument ${issue.path.join('.')}` : '';
    return { ok: false, error: `${method}: refused an invalid request:${where} ${issue?.message ?? 'invalid'}` };
  }
  try {
    const handler = handlers[method] as (...a: unknown[]) => Promise<unknown>;
    const value = await handler(...(parsed.data as unknown[]));
    const checked = spec.response.safeParse(value);
    if (!checked.success) return { ok: false, error: `${method}: main produced an invalid response (${checked.error.issues[0]?.message ?? 'invalid'})` };
    return { ok: true, value: checked.data };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: `${method}: ${message.split('\n')[0]}` };
  }
}

/** Registers every bridge method on `ipc`; calls from a frame whose URL `isTrusted` rejects are refused. */
export function registerBridge(ipc: IpcMainLike, handlers: BridgeHandlers, isTrusted: (url: string) => boolean): void {
  for (const method of BRIDGE_METHODS) {
    ipc.handle(bridgeChannel(method), async (event, ...args) => {
      const url = event.senderFrame?.url ?? '';
      if (!isTrusted(url)) return { ok: false, error: `${method}: refused a call from an untrusted page (${url || 'unknown'})` };
      return dispatch(handlers, method, args);
    });
  }
}
