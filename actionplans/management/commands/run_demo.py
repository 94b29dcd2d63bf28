"""`manage.py run_demo [--port 8000]`: what `make run` does once everything
is installed. It serves the demo council on http://127.0.0.1:PORT, with the
task worker and a private clamd beside the server, and stops all three
together.

In order:

1. If something already listens on the port, it says so and what to do, and
   stops: before the migrations (a first migrate takes a while) and before
   "Serving on". It tries the port as runserver binds it (SO_REUSEADDR), so
   a server stopped a moment ago does not count as using it.
2. It migrates the database and loads the demo council (once: load_demo
   leaves a database that has plans in it alone).
3. It starts the development server, then, once it listens, the task
   worker (`db_worker`) and a private clamd (`run_clamd`, which knows only
   the EICAR test signature): each in a process group of its own, so that
   a signal to one reaches its children too. It is the server's reloader
   too: a server that ends because the code changed is started again.

Ctrl+C (SIGINT), SIGTERM or SIGHUP reach this process (under `make`, in the
terminal's foreground group) and it passes each on to the three groups; it
waits until all of them have ended and then says so, as its last line. A
second Ctrl+C is passed on too: the task worker, if finishing a task, then
stops at once. If the server ends by itself, the others are stopped and the
command fails."""

import contextlib
import errno
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, SystemCheckError
from django.db import connections
from django.utils import autoreload

HOST = "127.0.0.1"
# The exit code of a server whose code changed (django.utils.autoreload).
RELOAD = 3
SERVER, WORKER, CLAMD = "the server", "the task worker", "clamd"


