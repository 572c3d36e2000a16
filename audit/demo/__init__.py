"""The bundled demo portal: a small Chinese district-government site with known barriers.

``DemoPortal`` serves it on localhost for demos, docs and tests; ``load_expected()`` returns
``demo/expected.yaml``, which lists every page and the barriers (axe-core rule ids) it contains.
"""

from audit.demo.server import DEMO_PASSWORD, DEMO_USERNAME, DemoPortal, load_expected

__all__ = ["DEMO_PASSWORD", "DEMO_USERNAME", "DemoPortal", "load_expected"]
