"""Asks a production server on 127.0.0.1 what a TLS proxy would pass on, and
says what it got: the health check, the sign-in page with production's
headers, a hashed static file from WhiteNoise, and one page of each role
after signing in (the demo council's people, and the first administrator
made as docs/production.md says). Run by .ci/production; exits 1 on any failure."""

import argparse
import os
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.servers import Visitor

# Who signs in, the page of theirs asked for, and words it must show.
ROLES = [
    ("clerk", "Clerk", "/people/", "People"),
    ("marc.stephenson", "Link officer", "/approvals/", "Updates to approve"),
    ("vanessa.housley", "Officer", "/my-updates/", "Your updates"),
    ("councillor", "Committee member", "/committees/", "Committee dashboards"),
    ("opcc.lead", "Partner lead", "/start/", None),
    ("admin", "Administrator", "/admin/", "Reviews, committees and people"),
]

failures = []


def check(what: str, ok: bool, detail: str = "") -> None:
    print(f"{'ok  ' if ok else 'FAIL'} {what}" + (f": {detail}" if detail and not ok else ""))
    if not ok:
        failures.append(what)


def check_health(proxy: Visitor, port: int) -> None:
    """/health/ through the proxy once the server is up, and as the load
    balancer probes it: by address, over plain HTTP."""
    deadline = time.monotonic() + 90
    health = proxy.get("/health/")
    while health.status != 200 and time.monotonic() < deadline:
        time.sleep(0.5)
        health = proxy.get("/health/")
    check("/health/ answers 200", health.status == 200, f"{health.status} {health.body[:300]}")
    # CI has no system clamd (it needs freshclam's signatures from the
    # internet), so the virus scanner's check says degraded, not failing.
    print(f"     /health/ says: {health.body.strip()}")
    # The load balancer's own probe: by address, over plain HTTP.
    by_address = Visitor(port).get("/health/")
    check("/health/ answers a probe by address over plain HTTP", by_address.status == 200, str(by_address.status))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--host", required=True)
    args = parser.parse_args()
    proxy = Visitor(args.port, host=args.host)

    check_health(proxy, args.port)

    sign_in = proxy.get("/sign-in/")
    check("the sign-in page answers 200", sign_in.status == 200 and "Sign in" in sign_in.body, str(sign_in.status))
    check("it is sent with HSTS", "max-age=" in sign_in.headers.get("strict-transport-security", ""))
    check("and a content security policy", "default-src 'self'" in sign_in.headers.get("content-security-policy", ""))
    plain = Visitor(args.port, host=None).request("GET", "/sign-in/", headers={"Host": args.host})
    check(
        "plain HTTP is redirected to HTTPS",
        plain.status == 301 and plain.location.startswith("https://"),
        f"{plain.status} {plain.location}",
    )

    stylesheet = re.search(r'href="(/static/css/app\.[0-9a-f]{12}\.css)"', sign_in.body)
    check("the page names the stylesheet by its hashed name", stylesheet is not None)
    if stylesheet:
        css = proxy.get(stylesheet.group(1), headers={"Accept-Encoding": "gzip"})
        check("the hashed stylesheet is served", css.status == 200, str(css.status))
        check(
            "for a year, immutable",
            "max-age=315360000" in css.headers.get("cache-control", "")
            and "immutable" in css.headers.get("cache-control", ""),
            css.headers.get("cache-control", ""),
        )
        check("compressed", css.headers.get("content-encoding") == "gzip", css.headers.get("content-encoding", ""))

    people = [*ROLES, ("it.admin", "the first administrator", "/admin/", "Reviews, committees and people")]
    for username, role, page, words in people:
        visitor = Visitor(args.port, host=args.host)
        password = os.environ["DJANGO_SUPERUSER_PASSWORD"] if username == "it.admin" else demo_password()
        signed_in = visitor.sign_in(username, password)
        check(f"{role} ({username}) signs in", signed_in.status == 302, f"{signed_in.status} {signed_in.body[:200]}")
        answer = visitor.get(page)
        while answer.status == 302 and answer.location.startswith("/"):
            answer = visitor.get(answer.location)
        check(
            f"{role} reads {page}",
            answer.status == 200 and (words is None or words in answer.body),
            f"{answer.status} {answer.location} {answer.body[:200]!r}",
        )

    if failures:
        print(f"{len(failures)} production check(s) failed")
        sys.exit(1)
    print("Every production check passed")


def demo_password() -> str:
    import tomllib

    with open(Path(__file__).resolve().parents[1] / "fixtures" / "demo_council.toml", "rb") as file:
        return tomllib.load(file)["demo_password"]


if __name__ == "__main__":
    main()
