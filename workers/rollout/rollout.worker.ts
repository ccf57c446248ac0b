/** Web Worker entry of the rollout service (the window's pool). */
import { expose } from 'comlink';
import { createRolloutService } from './service';

expose(createRolloutService());
