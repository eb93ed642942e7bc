"""Outlet profiles built from evidence: what the store's own articles say about each outlet.

:func:`refresh` adds new articles to the profiles (ingest calls it after each batch; it reads
only the articles above the profiles' watermark); :func:`outlet_profile` and :func:`outlet_list`
read them; :func:`rename` and :func:`merge` keep the desk's names for outlets.
"""

from __future__ import annotations

from tahqiq.outlets.facts import refresh
from tahqiq.outlets.profile import (
    OutletNotFound,
    merge,
    name_changes,
    outlet_list,
    outlet_profile,
    rename,
)

__all__ = [
    "OutletNotFound",
    "merge",
    "name_changes",
    "outlet_list",
    "outlet_profile",
    "refresh",
    "rename",
]
