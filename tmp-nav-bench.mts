import { readFileSync } from 'node:fs';
import { loadSceneText } from './scenes/load';
import { sample } from './scenes/sample';
import { buildWorld } from './workers/physics/world';
import { loadRapier } from './workers/physics/rapier';
const R = await loadRapier();
const r = loadSceneText(readFileSync('scenes/presets/warehouse-nav.json','utf8'), 'w');
if (!r.ok) throw new Error('load');
const spec = sample(r.scene, 1, 0);
function run(mode: string, N: number) {
  const bw = buildWorld(R, spec.scene, {});
  const w = bw.world;
  let body, col, kcc: any;
  if (mode === 'kcc' || mode === 'kcc-nostep') {
    body = w.createRigidBody(R.RigidBodyDesc.kinematicPositionBased().setTranslation(-6, 0, 0.16));
    col = w.createCollider(R.ColliderDesc.cylinder(0.15, 0.25).setRotation({x:Math.SQRT1_2,y:0,z:0,w:Math.SQRT1_2}), body);
    kcc = w.createCharacterController(0.01);
    kcc.setUp({x:0,y:0,z:1}); kcc.setSlideEnabled(true);
  } else {
    body = w.createRigidBody(R.RigidBodyDesc.dynamic().setTranslation(-6, 0, 0.16).setGravityScale(0).lockRotations().enabledTranslations(true,true,false));
    col = w.createCollider(R.ColliderDesc.cylinder(0.15, 0.25).setRotation({x:Math.SQRT1_2,y:0,z:0,w:Math.SQRT1_2}).setMass(15).setFriction(0).setActiveEvents(R.ActiveEvents.COLLISION_EVENTS), body);
  }
  const q = new R.EventQueue(true);
  w.step(q);
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    const vx = Math.cos(i*0.001), vy = Math.sin(i*0.001);
    if (mode.startsWith('kcc')) {
      kcc.computeColliderMovement(col, {x: vx/240, y: vy/240, z: 0});
      const m = kcc.computedMovement();
      const p = body.translation();
      body.setNextKinematicTranslation({x:p.x+m.x,y:p.y+m.y,z:p.z});
      if (mode === 'kcc') w.step(q); else { body.setTranslation({x:p.x+m.x,y:p.y+m.y,z:p.z}, false); w.propagateModifiedBodyPositionsToColliders(); }
    } else {
      body.setLinvel({x:vx,y:vy,z:0}, true);
      w.step(q);
    }
  }
  const dt = performance.now() - t0;
  const p = body.translation();
  console.log(mode, (N/dt*1000).toFixed(0), 'steps/s', p.x.toFixed(2), p.y.toFixed(2));
  // rays
  const t1 = performance.now();
  const ray = new R.Ray({x:0,y:0,z:0.25},{x:1,y:0,z:0});
  let s = 0;
  const M = 100000;
  for (let i = 0; i < M; i++) {
    const a = i*0.01; ray.origin = {x:-6,y:0,z:0.25}; ray.dir = {x:Math.cos(a), y:Math.sin(a), z:0};
    const h = w.castRay(ray, 10, true, undefined, undefined, col);
    if (h) s += h.timeOfImpact;
  }
  console.log('rays/s', (M/(performance.now()-t1)*1000).toFixed(0), s);
  w.free();
}
for (let k = 0; k < 2; k++) { run('kcc', 20000); run('kcc-nostep', 20000); run('dyn', 20000); }
