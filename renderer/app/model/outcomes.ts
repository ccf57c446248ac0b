/** Episode outcomes in words: a short label for charts and lists, and what it means for someone new to robot learning. */
import type { Outcome } from '../../../exporters/episode';

/** Label and plain-words explanation of one outcome. */
export interface OutcomeText {
  label: string;
  explain: string;
}

/** Every outcome the engines report. */
export const OUTCOMES: Readonly<Record<Outcome, OutcomeText>> = {
  success: { label: 'success', explain: 'The task was done: the object stayed in the gripper through the lift, hold and shake, or the robot reached the goal.' },
  no_contact: { label: 'no contact', explain: 'The fingers closed without both touching the object: the grasp pose missed it, or something else was in the way.' },
  collision_on_approach: { label: 'collision on approach', explain: 'The gripper hit something on its way to the grasp pose — often a neighbouring object or the table.' },
  slipped_during_lift: { label: 'slipped during lift', explain: 'The object slid out of the fingers while being lifted: the grip force or the friction was too low for its mass.' },
  dropped_during_shake: { label: 'dropped during shake', explain: 'The grasp held the lift but not the shake test: it was marginal, so it is labelled a failure.' },
  no_candidate: { label: 'no grasp candidate', explain: 'No grasp pose fitted this object (too wide for the opening, or not reachable from the allowed directions); nothing was tried.' },
  timeout: { label: 'timed out', explain: 'The robot had a path but did not reach the goal in time — blocked by an obstacle, or too slow.' },
  no_path: { label: 'no path', explain: 'The planner found no collision-free way to the goal: a doorway or aisle was blocked by the randomized layout.' },
  error: { label: 'error', explain: 'The simulation itself failed for this episode (even after one retry); the detail says why.' },
};

/** The label of an outcome (its raw name when unknown). */
export function outcomeLabel(outcome: string): string {
  return OUTCOMES[outcome as Outcome]?.label ?? outcome;
}
