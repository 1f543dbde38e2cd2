"""safename: keep beneficiaries unrecognisable in humanitarian stories.

from safename import Redactor
findings = Redactor().scan("Aminata Traoré, 24, returned to Guinea.")
"""

from safename.config import Config
from safename.findings import Finding
from safename.pseudonym.result import RedactionResult
from safename.redactor import Redactor

__all__ = ["Config", "Finding", "RedactionResult", "Redactor"]
__version__ = "0.1.0"
