/**
 * What the frame renderer produces per camera per frame.
 *
 * Images are row-major with row 0 at the top and column 0 at the left.
 * Pixel coordinates are continuous: (0, 0) is the top-left corner of the
 * image, the centre of pixel (column c, row r) is (c + 0.5, r + 0.5).
 * Camera frame (OpenCV): x right, y down, z forward along the optical axis.
 */
import type { CameraChannel } from '../../scenes/schema/sensors';
import type { Vec3 } from '../../workers/physics/math';

/** A tight 2D box of one instance's visible pixels, with how much of it is occluded. */
export interface Box2D {
  instanceId: number;
  classIndex: number;
  /** Body id or robot id. */
  id: string;
  /** Pixel edges: columns x0..x1-1 and rows y0..y1-1 hold the instance (width = x1 - x0). */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Pixels of the instance in the instance mask. */
  visiblePixels: number;
  /** Pixels it covers in the image when rendered alone (same camera, same resolution). */
  unoccludedPixels: number;
  /** visiblePixels / unoccludedPixels: 1 = unoccluded; leaving the image does not lower it. */
  visibleFraction: number;
}

/** The oriented box of one object (body or robot part) from its geometry and pose. */
export interface Box3D {
  /** Body id or robot part id. */
  id: string;
  instanceId: number;
  classIndex: number;
  /** World centre, metres. */
  center: Vec3;
  /** Full extents along the box's own axes, metres. */
  size: Vec3;
  /** World orientation of the box axes [x, y, z, w]. */
  quaternion: [number, number, number, number];
  /**
   * The 8 corners in pixels, [u0, v0, u1, v1, ...]; corner i is at
   * (+-x, +-y, +-z)/2 with + where bit 0, 1, 2 of i is set. NaN behind the camera.
   */
  corners: number[];
  /** Depth of each corner along the optical axis, metres (negative behind the camera). */
  cornerDepths: number[];
}

/** One camera's view of one frame; channels absent from the request are absent here. */
export interface CameraFrame {
  cameraId: string;
  /** Pose-track frame index. */
  frame: number;
  width: number;
  height: number;
  /** K, row-major 3x3, pixels. */
  intrinsics: number[];
  /** World -> camera (OpenCV axes), row-major 4x4, metres. */
  extrinsics: number[];
  /** RGBA8 sRGB, alpha 255, after exposure, blur and noise. */
  rgb?: Uint8Array;
  /** Z-depth along the optical axis, metres; 0 where no geometry is seen (and for dropped readings). */
  depth?: Float32Array;
  /** Instance ids (0 = background). */
  instance?: Uint16Array;
  /** Class indices into `classes` (0 = background). */
  semantic?: Uint16Array;
  boxes2d?: Box2D[];
  boxes3d?: Box3D[];
}

/** Options of one render. */
export interface RenderOptions {
  /** Pose-track frame the scene is posed at; keys the noise streams. */
  frame?: number;
  /** Episode seed (hex); keys the imaging and depth noise streams. */
  seed?: string;
  /** Channels to produce; the camera's own `channels` when absent. */
  channels?: readonly CameraChannel[];
}
