/** The pieces of the LeRobot format: paths, JSON text, features, and the camera features' metadata. */
import { describe, expect, it } from 'vitest';
import { DataType } from 'apache-arrow';
import { FIRST_FILE, formatPath, nextChunkFile, DEFAULT_DATA_PATH, DEFAULT_EPISODES_PATH, DEFAULT_VIDEO_PATH } from '../../exporters/lerobot/layout';
import { PyFloat, floats, pyJsonDumps } from '../../exporters/lerobot/python-json';
import { featuresFromRecord, hfFeatures, infoFeatures, videoInfoOf, type FeatureSpec, type ImageFeature, type VideoFeature } from '../../exporters/lerobot/features';
import { infoJson, robotTypeOf } from '../../exporters/lerobot/info';
import { episodesMetaBatch, type EpisodeMetaRow } from '../../exporters/lerobot/episodes-meta';
import { computeStats } from '../../exporters/lerobot/stats';
import { TASKS_PANDAS_METADATA } from '../../exporters/lerobot/tasks';
import { DatasetWriteError } from '../../exporters/dataset-writer';
import { episodeRecord, graspSceneDoc } from './builders';

describe('layout', () => {
  it('fills LeRobot path templates with three-digit chunk and file indices', () => {
    expect(DEFAULT_DATA_PATH).toBe('data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet');
    expect(formatPath(DEFAULT_DATA_PATH, { chunkIndex: 2, fileIndex: 17 })).toBe('data/chunk-002/file-017.parquet');
    expect(formatPath(DEFAULT_EPISODES_PATH, FIRST_FILE)).toBe('meta/episodes/chunk-000/file-000.parquet');
    expect(formatPath(DEFAULT_VIDEO_PATH, { chunkIndex: 0, fileIndex: 1234 }, 'observation.images.top')).toBe('videos/observation.images.top/chunk-000/file-1234.mp4');
  });

  it('advances the file index and wraps into a new chunk after chunks_size files', () => {
    expect(nextChunkFile({ chunkIndex: 0, fileIndex: 0 }, 3)).toEqual({ chunkIndex: 0, fileIndex: 1 });
    expect(nextChunkFile({ chunkIndex: 0, fileIndex: 2 }, 3)).toEqual({ chunkIndex: 1, fileIndex: 0 });
  });
});

describe('Python-style JSON', () => {
  it('writes floats with a fractional part and ints without, like json.dumps', () => {
    expect(pyJsonDumps([1, new PyFloat(1), new PyFloat(0.1), new PyFloat(-0), new PyFloat(1e21)])).toBe('[1, 1.0, 0.1, -0.0, 1e+21]');
  });

  it('indents like json.dump(indent=4) and keeps empty containers on one line', () => {
    expect(pyJsonDumps({ a: [1, 2], b: {}, c: [] }, { indent: 4 })).toBe('{\n    "a": [\n        1,\n        2\n    ],\n    "b": {},\n    "c": []\n}');
  });

  it('escapes non-ASCII only when asked (ensure_ascii)', () => {
    expect(pyJsonDumps('grün')).toBe('"grün"');
    expect(pyJsonDumps('grün', { ensureAscii: true })).toBe('"gr\\u00fcn"');
  });

  it('refuses values JSON cannot hold', () => {
    expect(() => pyJsonDumps(floats([NaN]))).toThrow(/NaN/);
    expect(() => pyJsonDumps(0.5)).toThrow(/integer expected/);
  });
});

