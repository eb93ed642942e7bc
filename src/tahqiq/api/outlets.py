"""Outlet profiles in the API: the list of outlets, one outlet's profile, the desk's names for them.

Every ingest calls :meth:`OutletsMixin.refresh_outlets` once its batches are stored while few
articles wait (``Tahqiq.finish_ingest``), and ``Tahqiq.index`` calls it whatever the number, so
the profiles count every article that came in (:mod:`tahqiq.outlets`). The reads never write:
a profile read while articles wait above the watermark says how many (``stale``).
"""

from __future__ import annotations

from tahqiq.outlets import facts, profile
from tahqiq.records.outlets import OutletList, OutletNameChange, OutletProfile
from tahqiq.store import Store


class OutletsMixin:
    """The outlet-profile methods of :class:`~tahqiq.api.Tahqiq`."""

    store: Store

    def refresh_outlets(self) -> int:
        """Add the articles the profiles lack (those above their watermark); how many were added."""
        return facts.refresh(self.store)

    def outlets(self) -> OutletList:
        """Every outlet under the desk's names, most articles first."""
        return profile.outlet_list(self.store)

    def outlet(self, name: str) -> OutletProfile:
        """The profile of the outlet called ``name`` (raises :class:`~tahqiq.outlets.OutletNotFound`)."""
        return profile.outlet_profile(self.store, name)

    def rename_outlet(self, old: str, new: str, *, by: str) -> OutletNameChange:
        """Call an outlet by a new name; its articles keep their stored outlet (raises
        ``OutletNotFound`` for an unknown name, ``InputError`` for a bad or taken one)."""
        return profile.rename(self.store, old, new, by=by)

    def merge_outlets(self, name: str, into: str, *, by: str) -> OutletNameChange:
        """Count the outlet called ``name`` as the one called ``into`` (two names for one outlet)."""
        return profile.merge(self.store, name, into, by=by)

    def outlet_name_changes(self) -> list[OutletNameChange]:
        """Every rename and merge, oldest first, with who and when."""
        return profile.name_changes(self.store)
