/** The labeled frame renderer. */
export { FrameRenderer, flipRows, type FrameRendererOptions } from './frame-renderer';
export { renderEpisodeFrames, episodeBuffers, trackFrames, type RenderedEpisode, type RenderEpisodeOptions } from './episode';
export { createRenderService, type RenderService, type ServiceRenderOptions } from './service';
export { applyImaging, applyDepthNoise, exposureTable, gaussianKernel, type Imaging } from './imaging';
export { maskStats, boxes3d, boxCorners, coverRect, disjointGroups, type MaskStats, type Rect } from './boxes';
export type { Box2D, Box3D, CameraFrame, RenderOptions } from './types';
