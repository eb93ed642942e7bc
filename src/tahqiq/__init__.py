"""tahqiq: offline verification of claims in Arabic news.

``tahqiq.open(path)`` returns a :class:`Tahqiq` whose methods (``ingest``, ``search``, ``check``,
``article``) are what the command line calls.
"""

from tahqiq.api import Tahqiq, open
from tahqiq.records import (
    Article,
    ArticleInput,
    CheckReport,
    CopiedPassage,
    Evidence,
    IngestSummary,
    Rationale,
    SearchHit,
    Sentence,
    StanceResult,
    Verdict,
)

__version__ = "0.1.0"

__all__ = [
    "Article",
    "ArticleInput",
    "CheckReport",
    "CopiedPassage",
    "Evidence",
    "IngestSummary",
    "Rationale",
    "SearchHit",
    "Sentence",
    "StanceResult",
    "Tahqiq",
    "Verdict",
    "__version__",
    "open",
]
