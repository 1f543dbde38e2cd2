"""Import Presidio without compiling the hundred built-in recognizers safename never uses.

`import presidio_analyzer` imports `presidio_analyzer.predefined_recognizers`, whose
`__init__` imports every recognizer module (Australian tax numbers, Korean driving licences...),
and each compiles its regular expressions at import: a few tenths of a second of every cold
start, the cost of a pre-commit `safename check` on one file. safename needs five of them.

`install()` (run by `import safename`, before anything imports Presidio) puts a lazy stand-in
for that package, and for its `generic` sub-package, in `sys.modules`. Submodules still import
normally (`...generic.email_recognizer`), the names Presidio itself imports from the package at
start-up come from their own modules, and the first access to any other name runs the real
package `__init__`, so code that uses Presidio's recognizers directly (`AnalyzerEngine()` with
its default registry, `from presidio_analyzer.predefined_recognizers import UsSsnRecognizer`)
sees exactly the package it expects, only loaded when it asks. Presidio finds the recognizers
a configuration names among the subclasses of `EntityRecognizer` that exist, so listing them
(`RecognizerListLoader.get_all_existing_recognizers`) loads the real package first.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import sys
import types
from pathlib import Path
from typing import Any

PACKAGE = "presidio_analyzer.predefined_recognizers"
# Names Presidio's own modules import from the package while `presidio_analyzer` loads, with
# the submodule each one lives in.
EAGER_NAMES: dict[str, dict[str, str]] = {
    PACKAGE: {
        "SpacyRecognizer": "nlp_engine_recognizers.spacy_recognizer",
        "StanzaRecognizer": "nlp_engine_recognizers.stanza_recognizer",
        "TransformersRecognizer": "nlp_engine_recognizers.transformers_recognizer",
    },
    f"{PACKAGE}.generic": {},
}


class LazyPackage(types.ModuleType):
    """A package whose `__init__` runs on the first access to a name it does not have yet."""

    _safename_init: Path
    _safename_eager: dict[str, str]
    _safename_loaded: bool

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        where = self._safename_eager.get(name)
        if where is not None and not self._safename_loaded:
            value = getattr(importlib.import_module(f"{self.__name__}.{where}"), name)
            setattr(self, name, value)
            return value
        self._safename_load()
        try:
            return self.__dict__[name]
        except KeyError:
            raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}") from None

    def __dir__(self) -> list[str]:
        self._safename_load()
        return list(self.__dict__)

    def _safename_load(self) -> None:
        if self._safename_loaded:
            return
        self._safename_loaded = True
        source = self._safename_init.read_text(encoding="utf-8")
        exec(compile(source, str(self._safename_init), "exec"), self.__dict__)  # noqa: S102


def _stand_in(name: str, folder: Path, eager: dict[str, str]) -> LazyPackage:
    module = LazyPackage(name)
    init = folder / "__init__.py"
    spec = importlib.machinery.ModuleSpec(name, None, origin=str(init), is_package=True)
    spec.submodule_search_locations = [str(folder)]
    module.__spec__ = spec
    module.__path__ = [str(folder)]
    module.__file__ = str(init)
    module.__package__ = name
    module._safename_init = init
    module._safename_eager = eager
    module._safename_loaded = False
    return module


def install() -> None:
    """Install the lazy stand-ins, unless Presidio is already imported (then nothing to gain)."""
    if "presidio_analyzer" in sys.modules or PACKAGE in sys.modules:
        return
    spec = importlib.util.find_spec("presidio_analyzer")
    if spec is None or not spec.submodule_search_locations:
        return
    root = Path(next(iter(spec.submodule_search_locations))) / "predefined_recognizers"
    if not (root / "__init__.py").is_file() or not (root / "generic" / "__init__.py").is_file():
        return
    for name, eager in EAGER_NAMES.items():
        folder = root.joinpath(*name.split(".")[2:])
        sys.modules[name] = _stand_in(name, folder, eager)
    import presidio_analyzer

    package = sys.modules[PACKAGE]
    presidio_analyzer.predefined_recognizers = package  # type: ignore[attr-defined]
    package.generic = sys.modules[f"{PACKAGE}.generic"]  # type: ignore[attr-defined]

    from presidio_analyzer.recognizer_registry.recognizers_loader_utils import (
        RecognizerListLoader,
    )

    listing = RecognizerListLoader.get_all_existing_recognizers

    def get_all_existing_recognizers(cls: Any = None) -> Any:
        for name in EAGER_NAMES:
            module = sys.modules.get(name)
            if isinstance(module, LazyPackage):
                module._safename_load()
        return listing(cls)

    get_all_existing_recognizers.__doc__ = listing.__doc__
    RecognizerListLoader.get_all_existing_recognizers = staticmethod(  # type: ignore[method-assign]
        get_all_existing_recognizers
    )
