"""The seeded generator of the demo and the large synthetic organisations.

`create_demo_vault` makes a new vault file holding the demo company (Wharfedale & Vistula
Logistics) or its large variant; `generate` fills a vault that is already open. Both are
deterministic for a given seed and reference date.
"""

from itscm_desktop.demo.generator import (
    DEMO_SEED,
    REFERENCE_DATE,
    Size,
    create_demo_vault,
    generate,
)

__all__ = ["DEMO_SEED", "REFERENCE_DATE", "Size", "create_demo_vault", "generate"]
