/**
 * The navigation task engine: occupancy grid and A* planning, path
 * following, a kinematic differential-drive base in Rapier, ray-cast lidar
 * and depth, imperfect actuation, and the episode loop that records them.
 */
export { runNavigationEpisode, ACTION_NAMES, GOAL_NAMES, STATE_NAMES, STALL_SECONDS } from './episode';
export { Actuator, clampTwist, type ActuationLimits, type Twist } from './actuation';
export { astar, type AStarQuery } from './astar';
export { CONTACT_MARGIN, CONTROLLER_OFFSET, DriveBase, GROUND_CLEARANCE, wrapAngle, type Pose2D } from './base';
export { DepthCamera, depthNames } from './depth';
export { defaultFollowerParams, PathFollower, type ClearanceFn, type FollowerParams } from './follower';
export { bodyFootprint, convexHull, distanceToPolygon, footprintsInBand, type Footprint, type HeightBand } from './footprint';
export { buildClearanceGrid, cellAt, cellX, cellY, clearanceAt, MAX_GRID_CELLS, type ClearanceGrid } from './grid';
export { Lidar, lidarAngles, lidarNames } from './lidar';
export { ReadingNoise } from './noise';
export { RayCaster, type CastFn } from './raycast';
export { buildNavGrid, isMapped, planPath, shortestPathLength, type Disk } from './planner';
export { lineOfSight, makePolyline, pointAt, projectOnto, stringPull, type Polyline } from './polyline';
export { ChannelBuffer } from './recorder';
export { nearestFootprint, outcomeDetail, type OutcomeFacts } from './report';
