import { readFileSync } from 'node:fs';
import { loadSceneValue } from '../scenes/load';
import { sample } from '../scenes/sample';
const base = JSON.parse(readFileSync('scenes/presets/tabletop-grasp.json','utf8'));
base.randomization.unshift({ path: '/bodies/table/id', dist: { type: 'choice', values: ['table', 'desk'] } });
const r = loadSceneValue(base, 't.json'); console.log(r.ok ? 'accepted' : r.problem);
if (r.ok) { for (let i = 0; i < 10; i++) { try { sample(r.scene, 1, i); console.log(i, 'ok'); } catch (e) { console.log(i, 'THROW', String(e)); } } }
for (const d of [10, 100, 1000, 3000, 5000, 10000]) { const v: unknown[] = []; let x: unknown = v; for (let k = 0; k < d; k++) { const nx: unknown[] = []; (x as unknown[]).push(nx); x = nx; } try { JSON.stringify(v); console.log(d, 'ok') } catch { console.log(d, 'stringify throws'); } }