def port_in_use(port: int) -> bool:
    """Whether runserver would find the port taken. Other errors (a port
    below 1024 without root, say) are raised."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return True
            raise
    return False


def in_use_message(port: int) -> str:
    other = next((p for p in range(port + 1, min(port + 100, 65536)) if not port_in_use(p)), None)
    return f"Port {port} is in use: stop what is using it, or run make run PORT={other or 'another number'}."


def names(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


class Command(BaseCommand):
    help = (
        "Migrate, load the demo council and serve it on 127.0.0.1:PORT with the task worker and a private "
        "clamd beside the server (what make run starts); Ctrl+C stops all three."
    )
    # Run while the server starts (serve).
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000, help="The port to serve on (default 8000).")

    def handle(self, *args, port, **options):
        if not 0 < port < 65536:
            raise CommandError(f"PORT must be a number from 1 to 65535, not {port}.")
        self.refuse_a_taken_port(port)
        try:
            call_command("migrate", interactive=False)
            call_command("load_demo")
        except KeyboardInterrupt:
            self.stderr.write("Stopped before serving.")
            sys.exit(130)
        connections.close_all()
        # Once more: the migrations may have taken a while.
        self.refuse_a_taken_port(port)
        self.serve(port)

    def refuse_a_taken_port(self, port: int) -> None:
        try:
            taken = port_in_use(port)
        except OSError as error:
            raise CommandError(f"Cannot serve on port {port}: {error.strerror}.") from None
        if taken:
            self.stderr.write(in_use_message(port))
            sys.exit(1)

    def serve(self, port: int) -> None:
        signals: list[int] = []
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, lambda signum, frame: signals.append(signum))

        clamd_dir = tempfile.mkdtemp(prefix="scrutiny-clamd-")
        # E-mails are sent by the worker, with no request to take an address
        # from, and by the server, whose notifications are made outside the
        # page's request: both link to the port served here unless
        # SCRUTINY_BASE_URL says otherwise.
        env = {
            "SCRUTINY_BASE_URL": f"http://{HOST}:{port}",
            **os.environ,
            "SCRUTINY_CLAMD_SOCKET": str(Path(clamd_dir) / "clamd.sock"),
        }

        def start(*command: str, env=env) -> subprocess.Popen:
            return subprocess.Popen(
                [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *command],
                cwd=settings.BASE_DIR,
                env=env,
                stdin=subprocess.DEVNULL,
                process_group=0,
            )

        self.stdout.write(f"Serving on http://{HOST}:{port} - stop with Ctrl+C")
        self.stdout.flush()
        # This process is runserver's reloader: the server runs as the
        # reloader's child would (Django's RUN_MAIN), watching the code and
        # ending with 3 when it changes, and is started again here. So the
        # first page waits for one server process to start, not two.
        server_env = {**env, autoreload.DJANGO_AUTORELOAD_ENV: "true"}
        children = {SERVER: start("runserver", "--skip-checks", f"{HOST}:{port}", env=server_env)}
        # The system checks run here while the server starts, rather than
        # before it serves (a server started again after a change runs its
        # own); errors stop everything.
        failed_checks = self.checks_failed()
        if failed_checks:
            signals.append(signal.SIGTERM)
        # The others once the server listens (or has had its time), so that
        # the first page is not kept waiting while all three start at once.
        others = {
            WORKER: lambda: start("db_worker", "--no-reload", "--no-startup-delay", env=env),
            # Without ClamAV it says so and ends, and the demo is served
            # without scanning evidence files.
            CLAMD: lambda: start("run_clamd", clamd_dir),
        }
        running = dict(children)  # less those that ended by themselves before the stop
        try:
            server_ended = self.watch(
                children,
                running,
                others,
                signals,
                restart=lambda: start("runserver", f"{HOST}:{port}", env=server_env),
                port=port,
            )
        finally:
            shutil.rmtree(clamd_dir, ignore_errors=True)
        self.say_how_it_ended(port, children, running, server_ended=server_ended, failed_checks=failed_checks)

    def say_how_it_ended(self, port: int, children, running, *, server_ended: bool, failed_checks: str) -> None:
        """The last line: what was stopped, or why everything stopped (then
        exit 1)."""
        if failed_checks:
            self.stderr.write(failed_checks)
            sys.exit(1)
        if server_ended:
            if port_in_use(port):
                self.stderr.write(in_use_message(port))
            others = [name for name in running if name != SERVER]
            stopped = f"; stopped {names(others)} too." if others else "."
            self.stderr.write(f"The server stopped by itself (exit {children[SERVER].returncode}){stopped}")
            sys.exit(1)
        self.stdout.write(f"Stopped {names(list(running))}.")

    def watch(self, children, running, others, signals, *, restart, port: int) -> bool:
        """Until every child has ended: starts the others once the server
        listens, starts the server again when it ends for a change to the
        code, and passes each signal on to all. Whether the server ended by
        itself (the others are then stopped as on Ctrl+C)."""
        started, passed_on, server_ended = time.monotonic(), 0, False
        while True:
            if not signals and children[SERVER].poll() == RELOAD:
                children[SERVER] = running[SERVER] = restart()
            if others and not signals and (port_in_use(port) or time.monotonic() - started > 10):
                for name, begin in others.items():
                    children[name] = running[name] = begin()
                others = {}
            if not signals and self.forget_the_ended(running):
                server_ended = True
                signals.append(signal.SIGTERM)
            for sig in signals[passed_on:]:
                # SIGHUP (the terminal closed) would end the worker in
                # the middle of a task; SIGTERM lets it finish the task.
                self.signal_all(children, signal.SIGINT if sig == signal.SIGINT else signal.SIGTERM)
            passed_on = len(signals)
            ended = all(child.poll() is not None for child in children.values())
            if ended and (signals or children[SERVER].returncode != RELOAD):
                return server_ended
            time.sleep(0.1)

    def checks_failed(self) -> str:
        """The system checks' errors, if any; warnings are printed."""
        try:
            self.check(display_num_errors=True)
        except SystemCheckError as error:
            return str(error)
        return ""

    def forget_the_ended(self, running: dict[str, subprocess.Popen]) -> bool:
        """Drops from `running` whatever ended by itself; whether the server
        did."""
        for name, child in list(running.items()):
            # A server ended for a change to the code is started again.
            if child.poll() is None or (name == SERVER and child.returncode == RELOAD):
                continue
            del running[name]
            if name == WORKER:
                self.stderr.write(
                    f"The task worker stopped by itself (exit {child.returncode}): published rounds' documents "
                    "and e-mail wait until it runs again."
                )
        return SERVER not in running

    @staticmethod
    def signal_all(children: dict[str, subprocess.Popen], sig: int) -> None:
        for child in children.values():
            if child.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(child.pid, sig)
