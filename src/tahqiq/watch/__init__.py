"""The watch: folders ingested as files appear, and alerts when a checked claim comes back.

:class:`~tahqiq.watch.watcher.Watch` runs the rounds; :mod:`tahqiq.watch.delivery` writes alerts to
a JSON Lines file and posts them to a webhook; :mod:`tahqiq.watch.planted` builds the planted
stream that claim matching is measured on. The matching itself sits in the API
(:mod:`tahqiq.api.claimmatch`), since every ingest, not only the watch's, raises alerts.
"""

from tahqiq.watch.delivery import WebhookPoster, append_jsonl
from tahqiq.watch.watcher import Watch

__all__ = ["Watch", "WebhookPoster", "append_jsonl"]
