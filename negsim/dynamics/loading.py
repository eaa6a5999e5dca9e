"""Your own negotiator: load a strategy class from a Python file or an importable module.

A reference is ``path/to/file.py:ClassName`` or ``package.module:ClassName``, optionally
followed by parameters, ``my_agents.py:Stubborn:keep=0.8``. The class must subclass
:class:`negsim.dynamics.strategies.Negotiator`; its name in tables is its ``name``
attribute, or the class name when the class does not set one.

**Loading a file runs its code**, with your permissions: that is the point (it is your
negotiator), but load only files you wrote or trust. negsim loads a strategy only when a
person names it — on the command line (``--strategy usa=my_agents.py:Stubborn``) or in
Python (:func:`load_strategy`) — never from a scenario file: a scenario's
``protocol.strategies`` may name only registered strategies.

Example:
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "my_agents.py"
    >>> _ = path.write_text(
    ...     "from negsim.dynamics.strategies import Negotiator\\n"
    ...     "class Stubborn(Negotiator):\\n"
    ...     "    def target(self, t, history):\\n"
    ...     "        return self.view.floor + 0.9 * (self.view.best - self.view.floor)\\n")
    >>> cls, params = load_reference(f"{path}:Stubborn")
    >>> cls.name, params
    ('Stubborn', {})
    >>> is_reference("my_agents.py:Stubborn"), is_reference("conceder:exponent=3")
    (True, False)
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import re
import sys
import traceback
from pathlib import Path
from types import ModuleType

from negsim.dynamics.strategies import REGISTRY, Negotiator, Param, parse_params
from negsim.errors import NegsimError

_MODULE = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$")
_CLASS = re.compile(r"^[A-Za-z_]\w*$")


def is_reference(text: str) -> bool:
    """Whether ``text`` names a class in a file or module (``x.py:Cls``, ``pkg.mod:Cls``), not a registered name."""
    where, cls, _ = _split(text)
    return bool(cls) and (where.endswith(".py") or ("/" not in where and _MODULE.match(where) is not None
                                                     and where.replace("-", "_").lower() not in REGISTRY))


def _split(text: str) -> tuple[str, str, str]:
    """``WHERE:Class[:k=v,...]`` → (where, class, params text); class is empty when it is not a class name."""
    text = text.strip()
    cut = text.rfind(".py:")
    if cut >= 0:
        where, rest = text[: cut + 3], text[cut + 4:]
    else:
        where, _, rest = text.partition(":")
    cls, _, params = rest.partition(":")
    return where, (cls if _CLASS.match(cls) else ""), params


def load_reference(text: str) -> tuple[type[Negotiator], dict[str, Param]]:
    """``file.py:Class[:k=v,...]`` or ``module:Class[:k=v,...]`` → (the class, its parameters). Runs the file."""
    where, cls_name, params_text = _split(text)
    if not cls_name:
        raise NegsimError(f"`{text}`: write FILE.py:ClassName or module:ClassName, e.g. my_agents.py:Stubborn")
    return load_strategy(where, cls_name), parse_params(params_text)


def load_strategy(where: str | Path, class_name: str) -> type[Negotiator]:
    """The :class:`Negotiator` subclass ``class_name`` of a Python file or importable module (runs its code)."""
    module = _load_file(Path(where)) if str(where).endswith(".py") else _import(str(where))
    cls = getattr(module, class_name, None)
    if cls is None:
        from negsim.wording import suggest

        found = sorted(n for n, v in vars(module).items() if isinstance(v, type) and issubclass(v, Negotiator)
                       and v.__module__ == module.__name__)
        raise NegsimError(f"{where} has no class `{class_name}`{suggest(class_name, found)} "
                          f"(negotiators defined there: {', '.join(found) or 'none'})")
    if not (isinstance(cls, type) and issubclass(cls, Negotiator)):
        raise NegsimError(f"{where}:{class_name} is not a negotiator: subclass "
                          "negsim.dynamics.strategies.Negotiator (see docs/dynamics.md, 'Write your own negotiator')")
    if "name" not in vars(cls):
        cls.name = class_name  # a subclass that sets no name would show its parent's
    if cls.name.replace("-", "_").lower() in REGISTRY and cls is not REGISTRY.get(cls.name):
        raise NegsimError(f"{where}:{class_name} is called `{cls.name}`, the name of a built-in strategy; "
                          "give it another name (name = \"...\" in the class)")
    return cls


def _load_file(path: Path) -> ModuleType:
    if not path.is_file():
        raise NegsimError(f"no strategy file {path}")
    digest = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:10]
    stem = re.sub(r"\W", "_", path.stem)
    name = f"negsim_user_{stem}_{digest}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:  # pragma: no cover - a .py file always has a loader
        raise NegsimError(f"cannot load {path} as Python")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses and pickling look a class's module up here
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        sys.modules.pop(name, None)
        raise NegsimError(f"loading {path} failed: {_where_in(exc, path)}") from None
    return module


def _import(module: str) -> ModuleType:
    if not _MODULE.match(module):
        raise NegsimError(f"`{module}` is neither a .py file nor a module name")
    try:
        return importlib.import_module(module)
    except Exception as exc:
        raise NegsimError(f"importing {module} failed: {type(exc).__name__}: {exc}") from None


def _where_in(exc: Exception, path: Path) -> str:
    """The exception with the line of the user's file it came from."""
    if isinstance(exc, SyntaxError):
        return f"line {exc.lineno}: SyntaxError: {exc.msg}"
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if Path(f.filename) == path]
    line = f"line {frames[-1].lineno}: " if frames else ""
    return f"{line}{type(exc).__name__}: {exc}"


__all__ = ["is_reference", "load_reference", "load_strategy"]
