/** Mesh assets for physics: only the vertices of a Wavefront OBJ are used (the collider is their convex hull). */

/** Vertex positions by asset path ("meshes/bottle.obj"), xyz triples in metres. */
export type MeshLibrary = Readonly<Record<string, Float32Array>>;

/** Reads the `v x y z` lines of an OBJ file. Throws with the line number on a malformed vertex. */
export function parseObjVertices(text: string, name = 'mesh'): Float32Array {
  const out: number[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (!line.startsWith('v ')) continue;
    const parts = line.split(/\s+/).slice(1, 4).map(Number);
    if (parts.length !== 3 || parts.some((p) => !Number.isFinite(p))) {
      throw new Error(`${name}: line ${i + 1}: malformed vertex "${line}"`);
    }
    out.push(...parts);
  }
  if (out.length < 12) throw new Error(`${name}: a convex mesh needs at least 4 vertices, found ${out.length / 3}`);
  return new Float32Array(out);
}
