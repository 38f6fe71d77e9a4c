"""The explorer's JSON responses, encoded with orjson."""

from __future__ import annotations

from typing import Any

from fastapi.responses import JSONResponse

__all__ = ["FastJSON"]


class FastJSON(JSONResponse):
    """JSON through orjson: the answers run to hundreds of rows (a tenth of the time)."""

    def render(self, content: Any) -> bytes:
        import orjson

        return orjson.dumps(content)
