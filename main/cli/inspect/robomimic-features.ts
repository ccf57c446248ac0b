/**
 * The features of a robomimic file, from the datasets of its first demo,
 * named with the studio's layout attribute (`data@studio_layout`) when the
 * file has one.
 */
import { isObject } from './files';
import type { FeatureSummary } from './summary';

/** Dataset paths inside a demo (e.g. "obs/state") to their dtype and frame shape. */
export type DemoShapes = Map<string, { dtype: string; shape: number[] }>;

/** Features in robomimic's order: actions, obs/*, next_obs/*, states, rewards, dones, then any other dataset. */
export function robomimicFeatures(shapes: DemoShapes, layout: unknown): FeatureSummary[] {
  const rank = (name: string) => {
    const order = ['actions', 'obs/', 'next_obs/', 'states', 'rewards', 'dones'];
    const k = order.findIndex((p) => (p.endsWith('/') ? name.startsWith(p) : name === p));
    return k < 0 ? order.length : k;
  };
  const names = [...shapes.keys()].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  return names.map((name) => {
    const { dtype, shape } = shapes.get(name)!;
    return { name, dtype, shape, names: columnNames(name, layout) };
  });
}

/** Column names from the layout: actions, obs/<key> and next_obs/<key>, states. */
function columnNames(dataset: string, layout: unknown): string[] | null {
  if (!isObject(layout)) return null;
  const names = (v: unknown): string[] | null => (isObject(v) && Array.isArray(v.names) ? v.names.map(String) : null);
  if (dataset === 'actions') return names(layout.actions);
  const obs = /^(?:next_)?obs\/(.+)$/.exec(dataset);
  if (obs && isObject(layout.obs)) return names(layout.obs[obs[1]!]);
  if (dataset === 'states' && Array.isArray(layout.states)) {
    const all = layout.states.map(names);
    return all.every((n) => n !== null) ? all.flat() as string[] : null;
  }
  return null;
}
