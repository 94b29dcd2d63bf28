"""Logs an operator can use: one line per request, each with a request id.

- Every request gets an id: the proxy's `X-Request-ID` if it sent a short,
  safe one (so the proxy's log and ours share it), else a new one. It is sent
  back as `X-Request-ID`, printed on the error pages for a user to quote, and
  carried by every log record made while the request is handled, whichever
  logger makes it (a log record factory reads it).
- One line per request (logger `scrutiny.requests`): method, path, status,
  milliseconds and the user's id. Never a password, a token or a session:
  the query string is left out (a sign-in provider's callback carries its
  code there) and a set-password link's token, a calendar link's key and an
  API key pasted into the address are blanked, whatever shape the address
  takes. A load balancer's
  successful probes of /health/ are left out too; failing ones are logged.
- SCRUTINY_LOG_FORMAT=json writes each record as one JSON object a line
  (`JsonLinesFormatter`), tracebacks included; the default is plain text.

This module is imported by the settings (for the record factory), so it
imports nothing of Django's at the top.
"""

import contextvars
import datetime
import json
import logging
import re
import time
import traceback
import uuid

_request_id = contextvars.ContextVar("request_id", default="-")
_SAFE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
# Paths that carry a secret, in whatever shape a request asks for them
# (any case, doubled slashes, no or another suffix, trailing junk): only
# what comes before the secret is logged.
# /account/set-password/<uidb64>/<token>/: the token signs whoever holds it in.
_SET_PASSWORD = re.compile(r"^/+account/+set-password/+[^/]*/*(.+)$", re.IGNORECASE)
# /calendar/<key>.ics: the key reads whoever's dates it is (actionplans/calendars/).
_CALENDAR = re.compile(r"^/+calendar/+(.+)$", re.IGNORECASE)
# Anything else that looks like a key, wherever it stands (/calendars/<key>.ics,
# /account/calendar/<key>.ics, /<key>): a run of 32 or more of the
# characters of a URL-safe key (a calendar key is 43) holding capitals and
# small letters both, which no slug of ours does (they are lower-case).
_KEY_LIKE = re.compile(r"[A-Za-z0-9_-]{32,}")
# An API key pasted anywhere into an address: it starts with the prefix
# every key has (actionplans.models.api_tokens.KEY_PREFIX; a test holds the two
# the same), and reads as its login.
API_KEY_PREFIX = "scr_"
_API_KEY = re.compile(re.escape(API_KEY_PREFIX) + r"[A-Za-z0-9_-]+")

logger = logging.getLogger("scrutiny.requests")


def current_request_id() -> str:
    return _request_id.get()


_default_factory = logging.getLogRecordFactory()


def _record_with_request_id(*args, **kwargs):
    record = _default_factory(*args, **kwargs)
    record.request_id = _request_id.get()
    return record


logging.setLogRecordFactory(_record_with_request_id)


def loggable_path(path: str) -> str:
    for secret in (_SET_PASSWORD, _CALENDAR):
        match = secret.match(path)
        if match:
            return path[: match.start(1)] + "[hidden]"
    return _KEY_LIKE.sub(_hide_key, _API_KEY.sub(f"{API_KEY_PREFIX}[hidden]", path))


def _hide_key(match: re.Match) -> str:
    run = match.group()
    return "[hidden]" if run.lower() != run and run.upper() != run else run


class RequestLogMiddleware:
    """First in MIDDLEWARE, so it times and names everything after it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get("X-Request-ID", "")
        request_id = offered if _SAFE_ID.fullmatch(offered) else uuid.uuid4().hex
        token = _request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            self.log(request, response.status_code, time.perf_counter() - started)
            return response
        finally:
            _request_id.reset(token)

    @staticmethod
    def log(request, status: int, seconds: float) -> None:
        if getattr(request, "is_health_probe", False) and status == 200:
            return
        user = getattr(request, "user", None)
        user_id = user.pk if user is not None and user.is_authenticated else None
        path = loggable_path(request.path)
        milliseconds = round(seconds * 1000)
        logger.info(
            "%s %s %s %dms user=%s",
            request.method,
            path,
            status,
            milliseconds,
            user_id if user_id is not None else "-",
            extra={"method": request.method, "path": path, "status": status, "ms": milliseconds, "user_id": user_id},
        )


class HidePathSecrets(logging.Filter):
    """On Django's own request logger (its 500s, with the path): the same
    blanking of a set-password link's secret as the request line's."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(loggable_path(arg) if isinstance(arg, str) else arg for arg in record.args)
        return True


# The attributes every LogRecord has; anything else on a record was passed
# as `extra` and goes into the JSON line as a field of its own, but for the
# request object Django's loggers attach (its text carries the query string).
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "request_id", "request"}


class JsonLinesFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                line[key] = value
        if record.exc_info:
            line["exception"] = "".join(traceback.format_exception(*record.exc_info))
        elif record.stack_info:
            line["stack"] = record.stack_info
        return json.dumps(line, default=str, ensure_ascii=False)


class PlainFormatter(logging.Formatter):
    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        if not hasattr(record, "request_id"):
            record.request_id = "-"
        return super().format(record)
