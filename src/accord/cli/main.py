"""The `accord` console script: Django's management commands behind one entry point.

Start-up problems (a junk setting, an unreachable database) end here in one line on
stderr that names the variable, and exit status 2, instead of a traceback.
"""

from __future__ import annotations

import os
import sys

# Commands that must run without a working database.
_NO_DATABASE = {
    "help",
    "--help",
    "-h",
    "version",
    "--version",
    "check",
    "makemigrations",
    "openapi",
    # Fit a CSV file or counts; never touch the database.
    "clv",
    "retention",
    # Score text from standard input.
    "sentiment",
}


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    argv[0] = "accord"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
    from accord.core.env import ConfigurationError

    try:
        import django

        django.setup()
    except ConfigurationError as error:
        sys.stderr.write(f"accord: configuration error: {error}\n")
        raise SystemExit(2) from None

    command = argv[1] if len(argv) > 1 else "help"
    if command not in _NO_DATABASE:
        problem = database_problem()
        if problem:
            sys.stderr.write(f"accord: {problem}\n")
            raise SystemExit(2)

    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


def database_problem() -> str | None:
    """One line naming DATABASE_URL when the configured database cannot be reached."""
    from django.db import connection
    from django.db.utils import OperationalError

    try:
        connection.ensure_connection()
    except OperationalError as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return f"DATABASE_URL: cannot connect to the database ({reason})"
    return None


if __name__ == "__main__":
    main()
