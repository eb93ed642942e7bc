"""Reading side of ingest: paths, folders, globs and stdin into ArticleInput records or skip reasons.

Formats: plain text (first line the title), HTML pages, JSON / JSON Lines exports, and RSS or
Atom feeds. Storing the records is the store's job; nothing here writes anywhere.
"""

from tahqiq.ingest.decode import MAX_FILE_BYTES
from tahqiq.ingest.readers import STDIN_SOURCE, detect_format, read_all, read_bytes, read_source
from tahqiq.ingest.result import ReadResult
from tahqiq.ingest.sources import READABLE_SUFFIXES, iter_sources

__all__ = [
    "MAX_FILE_BYTES",
    "READABLE_SUFFIXES",
    "STDIN_SOURCE",
    "ReadResult",
    "detect_format",
    "iter_sources",
    "read_all",
    "read_bytes",
    "read_source",
]
