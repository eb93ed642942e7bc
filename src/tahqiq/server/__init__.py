"""The web workbench and HTTP API (``tahqiq serve``): FastAPI app, Arabic page, ClaimReview export.

Imported only by ``tahqiq serve`` and the tests, so the rest of tahqiq runs without FastAPI.
"""

from tahqiq.server.app import create_app
from tahqiq.server.run import serve
from tahqiq.server.settings import ServerSettings

__all__ = ["ServerSettings", "create_app", "serve"]
