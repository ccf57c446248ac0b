/**
 * Tuning of the grasp engine. Units: metres, kilograms, seconds, newtons.
 * These are properties of the simulated gripper and of the labelling rules,
 * not of a scene; a scene sets grip force, speed, friction and geometry.
 */

/**
 * Mass of each finger, kg. Rapier's contacts are soft in proportion to the
 * effective mass of the pair: a 1 kg finger on a 1 kg box sinks ~0.2 mm at
 * 60 N (a 50 g finger sinks ~2 mm and loses force), so the squeeze stays the
 * commanded one. The finger's weight and inertia are carried by its joint
 * (the palm is kinematic), so the mass never loads the object.
 */
export const FINGER_MASS = 1.0;

/** Speed of each finger while opening or closing, m/s (a real gripper closes at 0.05-0.2 m/s). */
export const FINGER_SPEED = 0.15;

/** Gain from finger position error to commanded finger speed, 1/s. */
export const FINGER_POSITION_GAIN = 40;

/**
 * Damping factor of the finger motor (Rapier acceleration-based model,
 * 1/s): large, so the motor tracks its commanded speed until it reaches its
 * force limit, which is the grip force. The force limit is what squeezes.
 */
export const FINGER_MOTOR_FACTOR = 1e5;

/**
 * Natural angular frequency of the fingers' common mode, rad/s. Real
 * parallel grippers couple their fingers with a symmetric linkage, so the
 * pair stays centred on the palm while the motor sets only the squeeze.
 * Here each finger gets an equal centring force (a stiff spring-damper on
 * the pair's offset from the palm's mid-plane): it adds to one finger's
 * push and takes from the other's, leaving the mean squeeze at the grip
 * force, and carries loads along the closing axis (gravity on a tilted
 * grasp, the shake). 100 rad/s on 1 kg fingers at 240 Hz is stable and
 * holds a 30 N axial load within 1.5 mm.
 */
export const FINGER_CENTERING_RAD_S = 100;

/** Acceleration limit of the palm's point-to-point moves, m/s² (no jerk from instant starts). */
export const PALM_ACCELERATION = 2;

/** Object displacement relative to the palm that counts as lost, m. */
export const SLIP_LIMIT = 0.03;

/** Where the grasp point sits along the fingers: this fraction of the finger length above the fingertip. */
export const TCP_FROM_TIP = 0.35;

/** Free space left between each open pad and the object at the candidate's width, m. */
export const PAD_CLEARANCE = 0.005;

/** Smallest grasp width a candidate may have, m. */
export const MIN_GRASP_WIDTH = 0.004;

/** Distance the swept gripper keeps from obstacles when candidates are checked, m. */
export const SWEEP_MARGIN = 0.002;

/** Surface points sampled on the target per episode (ACRONYM-style antipodal sampling). */
export const SURFACE_SAMPLES = 64;

/** Approach directions tried per antipodal pair when any direction is allowed. */
export const APPROACHES_PER_PAIR = 3;

/** Longest time the scene may take to come to rest before the grasp, s. */
export const SETTLE_MAX_SECONDS = 1.0;

/** The scene counts as at rest once every dynamic body has been slow for this long, s. */
export const SETTLE_QUIET_SECONDS = 0.05;

/** "Slow" while settling: linear speed, m/s. */
export const SETTLE_LINEAR_SPEED = 0.01;

/** "Slow" while settling: angular speed, rad/s. */
export const SETTLE_ANGULAR_SPEED = 0.1;

/** The fingers count as stopped when both move slower than this relative to the palm, m/s. */
export const CLOSE_STILL_SPEED = 0.004;

/** ... for this long, s. */
export const CLOSE_STILL_SECONDS = 0.04;

/** Time the grip force gets to build up after the fingers stop, at least, s. */
export const CLOSE_MIN_SECONDS = 0.08;

/** Extra time allowed beyond a full finger stroke before closing is judged anyway, s. */
export const CLOSE_EXTRA_SECONDS = 0.3;
