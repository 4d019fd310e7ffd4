"""Requirements files: every requirement becomes an index request (sources/pypi.py).

`requirement_lines` is the seam to the file format: one function from a path to the
requirement strings; a fuller parser (nested -r/-c, --hash) replaces it there alone.
"""

from __future__ import annotations

from pathlib import Path

from ..model import Package
from . import Request, ResolveContext
from .lockfile import LineFinder, origin_path


def is_requirements_file(path: Path) -> bool:
    """requirements.txt, requirements-dev.txt, constraints.in...: a text file of requirements."""
    return path.is_file() and path.suffix in (".txt", ".in")


def requirement_lines(path: Path) -> list[str]:
    """Requirement strings of a requirements file; options and nested -r files are not followed."""
    lines = []
    # Backslash continuations join lines (pip-compile puts --hash options there).
    text = path.read_text("utf-8", "replace").replace("\\\n", " ")
    for raw in text.splitlines():
        line = raw.split(" #", 1)[0].split(" --", 1)[0].strip()
        if line and not line.startswith(("#", "-")):
            lines.append(line)
    return lines


class RequirementsSource:
    name = "requirements"

    def claims(self, request: Request) -> bool:
        return is_requirements_file(Path(request.spec))

    def resolve(self, request: Request, context: ResolveContext) -> list[Package | Request]:
        path = Path(request.spec)
        lines, shown = LineFinder(path), origin_path(path)
        return [Request(line, f"{path.name}: {line}", source="pypi", origin=(shown, lines.find(line)))
                for line in requirement_lines(path)]
