"""Hot reload for `make serve`: re-import the engine and the topic when their source changed.

No list of module names: every loaded module under this package except the entry
point and this file is watched, and all of them are dropped together when any changed,
so that the next import builds them again in whatever order they import each other.
"""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path
from types import ModuleType

_KEEP = frozenset({"macros", "macros.reload", "macros.entry"})
# When the modules were last looked at: a source saved after that is a change. (Modules
# first imported later in a build, e.g. by a hook, are not changes: they are older.)
_looked: list[float] = []


def _watched(package: str) -> dict[str, float]:
    """Map each loaded module of the package (but the kept ones) to its file's mtime."""
    found = {}
    for name, module in list(sys.modules.items()):
        if (name == package or name.startswith(package + ".")) and name not in _KEEP:
            path = getattr(module, "__file__", None)
            if path:
                try:
                    found[name] = Path(path).stat().st_mtime
                except OSError:
                    found[name] = -1.0
    return found


def fresh(name: str) -> ModuleType:
    """Return the module `name`, re-imported with everything beside it if any source changed."""
    package = name.split(".", 1)[0]
    now = _watched(package)
    if _looked and any(mtime < 0 or mtime >= _looked[0] for mtime in now.values()):
        for stale in now:
            sys.modules.pop(stale, None)
        importlib.invalidate_caches()
    _looked[:] = [time.time()]
    return importlib.import_module(name)


def current(name: str) -> ModuleType:
    """Return the module `name` as the last fresh() left it (no reload within one build)."""
    return importlib.import_module(name)
