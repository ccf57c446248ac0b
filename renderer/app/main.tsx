/** Entry of the Electron window: the bridge is the preload's `window.studio`. */
import './zod-config';
import type { WireBridge } from '../../main/bridge/contract';
import { createElectronHost } from './hosts/electron-host';
import { mountStudio } from './root';

const wire = (window as unknown as { studio?: WireBridge }).studio;
if (!wire) throw new Error('the preload did not expose window.studio');
mountStudio(createElectronHost(wire));
