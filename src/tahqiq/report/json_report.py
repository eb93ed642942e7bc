"""The versioned JSON form of a check report (documented in ``docs/report-schema.md``).

The shape itself is written once, by :mod:`tahqiq.records.serialize`, for the CLI, the server and
the saved checks alike; this module is the report formats' name for it, beside
:mod:`tahqiq.report.markdown` and :mod:`tahqiq.report.terminal`.
"""

from __future__ import annotations

import json
from typing import Any

from tahqiq.records import CheckReport
from tahqiq.records.serialize import SCHEMA_VERSION, to_dict

__all__ = ["SCHEMA_VERSION", "report_dict", "to_json"]


def report_dict(report: CheckReport) -> dict[str, Any]:
    """The report as plain JSON-ready data."""
    data: dict[str, Any] = to_dict(report)
    return data


def to_json(report: CheckReport, *, indent: int | None = 2) -> str:
    return json.dumps(report_dict(report), ensure_ascii=False, indent=indent)
