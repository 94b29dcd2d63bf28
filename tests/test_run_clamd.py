"""The demo's virus scanner: `manage.py run_clamd DIRECTORY`, which `make
run` starts beside the server, runs a clamd knowing the EICAR test
signature on DIRECTORY/clamd.sock, and stops it when told to."""

import io
import signal
import subprocess
import sys

from actionplans import malware
from actionplans.private_clamd import answers, eicar


def test_the_demos_clamd_refuses_the_test_virus_passes_a_document_and_stops_with_the_demo(
    tmp_path, settings, clamd_server
):
    # (clamd_server: skipped where ClamAV is not installed, as the other scans are.)
    command = subprocess.Popen(
        [sys.executable, "manage.py", "run_clamd", str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    try:
        said = command.stdout.readline()
        socket = tmp_path / "clamd.sock"
        assert said.strip() == f"clamd (EICAR test signature only) answers on {socket}"
        settings.SCRUTINY_CLAMD_SOCKET = str(socket)
        assert malware.scan(io.BytesIO(eicar())).found.startswith("Eicar-Test-Signature")
        assert malware.scan(io.BytesIO(b"Minutes of the Hate Crime Group.\n")).clean
    finally:
        command.send_signal(signal.SIGTERM)
        assert command.wait(timeout=30) == 0
    assert not answers(socket)
