/**
 * Speed of the navigation engine on one core: whole episodes of the two
 * navigation presets (episodes/s, physics steps/s, recorded frames/s), the
 * drive base alone (physics steps/s) and the sensors alone (rays/s).
 * V8 and the wasm module are warmed up first.
 *
 *   npx tsx tests/nav/bench.ts [episodes per preset, default 40]
 */
import { buildNavGrid, cellX, cellY, DepthCamera, DriveBase, GROUND_CLEARANCE, Lidar, runNavigationEpisode } from '../../workers/nav';
import { buildWorld } from '../../workers/physics/world';
import { loadNavPreset, presetSpec, rapier } from './builders';

const episodes = Number(process.argv[2] ?? 40);
const R = await rapier();
const seconds = (t0: number): number => (performance.now() - t0) / 1000;

for (const preset of ['warehouse-nav', 'apartment-nav'] as const) {
  const scene = loadNavPreset(preset);
  const specs = Array.from({ length: episodes }, (_, i) => presetSpec(scene, 1, i));
  for (let i = 0; i < 5; i++) runNavigationEpisode(R, presetSpec(scene, 2, i), {});
  let steps = 0;
  let frames = 0;
  let successes = 0;
  const t0 = performance.now();
  for (const spec of specs) {
    const record = runNavigationEpisode(R, spec, {});
    frames += record.frames;
    steps += Math.floor(((record.frames - 1) * spec.scene.physics.stepHz) / record.fps);
    if (record.success) successes++;
  }
  const t = seconds(t0);
  console.log(
    `${preset}: ${episodes} episodes in ${t.toFixed(1)} s = ${(episodes / t).toFixed(2)} episodes/s, ` +
      `${(steps / t).toFixed(0)} physics steps/s (${scene.physics.stepHz} Hz), ${(frames / t).toFixed(0)} frames/s, ` +
      `${((steps / scene.physics.stepHz) / t).toFixed(0)}x real time, success ${successes}/${episodes}`,
  );

  const spec = specs[0]!;
  const robot = spec.scene.robots[0]!;
  if (robot.type !== 'diff-drive') throw new Error('needs a diff-drive robot');
  // The drive base alone, circling (radius 0.25 m) around the most open cell of the map.
  const grid = buildNavGrid(spec.scene, { lo: GROUND_CLEARANCE, hi: robot.height }, {}, 0.1, [], 2);
  let open = 0;
  for (let i = 0; i < grid.clearance.length; i++) if (grid.clearance[i]! > grid.clearance[open]!) open = i;
  const placed = { ...robot, pose: { position: [cellX(grid, open), cellY(grid, open) - 0.25, 0] as [number, number, number], rotation: [0, 0, 0] as [number, number, number] } };
  const built = buildWorld(R, spec.scene, {});
  const base = new DriveBase(R, built, placed);
  try {
    const drive = (n: number): void => {
      for (let s = 0; s < n; s++) base.step(0.5, 2, built.dt);
    };
    drive(20000);
    const t1 = performance.now();
    drive(100000);
    console.log(`  drive base alone (free space): ${(100000 / seconds(t1)).toFixed(0)} physics steps/s, ${base.collisions} collisions`);
    const lidar = new Lidar(R, built.world, robot.lidar, base.body, spec.seed);
    const scan = new Float32Array(robot.lidar.rays);
    for (let k = 0; k < 200; k++) lidar.scan(base.pose, base.floorZ, scan);
    const t2 = performance.now();
    for (let k = 0; k < 1000; k++) lidar.scan(base.pose, base.floorZ, scan);
    console.log(`  lidar: ${((1000 * robot.lidar.rays) / seconds(t2)).toFixed(0)} rays/s`);
    if (robot.depth) {
      const camera = new DepthCamera(R, built.world, robot.depth, base.body, spec.seed);
      const image = new Float32Array(robot.depth.width * robot.depth.height);
      for (let k = 0; k < 50; k++) camera.render(base.pose, base.floorZ, image);
      const t3 = performance.now();
      for (let k = 0; k < 300; k++) camera.render(base.pose, base.floorZ, image);
      const t = seconds(t3);
      console.log(`  depth ${robot.depth.width}x${robot.depth.height}: ${(300 / t).toFixed(0)} images/s, ${((300 * image.length) / t).toFixed(0)} rays/s`);
    }
  } finally {
    base.free();
    built.world.free();
  }
}
