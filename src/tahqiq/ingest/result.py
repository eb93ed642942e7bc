"""What reading one source produced: its articles, its skips and its warnings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from tahqiq.records import ArticleInput, IngestWarning, Skipped


@dataclass
class ReadResult:
    """Outcome of reading one source (a file, ``-`` for stdin).

    One source can yield many articles (JSONL, feeds) next to a few skips (one broken line),
    so a bad record never costs the rest of its file. ``warnings`` lists every warning once,
    including those each article carries in its own ``warnings``.
    """

    source: str
    articles: list[ArticleInput] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[IngestWarning] = field(default_factory=list)

    def add(self, article: ArticleInput, *, already_reported: Sequence[str] = ()) -> None:
        """Keep ``article`` and report its warnings, except file-level ones reported already."""
        self.articles.append(article)
        for message in article.warnings:
            if message not in already_reported:
                self.warn(article.source, message)
        if article.language != "ar":
            self.warn(article.source, f"not Arabic (language {article.language!r}); kept")

    def skip(self, source: str, reason: str) -> None:
        """Record that ``source`` was not ingested, with a one-line reason."""
        self.skipped.append(Skipped(source, " ".join(reason.split())))

    def warn(self, source: str, message: str) -> None:
        """Record a non-fatal problem met while reading ``source``."""
        self.warnings.append(IngestWarning(source, " ".join(message.split())))
