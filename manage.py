#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import contextlib
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scrutiny.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    from scrutiny import startup

    # Settings that do not load: execute_from_command_line says what is
    # wrong, as Django always has.
    with contextlib.suppress(ImproperlyConfigured, ImportError):
        startup.set_up()

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
