/**
 * A reference as the user gives it to the World Model panel: files dropped
 * on the drop zone, chosen in the file picker, or the images and videos of
 * a folder opened through the host. One video, or any number of images (in
 * file-name order, numbers compared as numbers); grayscale images are
 * replicated to three channels when decoded (renderer/headless/reference-decode).
 */
import { orderReferenceFiles, REFERENCE_IMAGE, REFERENCE_VIDEO } from '../../../workers/worldmodel/references';
import type { ReferenceSource } from '../../headless/reference-decode';

/** A file before it is read: its name and how to read it. */
export interface PendingFile {
  name: string;
  load(): Promise<Uint8Array>;
}

/** A reference ready to decode, or why the files are not one. */
export type ReferenceChoice = { ok: true; source: ReferenceSource } | { ok: false; error: string };

/** Files of a drop or a file picker. */
export function filesFromList(list: Iterable<File>): PendingFile[] {
  return [...list].map((file) => ({ name: file.name, load: async () => new Uint8Array(await file.arrayBuffer()) }));
}

/** The files of a folder read through the host (their bytes are already here). */
export function filesFromFolder(files: readonly { path: string; bytes: Uint8Array }[]): PendingFile[] {
  return files.map((f) => ({ name: f.path, load: async () => f.bytes }));
}

/** Makes a reference of `files`; `label` names it (a folder's label, or the dropped file names). */
export function chooseReference(files: readonly PendingFile[], label?: string): ReferenceChoice {
  if (files.length === 0) return { ok: false, error: `${label ?? 'the drop'}: no files; drop a video (MP4, WebM) or images (PNG, JPEG)` };
  const strange = files.find((f) => !REFERENCE_VIDEO.test(f.name) && !REFERENCE_IMAGE.test(f.name));
  if (strange) return { ok: false, error: `${strange.name}: not a video (.mp4, .webm, .mov, .mkv) or an image (.png, .jpg, .jpeg, .webp, .bmp)` };
  const videos = files.filter((f) => REFERENCE_VIDEO.test(f.name));
  if (videos.length > 0) {
    if (files.length > 1) return { ok: false, error: `a reference is one video or a set of images, not ${videos.length} video${videos.length > 1 ? 's' : ''} and ${files.length - videos.length} images: drop one video (${videos.map((v) => v.name).join(', ')})` };
    const video = videos[0]!;
    return { ok: true, source: { name: label ?? video.name, kind: 'video', files: [video] } };
  }
  const byName = new Map(files.map((f) => [f.name, f]));
  if (byName.size !== files.length) return { ok: false, error: 'two of the images have the same name; drop images with distinct names' };
  const ordered = orderReferenceFiles([...byName.keys()]).map((name) => byName.get(name)!);
  // Frames of images are named "<name>/<image>" (provenance and messages).
  return { ok: true, source: { name: label ?? 'dropped images', kind: 'images', files: ordered } };
}
