"""Research tables: state-years and dyad-years with alliance, power, conflict and
similarity columns, built the way R's peacesciencer builds them.

Verbs are the API. A ``create_*`` verb builds the unit of analysis; each
``add_*`` verb joins one dataset's columns onto it; ``filter_prd`` drops rows.
The table knows its kind, so a verb given the wrong one says what to run
first, and :meth:`Table.cite` gives BibTeX for every dataset behind it::

    from foedus import KnowledgeBase
    from foedus.datasets import create_dyadyears, add_atop_alliance, add_similarity

    kb = KnowledgeBase()
    table = (create_dyadyears(kb, years=(1816, 2016))
             .pipe(add_atop_alliance)
             .pipe(add_similarity))
    frame = table.to_pandas()          # or .to_polars(), .write("dyads.parquet")
    print(table.cite())

docs/research-tables.md lists the columns each verb adds and the rules at the edges.
"""

from __future__ import annotations

from foedus.datasets.alliances import (
    add_atop_alliance,
    add_cow_alliance,
    add_register_alliance,
    directed_dyad_years,
    state_years,
)
from foedus.datasets.system import create_dyadyears, create_stateyears
from foedus.datasets.table import Kind, System, Table, Unit, WrongTableKind

__all__ = [
    "Kind",
    "System",
    "Table",
    "Unit",
    "WrongTableKind",
    "add_atop_alliance",
    "add_cow_alliance",
    "add_register_alliance",
    "create_dyadyears",
    "create_stateyears",
    "directed_dyad_years",
    "state_years",
]
