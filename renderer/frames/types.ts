/**
 * What the frame renderer produces per camera per frame.
 *
 * Images are row-major with row 0 at the top and column 0 at the left.
 * Pixel coordinates are continuous: (0, 0) is the top-left corner of the
 * image, the centre of pixel (column c, row r) is (c + 0.5, r + 0.5).
 * Camera frame (OpenCV): x right, y down, z forward along the optical axis.
 */
import type { CameraChannel } from '../../scenes/schema/sensors';
import type { Box2D, Box3D } from '../../exporters/media';

export type { Box2D, Box3D };

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
