/** The selectable elements of a scene (bodies, robots, lights, cameras) and how the app names them. */
import type { SceneDoc } from '../../../scenes/schema/scene';

/** The document arrays whose elements the tree lists. */
export type ElementGroup = 'bodies' | 'robots' | 'lights' | 'cameras';

/** The groups in tree order, with their headings. */
export const GROUPS: readonly { group: ElementGroup; title: string; empty: string }[] = [
  { group: 'bodies', title: 'Bodies', empty: 'No bodies yet.' },
  { group: 'robots', title: 'Robots', empty: 'No robots.' },
  { group: 'lights', title: 'Lights', empty: 'No lights: a default sun and sky light the scene.' },
  { group: 'cameras', title: 'Cameras', empty: 'No cameras: episodes record no images.' },
];

/** One element found by id. */
export interface ElementRef {
  group: ElementGroup;
  index: number;
  value: Record<string, unknown> & { id: string };
}

/** Finds the element with `id` (ids are unique across all groups). */
export function findElement(doc: SceneDoc, id: string): ElementRef | undefined {
  for (const { group } of GROUPS) {
    const items = doc[group] as unknown as (Record<string, unknown> & { id: string })[];
    const index = items.findIndex((e) => e.id === id);
    if (index >= 0) return { group, index, value: items[index] as ElementRef['value'] };
  }
  return undefined;
}

/** A short description for the tree: "dynamic cylinder", "parallel-gripper", "directional light". */
export function elementKind(group: ElementGroup, value: Record<string, unknown>): string {
  switch (group) {
    case 'bodies': {
      const shape = (value['shape'] as { type: string }).type;
      return `${String(value['kind'])} ${shape}${value['enabled'] === false ? ' (disabled)' : ''}`;
    }
    case 'robots':
      return String(value['type']);
    case 'lights':
      return `${String(value['type'])} light${value['enabled'] === false ? ' (disabled)' : ''}`;
    case 'cameras':
      return value['attachTo'] ? `camera on ${String(value['attachTo'])}` : 'fixed camera';
  }
}

/** "contactNaturalFrequency" -> "contact natural frequency"; a unit suffix ("fovYDeg", "stepHz", "temperatureK") is dropped, the unit is shown apart. */
export function humanize(key: string): string {
  return key.replace(/(?<=[A-Za-z])(Deg|Hz|K)$/, '').replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}
