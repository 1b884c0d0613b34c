"""The `aksjon` command: Django's management commands under one name.

`aksjon demo`, `aksjon serve`, `aksjon audit verify`, `aksjon bench …` and the
rest are management commands; this wrapper only sets the settings module.
"""
from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aksjon.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["aksjon", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
