"""What both benchmarks share: their own database under bench/out/ (unless a
DATABASE_URL is given), Django set up and migrated, and the machine line."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"


def setup_django(database_file: str) -> None:
    sys.path.insert(0, str(ROOT))
    OUT.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{OUT / database_file}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scrutiny.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def machine() -> str:
    system = os.uname()
    return f"Machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, {system.sysname} {system.release}"
