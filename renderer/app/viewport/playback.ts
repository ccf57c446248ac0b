/**
 * A replay in the viewport: the episode's own (resolved) scene posed from
 * its pose track frame by frame, with the robot's and the target's paths
 * as lines, and the fingertip contacts of the current frame as points with
 * force arrows (length proportional to the force). It never touches the
 * document: the viewport shows it instead of the document while it exists.
 */
import { ArrowHelper, BufferAttribute, BufferGeometry, Color, Group, Line, LineBasicMaterial, Mesh, MeshBasicMaterial, SphereGeometry, Vector3 } from 'three';
import type { PoseTrack } from '../../../exporters/episode';
import type { SceneDoc } from '../../../scenes/schema/scene';
import type { MeshLibrary } from '../../../workers/physics/mesh';
import { SceneView } from '../../scene3d';
import type { EpisodeMarks } from '../model/episode-marks';

/** Longest force arrow, metres (drawn for the episode's largest force). */
const ARROW_MAX = 0.08;
/** Shortest arrow, metres, so a light touch still shows. */
const ARROW_MIN = 0.02;
const ROBOT_PATH = new Color('#1f6feb');
const TARGET_PATH = new Color('#e8590c');
const CONTACT = new Color('#ffd43b');
const FORCE = new Color('#e03131');

function pathLine(points: Float32Array, color: Color): Line {
  const geometry = new BufferGeometry();
  geometry.setAttribute('position', new BufferAttribute(points, 3));
  const line = new Line(geometry, new LineBasicMaterial({ color, depthTest: false, transparent: true, opacity: 0.9 }));
  line.renderOrder = 10;
  return line;
}

/** One replayed episode: its SceneView and the marks drawn over it. */
export class Playback {
  readonly view: SceneView;
  /** Lines, contact points and arrows (drawn over the scene). */
  readonly marksGroup = new Group();
  private readonly contactsGroup = new Group();
  private readonly dotGeometry = new SphereGeometry(0.006, 12, 8);
  private readonly dotMaterial = new MeshBasicMaterial({ color: CONTACT, depthTest: false });
  private frame = -1;

  constructor(
    scene: SceneDoc,
    meshes: MeshLibrary,
    private readonly poses: PoseTrack | null,
    private readonly marks: EpisodeMarks | null,
  ) {
    this.view = new SceneView(scene, meshes);
    if (marks && marks.robotPath.length >= 6) this.marksGroup.add(pathLine(marks.robotPath, ROBOT_PATH));
    if (marks?.targetPath && marks.targetPath.length >= 6) this.marksGroup.add(pathLine(marks.targetPath, TARGET_PATH));
    this.marksGroup.add(this.contactsGroup);
  }

  /** Frames in the replay (0 when the episode recorded none). */
  get frames(): number {
    if (!this.poses) return 0;
    const stride = this.poses.ids.length * 7;
    return stride === 0 ? 0 : this.poses.data.length / stride;
  }

  /** Poses the scene as in `frame` (clamped to the track) and shows that frame's contacts. */
  setFrame(frame: number): void {
    const frames = this.frames;
    if (frames === 0) return;
    const f = Math.min(frames - 1, Math.max(0, Math.round(frame)));
    if (f === this.frame) return;
    this.frame = f;
    this.view.applyPoses(this.poses as PoseTrack, f);
    this.showContacts(f);
  }

  private showContacts(frame: number): void {
    for (const child of [...this.contactsGroup.children]) {
      this.contactsGroup.remove(child);
      if (child instanceof ArrowHelper) child.dispose();
    }
    const marks = this.marks;
    if (!marks) return;
    for (const contact of marks.contacts[frame] ?? []) {
      const dot = new Mesh(this.dotGeometry, this.dotMaterial);
      dot.position.set(...contact.point);
      dot.renderOrder = 11;
      const length = ARROW_MIN + (ARROW_MAX - ARROW_MIN) * (marks.maxForce > 0 ? contact.force / marks.maxForce : 0);
      // The arrow ends at the contact point, pushing the way the finger pushes the object.
      const direction = new Vector3(...contact.direction);
      const tail = new Vector3(...contact.point).addScaledVector(direction, -length);
      const arrow = new ArrowHelper(direction, tail, length, FORCE, 0.3 * length, 0.15 * length);
      arrow.renderOrder = 12;
      for (const part of [arrow.line, arrow.cone]) (part.material as LineBasicMaterial).depthTest = false;
      this.contactsGroup.add(dot, arrow);
    }
  }

  /** Frees the scene and the marks. */
  dispose(): void {
    this.showContacts(-1);
    this.view.dispose();
    this.marksGroup.traverse((o) => {
      if (o instanceof Line) {
        o.geometry.dispose();
        (o.material as LineBasicMaterial).dispose();
      }
    });
    this.dotGeometry.dispose();
    this.dotMaterial.dispose();
  }
}
