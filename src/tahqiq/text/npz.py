"""Model files as ``.npz`` arrays written byte-for-byte reproducibly.

Why: every shipped model (stance pair models, the name recogniser, the persuasion detector) is
rebuilt by a script from data, and "two runs give identical files" is how a reader checks that
the weights in the repository are the ones the script makes. ``np.savez`` stamps each member
with the current time; this writer fixes the timestamps and the member order. Files are read
back with ``np.load(..., allow_pickle=False)``.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry


def write_npz(path: Path, arrays: dict[str, np.ndarray]) -> bytes:
    """Write ``arrays`` to ``path`` as an ``.npz`` with fixed timestamps; returns the bytes written."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(arrays):
            member = io.BytesIO()
            np.lib.format.write_array(member, np.asarray(arrays[name], order="C"), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, member.getvalue())
    path.write_bytes(buf.getvalue())
    return buf.getvalue()
