/**
 * The `info` block LeRobot records for a video feature in `meta/info.json`,
 * with the keys and values its `get_video_info` reads from the file (PyAV /
 * ffprobe): codec name, pixel format, integer fps, channels, no audio.
 */
import type { EncodedEpisodeVideo } from './encoded-video';

/** LeRobot's video info, keys in the order its `get_video_info` writes them. */
export interface LeRobotVideoInfo {
  'video.height': number;
  'video.width': number;
  /** The decoder's name: "av1" or "h264". */
  'video.codec': string;
  /** As the decoder reports it: "yuv420p" (AV1), "yuvj420p" (full-range H.264). */
  'video.pix_fmt': string;
  'video.is_depth_map': boolean;
  /** Frames per second (LeRobot stores `int(stream.base_rate)`). */
  'video.fps': number;
  'video.channels': number;
  has_audio: boolean;
}

/**
 * The pixel format FFmpeg reports for the stream: its H.264 decoder names
 * full-range 4:2:0 "yuvj420p"; its AV1 decoders say "yuv420p" whatever the range.
 */
export function pixelFormat(video: Pick<EncodedEpisodeVideo, 'codecName' | 'colorSpace'>): string {
  return video.codecName === 'h264' && video.colorSpace?.fullRange ? 'yuvj420p' : 'yuv420p';
}

/** The video feature's info for an MP4 of these episodes (all encoded with the same settings). */
export function videoFeatureInfo(
  video: Pick<EncodedEpisodeVideo, 'codecName' | 'colorSpace' | 'width' | 'height' | 'fps'>,
): LeRobotVideoInfo {
  return {
    'video.height': video.height,
    'video.width': video.width,
    'video.codec': video.codecName,
    'video.pix_fmt': pixelFormat(video),
    'video.is_depth_map': false,
    'video.fps': video.fps,
    'video.channels': 3,
    has_audio: false,
  };
}
