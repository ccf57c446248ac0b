/**
 * Rendered media of one episode, as the frame renderer hands it to the
 * dataset writers: per camera, the encoded RGB video, lossless depth frames
 * and per-frame labels. Plain data (typed arrays transfer between threads).
 *
 * Pixel conventions: row 0 at the top; pixel (c, r) has its centre at
 * (c + 0.5, r + 0.5). Camera frame (OpenCV): x right, y down, z forward.
 */
import type { EncodedEpisodeVideo } from './video/encoded-video';

type Vec3 = [number, number, number];

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

/** Run-length encoding of a binary mask in COCO's column-major order: counts alternate 0s and 1s, starting with 0s. */
export interface MaskRle {
  /** [height, width]. */
  size: [number, number];
  counts: number[];
}

/** Labels of one camera frame. */
export interface FrameLabels {
  /** World -> camera (OpenCV axes), row-major 4x4, metres (changes per frame for attached cameras). */
  extrinsics: number[];
  boxes2d: Box2D[];
  boxes3d: Box3D[];
  /** One mask per visible instance, when instance segmentation was requested. */
  masks?: { instanceId: number; rle: MaskRle }[];
}

/** Counts of 8-bit values per colour channel over some frames of an episode. */
export interface RgbHistogram {
  /** Frames counted (LeRobot's `count` of an image feature: the frames it sampled). */
  frames: number;
  /** 3 x 256 counts: `counts[c * 256 + v]` pixels whose channel c (0 red, 1 green, 2 blue) has value v. */
  counts: Float64Array;
}

/** Scores of a variation over one episode (workers/worldmodel/scores.ts), each in [0, 1]. */
export interface VariationScores {
  /** Edge F1 within 1 pixel of the variation's frames against the instance boundaries. */
  labelPreservation: number;
  /** Correlation of the variation's frame-to-frame change with the source's. */
  temporalConsistency: number;
  /** Label preservation of the source camera's own frames (the renderer's ceiling). */
  sourceLabelPreservation: number;
}

/** Where a world-model variation of a camera stream came from. */
export interface VariationProvenance {
  /** The camera it is a variation of. */
  of: string;
  /** Its index k among the job's variations (0-based). */
  index: number;
  /** The model: its manifest name and the sha256 of its ONNX file. */
  model: { name: string; sha256: string };
  /** The reference it is conditioned on: a file name (no folders) and the frame indices used. */
  reference: { file: string; frames: number[] };
  /** Seed of the variations' noise streams (the job seed). */
  seed: number;
}

/** The camera id of variation k of camera `cameraId`: `<cameraId>_var<k>`. */
export function variationCameraId(cameraId: string, k: number): string {
  return `${cameraId}_var${k}`;
}

/** One camera's media for a whole episode. */
export interface CameraMedia {
  cameraId: string;
  width: number;
  height: number;
  fps: number;
  /** K, row-major 3x3, pixels. */
  intrinsics: number[];
  /** RGB frames encoded as one video episode (absent without the rgb channel). */
  video?: EncodedEpisodeVideo;
  /** RGB frames as PNG (only when a format needs image files, e.g. COCO). */
  rgbPng?: Uint8Array[];
  /** Depth frames as 16-bit greyscale PNG of millimetres, 0 = no reading (exporters/video/depth.ts). */
  depthPng?: Uint8Array[];
  /**
   * Pixel-value histograms of the raw RGB frames (before encoding), for the
   * image statistics LeRobot keeps of every camera feature: built with
   * `RgbHistogramBuilder` (exporters/lerobot/image-stats.ts), which samples
   * frames and pixels as LeRobot's `compute_episode_stats` does. The LeRobot
   * writer needs it whenever `video` is present (an encoded video cannot give
   * back the exact pixels); other formats ignore it.
   */
  rgbHistogram?: RgbHistogram;
  /** Per frame. */
  labels: FrameLabels[];
  /**
   * Set when this stream is a world-model variation of camera `variation.of`
   * (its id is `<of>_var<k>`): RGB video and histogram only, the source's
   * labels unchanged, and this episode's scores.
   */
  variation?: VariationProvenance & { scores: VariationScores };
}

/** Everything rendered for one episode. */
export interface RenderedMedia {
  episodeIndex: number;
  frames: number;
  /** Semantic class names; index 0 is "background". */
  classes: string[];
  /** Every instance of the scene: id (body or robot id), class index. */
  instances: { instanceId: number; id: string; classIndex: number }[];
  cameras: CameraMedia[];
}
