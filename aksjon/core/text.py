"""Marking messages for translation without Django.

xgettext (behind `django-admin makemessages`) collects strings passed to a
function named gettext_noop; the edges translate them when they show them.
"""


def gettext_noop(message: str) -> str:
    return message
