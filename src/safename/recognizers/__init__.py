"""Public home of safename's Presidio recognizers (they live in `safename.detect.recognizers`).

Kept so that `from safename.recognizers import GazetteerNameRecognizer` keeps working for
projects that add safename's recognizers to their own `AnalyzerEngine`.
"""

from safename.detect.recognizers import *  # noqa: F403
from safename.detect.recognizers import __all__  # noqa: F401
