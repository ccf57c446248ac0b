/** Node worker_threads entry of the rollout service (the CLI's pool). */
import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { parentPort } from 'node:worker_threads';
import { createRolloutService } from './service';

if (!parentPort) throw new Error('rollout.node-worker must run in a worker thread');
expose(createRolloutService(), nodeEndpoint(parentPort));
