# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""The app's log (stderr): no secret in it at any level, and no traceback for
what a client sent.

The session token and the launch code travel in request headers, which
libraries log at debug level (uvicorn's WebSocket handshake, for one): every
log record, from any logger to any handler, is made with them replaced by
`[redacted]`, in its message and its traceback alike.

uvicorn logs a WebSocket text message that is not UTF-8 as an ERROR with a
traceback; the connection is closed (1007) either way, and it becomes one
warning line.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

REDACTED = "[redacted]"


class Redactor:
    """Replaces each of `secrets` in a text with `[redacted]`."""

    def __init__(self, secrets: Iterable[str]) -> None:
        self.secrets = tuple(secret for secret in secrets if secret)

    def add(self, secret: str) -> None:
        """Redact one more (a code issued for another window)."""
        self.secrets = (*self.secrets, secret)

    def __call__(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return text

    def record(self, record: logging.LogRecord) -> logging.LogRecord:
        """The record, its message and traceback already written out and redacted."""
        record.msg, record.args = self(record.getMessage()), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self(record.exc_text)
        if record.stack_info:
            record.stack_info = self(record.stack_info)
        return record


class InvalidUtf8AsWarning(logging.Filter):
    """uvicorn's ERROR and traceback for a text message that is not UTF-8
    becomes one warning line."""

    MESSAGE = "Invalid UTF-8 sequence received from client."

    def filter(self, record: logging.LogRecord) -> bool:
        if record.getMessage() == self.MESSAGE:
            record.msg, record.args = "closed a WebSocket: a text message was not UTF-8", None
            record.exc_info, record.exc_text = None, None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


def keep_secrets_out(secrets: Iterable[str]) -> Redactor:
    """Redact `secrets` from every log record made from now on (and what is
    later added to the redactor returned)."""
    redactor = Redactor(secrets)
    make_record = logging.getLogRecordFactory()

    def redacted_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return redactor.record(make_record(*args, **kwargs))

    logging.setLogRecordFactory(redacted_record)
    return redactor


def quiet_client_noise() -> None:
    logging.getLogger("uvicorn.error").addFilter(InvalidUtf8AsWarning())
