/** The three.js scene of a SceneDoc, shared by the editor viewport and the frame renderer. */
export { SceneView, BACKGROUND_COLOR, itemBoxCenter, type SceneItem, type SceneViewOptions } from './scene-view';
export { cameraAxes, cameraModel, extrinsicsMatrix, intrinsicsMatrix, projectPoint, worldToCamera, type CameraModel, type RigidPose } from './camera-model';
export { labelTables, classLookup, type InstanceInfo, type LabelTables } from './labels';
export { kelvinToLinearRgb } from './kelvin';
export { lightColor } from './lights';
export { proceduralTexels, proceduralTexture, TEXTURE_SIZE, type TextureImage, type TextureLibrary } from './textures';
export { shapeGeometry, shapeLocalBox, metricUVs, type LocalBox } from './geometry';
export { robotParts, mountPartId, ROBOT_CLASS, type RobotPart } from './robots';
