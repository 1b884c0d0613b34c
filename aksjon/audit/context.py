"""The id of the request being served, so every audit row can name it."""
from __future__ import annotations

import contextvars
import uuid

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("aksjon_request_id", default="")


def current_request_id() -> str:
    return _request_id.get()


def begin_request(request_id: str | None = None) -> contextvars.Token:
    return _request_id.set(request_id or str(uuid.uuid4()))


def end_request(token: contextvars.Token) -> None:
    _request_id.reset(token)