describe('features', () => {
  const features = featuresFromRecord(episodeRecord(0));

  it('lists the channels first, then next.*, then LeRobot defaults, with names only on channels', () => {
    expect(Object.keys(infoFeatures(features))).toEqual([
      'observation.state', 'action', 'observation.tactile', 'next.reward', 'next.done', 'next.success',
      'timestamp', 'frame_index', 'episode_index', 'index', 'task_index',
    ]);
    expect(infoFeatures(features)['observation.state']).toEqual({ dtype: 'float32', shape: [8], names: ['x', 'y', 'z', 'roll', 'pitch', 'yaw', 'gripper_left', 'gripper_right'] });
    expect(infoFeatures(features)['next.done']).toEqual({ dtype: 'bool', shape: [1], names: null });
    expect(infoFeatures(features)['index']).toEqual({ dtype: 'int64', shape: [1], names: null });
  });

  it('describes the data columns as Hugging Face datasets does: Value for shape (1,), fixed-length List otherwise', () => {
    const text = pyJsonDumps({ info: { features: hfFeatures(features) } }, { ensureAscii: true });
    expect(text.startsWith('{"info": {"features": {"observation.state": {"feature": {"dtype": "float32", "_type": "Value"}, "length": 8, "_type": "List"}, ')).toBe(true);
    expect(text).toContain('"next.done": {"dtype": "bool", "_type": "Value"}');
    expect(text.endsWith('"task_index": {"dtype": "int64", "_type": "Value"}}}}')).toBe(true);
  });

  it('refuses channels named like a derived feature or containing "/"', () => {
    const clash = episodeRecord(0, { frames: 2, channels: { index: { names: ['i'], data: new Float32Array(2) } } });
    expect(() => featuresFromRecord(clash)).toThrow(DatasetWriteError);
    const slash = episodeRecord(0, { frames: 2, channels: { 'observation/state': { names: ['x'], data: new Float32Array(2) } } });
    expect(() => featuresFromRecord(slash)).toThrow(/must not contain "\/"/);
  });
});

