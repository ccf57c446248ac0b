"""Reads a robomimic HDF5 file with h5py the way robomimic does and prints a JSON summary.

Usage: /usr/bin/python3 read_robomimic.py FILE

The summary holds, per demo (in robomimic's order, sorted by the number after
"demo_"), its attributes, every dataset's shape, dtype, chunking, compression
and the SHA-256 of its little-endian bytes, whether next_obs is obs shifted by
one frame with the last frame repeated, and the header timestamps; plus the
`data` attributes and the masks, read as robomimic's
`get_demos_for_filter_key` reads them.
"""
import hashlib
import json
import sys

import h5py
import numpy as np


def attr_value(value):
    if isinstance(value, bytes):
        return {"bytes": value.decode("utf-8")}
    if isinstance(value, np.generic):
        return {"numpy": value.dtype.str, "value": value.item()}
    if isinstance(value, str):
        return value
    return {"other": repr(value)}


def dataset_summary(ds):
    array = ds[()]
    le = array.astype(array.dtype.newbyteorder("<"))
    return {
        "shape": list(ds.shape),
        "dtype": ds.dtype.str,
        "chunks": list(ds.chunks) if ds.chunks else None,
        "compression": ds.compression,
        "compression_opts": ds.compression_opts,
        "sha256": hashlib.sha256(le.tobytes()).hexdigest(),
        "sum": float(np.sum(array, dtype=np.float64)) if array.size else 0.0,
        "last": array[-1].tolist() if array.ndim == 1 and array.size else None,
    }


def mtimes(group):
    """Modification times HDF5 stored for each member (0 when pinned to the epoch)."""
    out = {}
    for name in group:
        out[name] = h5py.h5g.get_objinfo(group.id, name.encode()).mtime
    return out


def main(path):
    f = h5py.File(path, "r")
    data = f["data"]
    env_meta = json.loads(data.attrs["env_args"])
    demos = sorted(list(data.keys()), key=lambda x: int(x[5:]))
    out = {
        "root_keys": sorted(f.keys()),
        "data_attrs": {k: attr_value(v) for k, v in data.attrs.items()},
        "env_meta": env_meta,
        "libver": list(f.libver),
        "demos": [],
        "masks": {},
        "mask_dtypes": {},
        "mtimes": sorted(set(mtimes(data).values()) | set(mtimes(f).values())),
    }
    for name in demos:
        g = data[name]
        obs_keys = sorted(g["obs"].keys())
        next_keys = sorted(g["next_obs"].keys())
        shifted = True
        for k in obs_keys:
            obs = g["obs/" + k][()]
            nxt = g["next_obs/" + k][()]
            shifted = shifted and bool(np.array_equal(nxt[:-1], obs[1:]) and np.array_equal(nxt[-1], obs[-1]))
        datasets = {}
        for key in ["actions", "rewards", "dones", "states"]:
            datasets[key] = dataset_summary(g[key])
        for k in obs_keys:
            datasets["obs/" + k] = dataset_summary(g["obs/" + k])
            datasets["next_obs/" + k] = dataset_summary(g["next_obs/" + k])
        out["demos"].append({
            "name": name,
            "attrs": {k: attr_value(v) for k, v in g.attrs.items()},
            "keys": sorted(g.keys()),
            "obs_keys": obs_keys,
            "next_obs_keys": next_keys,
            "next_obs_is_shifted_obs": shifted,
            "datasets": datasets,
            "mtimes": sorted(set(mtimes(g).values()) | set(mtimes(g["obs"]).values())),
        })
    for key in f["mask"].keys():
        # robomimic.utils.file_utils.get_demos_for_filter_key
        out["masks"][key] = [elem.decode("utf-8") for elem in np.array(f["mask/{}".format(key)][:])]
        out["mask_dtypes"][key] = f["mask/" + key].dtype.str
    f.close()
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
