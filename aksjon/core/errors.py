"""The small tree of domain errors. Each edge (HTML, JSON, CLI) translates it once."""
from __future__ import annotations


class DomainError(Exception):
    """Base of every error the core and the actions raise on purpose."""

    code = "domain_error"
    status = 400

    def __init__(self, template: str, *, field: str | None = None, **params):
        # The message is kept as an English template plus its values, so each edge
        # can show it in the reader's language (gettext(template) % params).
        self.template = template
        self.params = params
        self.field = field
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return self.template % self.params if self.params else self.template

    def localized(self, translate=lambda s: s) -> str:
        text = translate(self.template)
        return text % self.params if self.params else text

    def as_dict(self, translate=lambda s: s) -> dict:
        """The stable error shape every JSON answer uses."""
        body = {"code": self.code, "message": self.localized(translate)}
        if self.field:
            body["field"] = self.field
        return {"error": body}


class InvalidInput(DomainError):
    code = "invalid"
    status = 400


class AccessDenied(DomainError):
    """The user's role may never do this action on this kind of object."""

    code = "forbidden"
    status = 403


class NotFound(DomainError):
    """Missing, or outside the user's scope: the two answer alike on purpose."""

    code = "not_found"
    status = 404


class Conflict(DomainError):
    """The object's state does not allow the change (e.g. closing a closed follow-up)."""

    code = "conflict"
    status = 409


class Stale(Conflict):
    """The record changed since the page the change was made from showed it. Nothing was
    written; `current` is the record as it is now, so the edge can show both side by side."""

    code = "stale"
    status = 409

    def __init__(self, template: str, *, current: dict | None = None, **params):
        self.current = current or {}
        super().__init__(template, **params)

    def as_dict(self, translate=lambda s: s) -> dict:
        body = super().as_dict(translate)
        body["error"]["current"] = self.current
        return body
