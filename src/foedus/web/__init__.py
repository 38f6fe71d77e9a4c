"""The web explorer: a FastAPI app over the knowledge base (``foedus serve`` runs it).

Every page (who defends a state, what it owes, a treaty, review) is a static
front end that asks the JSON API in :mod:`foedus.web.api`; the API calls the
same facade the CLI calls (:class:`foedus.kb.KnowledgeBase`, the lineage
analysis, curation) and holds no logic of its own. Tests drive the app
in-process (``create_app`` with a store path) or over loopback.

Heavy imports (FastAPI, Starlette, uvicorn) live here and in ``foedus serve``
only: ``import foedus`` and the one-shot CLI commands never load them.
"""

from __future__ import annotations

from foedus.web.app import Settings, create_app

__all__ = ["Settings", "create_app"]
