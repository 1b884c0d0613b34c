"""Docs that the code keeps honest: every command the docs name exists, every doc
the code cites exists, and the plain-Python layers import no Django."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.core.management import get_commands

from aksjon.bench import BENCHMARKS

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
CODE = [path for folder in ("aksjon", "tests") for path in (ROOT / folder).rglob("*")
        if path.suffix in {".py", ".html", ".toml", ".md"} and "migrations" not in path.parts]
PLAIN_PYTHON = ["core", "sources", "linkage", "analysis/core"]

# `aksjon NAME …` inside a code span or block; a path (aksjon/…) is not a command.
COMMAND = re.compile(r"(?<![\w/.-])aksjon ([a-z][a-z-]*)(?: ([a-z][\w-]*))?")
CODE_TEXT = re.compile(r"```.*?```|`[^`\n]+`", re.DOTALL)


def commands_named(text: str) -> set[tuple[str, str | None]]:
    found = set()
    for code in CODE_TEXT.findall(text):
        found |= {(m[1], m[2]) for m in COMMAND.finditer(code)}
    return found


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_every_command_a_doc_names_exists(doc):
    commands = get_commands()
    named = commands_named(doc.read_text("utf-8"))
    missing = sorted(f"aksjon {c}" for c, _ in named if c not in commands)
    benches = sorted(f"aksjon bench {b}" for c, b in named if c == "bench" and b and b.islower()
                     and b not in BENCHMARKS and b != "name")
    assert missing == [] and benches == []


def test_the_command_finder_finds_commands():
    named = commands_named("Run `aksjon bench linkage` and\n```sh\naksjon demo --port 8000\n```\nnot aksjon/core.")
    assert named == {("bench", "linkage"), ("demo", None)}


DOC_PATH = re.compile(r"\bdocs/[\w/.-]+\.md\b")


def test_every_doc_the_code_cites_exists():
    cited = {(path.relative_to(ROOT), match) for path in CODE + DOCS
             for match in DOC_PATH.findall(path.read_text("utf-8", errors="ignore"))}
    missing = sorted(f"{where}: {doc}" for where, doc in cited if not (ROOT / doc).is_file())
    assert missing == []


def imports_of(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", PLAIN_PYTHON)
def test_plain_python_layers_import_no_django(layer):
    """The core, the source validators, the linkage engine and the analysis engine run without Django:
    they import neither Django nor an Aksjon app that does."""
    allowed = tuple(f"aksjon.{name.replace('/', '.')}" for name in PLAIN_PYTHON) + ("aksjon.data",)
    offending = []
    for path in sorted((ROOT / "aksjon" / layer).rglob("*.py")):
        for name in imports_of(path):
            if name.split(".")[0] == "django" or (name.startswith("aksjon.") and not name.startswith(allowed)):
                offending.append(f"{path.relative_to(ROOT)}: {name}")
    assert offending == []