describe('camera features', () => {
  const camera: VideoFeature = {
    kind: 'video',
    key: 'observation.images.front',
    shape: [240, 320, 3],
    info: { 'video.height': 240, 'video.width': 320, 'video.codec': 'av1', 'video.pix_fmt': 'yuv420p', 'video.fps': 30, 'video.channels': 3, has_audio: false, is_depth_map: false },
  };
  const depth: ImageFeature = { kind: 'image', key: 'observation.images.front_depth', shape: [240, 320, 1], info: { is_depth_map: true, depth_unit: 'mm' } };
  const withCameras: FeatureSpec[] = featuresFromRecord(episodeRecord(0), [camera, depth]);

  it('come after the channels and before the derived features', () => {
    expect(withCameras.map((f) => f.key)).toEqual([
      'observation.state', 'action', 'observation.tactile', 'observation.images.front', 'observation.images.front_depth',
      'next.reward', 'next.done', 'next.success', 'timestamp', 'frame_index', 'episode_index', 'index', 'task_index',
    ]);
  });

  it('give info.json a video feature with its info block (the plain is_depth_map key, last) and a video_path template', () => {
    const info = JSON.parse(infoJson({ fps: 30, features: withCameras, totalEpisodes: 1, totalFrames: 10, totalTasks: 1, chunksSize: 1000, dataFilesSizeInMb: 100, videoFilesSizeInMb: 200, robotType: 'parallel-gripper' }));
    expect(info.video_path).toBe('videos/{video_key}/chunk-{chunk_index:03d}/file-{file_index:03d}.mp4');
    expect(info.features['observation.images.front']).toEqual({ dtype: 'video', shape: [240, 320, 3], names: ['height', 'width', 'channels'], info: camera.info });
    expect(Object.keys(info.features['observation.images.front'].info)).toEqual([
      'video.height', 'video.width', 'video.codec', 'video.pix_fmt', 'video.fps', 'video.channels', 'has_audio', 'is_depth_map',
    ]);
    expect(info.features['observation.images.front_depth']).toEqual({
      dtype: 'image', shape: [240, 320, 1], names: ['height', 'width', 'channels'], info: { is_depth_map: true, depth_unit: 'mm' },
    });
  });

  it('turn the video info exporters/video describes into LeRobot 0.6 keys', () => {
    const info = videoInfoOf({
      'video.height': 240, 'video.width': 320, 'video.codec': 'av1', 'video.pix_fmt': 'yuv420p', 'video.is_depth_map': false,
      'video.fps': 30, 'video.channels': 3, has_audio: false,
    });
    expect(info).toEqual(camera.info);
    expect(Object.keys(info)).toEqual(Object.keys(camera.info));
  });

  it('describe the depth column as a Hugging Face Image and leave the video out of the data columns', () => {
    const hf = hfFeatures(withCameras);
    expect(hf['observation.images.front_depth']).toEqual({ _type: 'Image' });
    expect('observation.images.front' in hf).toBe(false);
    expect(Object.keys(hf).indexOf('observation.images.front_depth')).toBe(3);
  });

  it('give the episodes metadata videos/{key}/chunk_index, file_index, from_timestamp, to_timestamp columns and [3, 1, 1] image statistics', () => {
    const record = episodeRecord(0, { frames: 10 });
    const stats = new Map(withCameras.map((f) => {
      const dims = f.kind === 'data' ? f.dims : f.shape[2];
      return [f.key, computeStats(Float32Array.from({ length: 10 * dims }, (_, i) => i % dims), 10, dims)] as const;
    }));
    const row: EpisodeMetaRow = {
      episodeIndex: 0, tasks: ['pick up the red mug'], length: record.frames, data: FIRST_FILE, datasetFromIndex: 0, datasetToIndex: 10,
      videos: new Map([[camera.key, { at: { chunkIndex: 0, fileIndex: 3 }, fromTimestamp: 12.5, toTimestamp: 12.5 + 10 / 30 }]]),
      stats, meta: FIRST_FILE,
    };
    const batch = episodesMetaBatch(withCameras, [row]);
    const names = batch.schema.fields.map((f) => f.name);
    const at = names.indexOf('videos/observation.images.front/chunk_index');
    expect(names.slice(at, at + 4)).toEqual([
      'videos/observation.images.front/chunk_index', 'videos/observation.images.front/file_index',
      'videos/observation.images.front/from_timestamp', 'videos/observation.images.front/to_timestamp',
    ]);
    expect(names[at - 1]).toBe('dataset_to_index');
    expect(names[at + 4]).toBe('stats/observation.state/min');
    expect(names.filter((n) => n.startsWith('videos/'))).toHaveLength(4);
    expect(DataType.isFloat(batch.schema.fields[at + 2]!.type)).toBe(true);
    expect(batch.getChild('videos/observation.images.front/file_index')!.get(0)).toBe(3n);
    expect(String(batch.schema.fields[names.indexOf('stats/observation.images.front/mean')]!.type)).toBe('List<List<List<Float64>>>');
    expect(String(batch.schema.fields[names.indexOf('stats/observation.images.front/count')]!.type)).toBe('List<Int64>');
    expect(batch.getChild('stats/observation.images.front/max')!.get(0)!.toJSON().map((m: { toJSON(): { toJSON(): number[] }[] }) => m.toJSON().map((v) => [...v.toJSON()]))).toEqual([[[0]], [[1]], [[2]]]);
    expect(batch.getChild('stats/observation.images.front_depth/max')!.get(0)!.length).toBe(1);
  });
});

describe('metadata for other readers', () => {
  it('names the robot type of the task robot', () => {
    expect(robotTypeOf(graspSceneDoc())).toBe('parallel-gripper');
  });

  it('stores the tasks table with the pandas metadata pyarrow writes for a DataFrame indexed by task', () => {
    const meta = JSON.parse(TASKS_PANDAS_METADATA);
    expect(meta.index_columns).toEqual(['task']);
    expect(meta.columns.map((c: { name: string; pandas_type: string }) => [c.name, c.pandas_type])).toEqual([['task_index', 'int64'], ['task', 'unicode']]);
    expect(TASKS_PANDAS_METADATA.startsWith('{"index_columns": ["task"], "column_indexes": [{"name": null, ')).toBe(true);
  });
});
