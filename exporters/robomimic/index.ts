/** robomimic HDF5 export (see writer.ts for the file layout). */
export { createRobomimicWriter, robomimicWriterFactory, ROBOMIMIC_FILE, DEFAULT_GZIP_LEVEL, NO_LOCAL_FILES, type RobomimicOptions } from './writer';
export { buildMasks, VALID_RATIO, type DemoEntry } from './masks';
export { layoutOf, imageShapes, type DemoLayout, type ObsLayout, type ChannelLayout } from './layout';
