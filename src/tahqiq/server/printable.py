"""The printable report's one piece of raw markup: its ClaimReview as a JSON-LD data block.

The report itself is the ``print.html`` template (see :mod:`tahqiq.server.pages`), escaped like
every page. The data block is the exception autoescaping cannot handle: JSON inside ``<script>``
must not be HTML-escaped, yet a ``</script>`` in an article title must not end the element, so
``<``, ``>`` and ``&`` are written as JSON escapes, which read back as the same text.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any


def json_ld_block(doc: Mapping[str, Any]) -> str:
    """A ``<script type="application/ld+json">`` whose content cannot close the element early."""
    data = json.dumps(doc, ensure_ascii=False, indent=2)
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{data}</script>'
