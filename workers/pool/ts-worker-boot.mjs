// Loads a TypeScript worker module through tsx (development and tests only).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
