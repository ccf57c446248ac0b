/** The host the app's root was given, for components (React context). */
import { createContext, useContext } from 'react';
import type { StudioBridge } from '../../main/bridge/contract';

/** The injected bridge; the app never asks which platform it runs on. */
export const HostContext = createContext<StudioBridge | null>(null);

/** The bridge of the current root. */
export function useHost(): StudioBridge {
  const host = useContext(HostContext);
  if (!host) throw new Error('useHost: the app was mounted without a host (use mountStudio)');
  return host;
}
