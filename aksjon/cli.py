"""The `aksjon` command: Django's management commands under one name.

`aksjon demo`, `aksjon serve`, `aksjon audit verify`, `aksjon bench …` and the
rest are management commands; this wrapper only sets the settings module.
"""
from __future__ import annotations

import importlib
import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aksjon.settings")
    _load_settings_or_exit()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["aksjon", *(sys.argv[1:] if argv is None else argv)])


def _load_settings_or_exit() -> None:
    """A refused setting (a weak secret key, debug pages on a public host …) is one clear line
    on stderr and exit status 1, not a traceback: the settings module says what to change."""
    from django.core.exceptions import ImproperlyConfigured

    try:
        importlib.import_module(os.environ["DJANGO_SETTINGS_MODULE"])
    except ImproperlyConfigured as error:
        sys.exit(f"aksjon: refusing to start: {error}")


if __name__ == "__main__":
    main()
