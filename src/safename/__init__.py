"""safename: keep beneficiaries unrecognisable in humanitarian stories.

from safename import Redactor
findings = Redactor().scan("Aminata Traoré, 24, returned to Guinea.")
"""

from safename import _presidio

_presidio.install()  # before anything imports Presidio: see safename._presidio

from safename.config import Config  # noqa: E402
from safename.findings import Finding  # noqa: E402
from safename.pseudonym.result import RedactionResult  # noqa: E402
from safename.redactor import Redactor  # noqa: E402

__all__ = ["Config", "Finding", "RedactionResult", "Redactor"]
__version__ = "0.1.0"
