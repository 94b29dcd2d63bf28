"""A private clamd, for the demo council (`make run`) and the tests: its own
configuration in a directory of its own, listening on a local socket there,
with a signature database holding only the EICAR test signature, made with
ClamAV's `sigtool`. It knows no real malware: production runs Debian's
clamav-daemon with the full database `freshclam` keeps up to date
(docs/production.md). `manage.py run_clamd DIRECTORY` runs one.

The EICAR test file is built from pieces, so that no file in the
repository is itself the test virus. This module imports no model."""

import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

_PIECES = ("X5O!P%@AP[4\\PZX54(P^)7CC)7}$", "EICAR-STANDARD-", "ANTIVIRUS-TEST-FILE!$H+H*")


def eicar() -> bytes:
    """The 68 bytes of the EICAR anti-virus test file."""
    return "".join(_PIECES).encode("ascii")


class ClamAVMissing(RuntimeError):
    """clamd or sigtool is not installed."""


def _find(program: str) -> str | None:
    return shutil.which(program) or next(
        (str(p) for p in (Path("/usr/sbin") / program, Path("/usr/bin") / program) if p.exists()), None
    )


def answers(path: Path) -> bool:
    """Whether a clamd answers PING on the local socket `path`."""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.settimeout(2)
            client.connect(str(path))
            client.sendall(b"zPING\0")
            return client.recv(16).startswith(b"PONG")
    except OSError:
        return False


class PrivateClamd:
    """A clamd started in `directory` (made if missing) and answering on
    its local socket, `socket`, when the constructor returns; `stop()` ends
    it. Raises ClamAVMissing without Debian's clamav-daemon and clamav."""

    def __init__(self, directory: Path, *, timeout: float = 60):
        clamd, sigtool = _find("clamd"), _find("sigtool")
        if not (clamd and sigtool):
            raise ClamAVMissing(
                "ClamAV's clamd and sigtool are not installed (Debian's clamav-daemon and clamav: "
                "apt-get install clamav-daemon clamav)"
            )
        self.directory = directory = Path(directory)
        database = directory / "db"
        database.mkdir(parents=True, exist_ok=True)
        sample = directory / "Eicar-Test-Signature"
        sample.write_bytes(eicar())
        signature = subprocess.run([sigtool, "--md5", str(sample)], check=True, capture_output=True, text=True)
        (database / "eicar.hdb").write_text(signature.stdout.replace(str(sample), "Eicar-Test-Signature"))
        sample.unlink()
        self.socket = directory / "clamd.sock"
        self.log = directory / "clamd.log"
        config = directory / "clamd.conf"
        config.write_text(
            f"LocalSocket {self.socket}\n"
            f"DatabaseDirectory {database}\n"
            f"TemporaryDirectory {directory}\n"
            f"LogFile {self.log}\n"
            "Foreground yes\n"
            "StreamMaxLength 64M\n"
        )
        self.process = subprocess.Popen(
            [clamd, "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        deadline = time.monotonic() + timeout
        while not answers(self.socket):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                log = self.log.read_text() if self.log.exists() else ""
                raise RuntimeError(f"clamd did not start:\n{log[-2000:]}")
            time.sleep(0.2)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
