/**
 * The bridge in the Electron window: `window.studio` from the preload
 * returns envelopes; this host checks each against the contract's response
 * schema and turns failures into Errors carrying main's one-line reason.
 */
import { BRIDGE, BRIDGE_METHODS, envelope, type BridgeMethod, type StudioBridge, type WireBridge } from '../../../main/bridge/contract';

/** Wraps the preload's wire bridge as a StudioBridge. */
export function createElectronHost(wire: WireBridge): StudioBridge {
  const call = async (method: BridgeMethod, args: unknown[]): Promise<unknown> => {
    const raw = await wire[method](...args);
    const parsed = envelope(BRIDGE[method].response).safeParse(raw);
    if (!parsed.success) throw new Error(`${method}: main sent a malformed reply (${parsed.error.issues[0]?.message ?? 'invalid'})`);
    if (!parsed.data.ok) throw new Error(parsed.data.error);
    return parsed.data.value;
  };
  return Object.fromEntries(BRIDGE_METHODS.map((m) => [m, (...args: unknown[]) => call(m, args)])) as unknown as StudioBridge;
}
