"""Named errors, so callers (the CLI, the server) can turn each into a clear one-line message."""

from __future__ import annotations


class TahqiqError(Exception):
    """Base class of every error tahqiq raises on purpose."""


class InputError(TahqiqError):
    """An input file cannot be ingested; the message is the one-line reason."""


class FileTooLarge(InputError):
    """An input file is over the documented size limit."""


class StoreError(TahqiqError):
    """The store cannot be opened or written."""


class NotADatabase(StoreError):
    """The path exists but is not a SQLite database; it is left untouched."""


class SchemaTooNew(StoreError):
    """The database was written by a newer tahqiq; it is left untouched."""


class IndexNotReady(StoreError):
    """Stored articles lack copy-index fingerprints; `tahqiq index` (or the next ingest) adds them."""


class ArticleNotFound(TahqiqError):
    """No article has the requested id."""


class ClaimError(TahqiqError):
    """A claim is empty or has no Arabic words to match."""


class DatasetError(TahqiqError):
    """An evaluation dataset is malformed; the message starts with ``file:line`` (or the file alone)."""


class EvaluationError(TahqiqError):
    """An evaluation cannot run as asked, e.g. a claim-only format given no verdict callable."""


class ModelError(TahqiqError):
    """A stance model is unknown, or its shipped files are missing, corrupt or built for other features."""


class CheckNotFound(TahqiqError):
    """No saved check has the requested id."""


class ReviewError(InputError):
    """A review edit is incomplete or out of bounds; the message says which field."""
