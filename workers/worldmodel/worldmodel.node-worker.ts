/** Node worker_threads entry of the world-model runner (the CLI, benchmarks and tests); spawn it with workers/pool/node-spawn.ts. */
import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { parentPort } from 'node:worker_threads';
import { createWorldModelService } from './runner';

if (!parentPort) throw new Error('worldmodel.node-worker must run in a worker thread');
expose(createWorldModelService(() => import('onnxruntime-web')), nodeEndpoint(parentPort));
