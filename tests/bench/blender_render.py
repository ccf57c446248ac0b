"""Renders a .glb exported by tests/bench/blender.ts with Blender, one frame.

Run: blender -b -P tests/bench/blender_render.py -- in.glb out.png WIDTH HEIGHT SAMPLES [ENGINE]
ENGINE is CYCLES (CPU, default) or BLENDER_EEVEE. Prints one line
"render_seconds <s>" (time.perf_counter around bpy.ops.render.render).
"""
import json
import math
import struct
import sys
import time

import bpy
import numpy

# Debian's Blender 3.4 glTF importer uses np.bool, which NumPy >= 1.24 removed.
if "bool" not in numpy.__dict__:
    numpy.bool = bool

args = sys.argv[sys.argv.index("--") + 1:]
src, out, width, height, samples = args[0], args[1], int(args[2]), int(args[3]), int(args[4])
engine = args[5] if len(args) > 5 else "CYCLES"

# The exporter's scene extras (ambient intensity, background, fovY), read from the glb's JSON chunk.
with open(src, "rb") as f:
    f.read(12)
    length, _kind = struct.unpack("<II", f.read(8))
    gltf = json.loads(f.read(length))
extras = gltf.get("scenes", [{}])[0].get("extras", {})

bpy.ops.wm.read_factory_settings(use_empty=True)
bpy.ops.import_scene.gltf(filepath=src)
scene = bpy.context.scene

cameras = [o for o in scene.objects if o.type == "CAMERA"]
if not cameras:
    raise SystemExit("no camera in " + src)
camera = cameras[0]
camera.data.sensor_fit = "VERTICAL"
if "fovYDeg" in extras:
    camera.data.angle_y = math.radians(extras["fovYDeg"])
scene.camera = camera

# Ambient light and background: a uniform world of the background colour.
world = bpy.data.worlds.new("studio")
world.use_nodes = True
bg = world.node_tree.nodes["Background"]
hex_color = extras.get("background", "#c8d0d8").lstrip("#")
srgb = [int(hex_color[i:i + 2], 16) / 255 for i in (0, 2, 4)]
linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in srgb]
bg.inputs["Color"].default_value = (*linear, 1.0)
bg.inputs["Strength"].default_value = float(extras.get("ambient", 1.0))
scene.world = world

render = scene.render
render.resolution_x = width
render.resolution_y = height
render.resolution_percentage = 100
render.filepath = out
render.image_settings.file_format = "PNG"
scene.view_settings.view_transform = "Standard"
if engine == "CYCLES":
    render.engine = "CYCLES"
    scene.cycles.device = "CPU"
    scene.cycles.samples = samples
    scene.cycles.use_adaptive_sampling = False
    scene.cycles.use_denoising = False
else:
    render.engine = engine
    scene.eevee.taa_render_samples = samples

t0 = time.perf_counter()
bpy.ops.render.render()
seconds = time.perf_counter() - t0
bpy.data.images["Render Result"].save_render(out)
print("render_seconds %.6f" % seconds, flush=True)
