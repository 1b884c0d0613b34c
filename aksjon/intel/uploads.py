"""Uploaded source files, kept under DATA_DIR/uploads by their SHA-256 until a worker imports them."""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.utils.text import get_valid_filename

from aksjon.core.errors import InvalidInput
from aksjon.core.text import gettext_noop


def uploads_dir() -> Path:
    return Path(settings.DATA_DIR) / "uploads"


def safe_name(name: str) -> str:
    try:
        return get_valid_filename(Path(name or "").name)[-100:]
    except SuspiciousFileOperation:
        return "upload"


def discard(stored_path: str) -> None:
    """Delete a stored upload; only ever a file in the uploads folder, never the command's own file."""
    path = Path(stored_path or "")
    if path.parent.resolve() == uploads_dir().resolve() and path.is_file():
        path.unlink(missing_ok=True)


def check_size(size: int | None) -> None:
    """Refuse an upload over settings.MAX_UPLOAD_BYTES (AKSJON_MAX_UPLOAD_MB), naming the form's field."""
    limit = settings.MAX_UPLOAD_BYTES
    if size is not None and size > limit:
        raise InvalidInput(gettext_noop("The file is larger than %(max)s MB, the most an import takes."),
                           field="file", max=limit >> 20)


def store(uploaded_file, name: str) -> tuple[Path, str]:
    """Write the upload as uploads/<sha256>-<name>; the same file twice is kept once.

    The size is checked before and while the file streams to disk (a client's stated size
    may be wrong); a refused file leaves nothing behind."""
    check_size(uploaded_file.size)
    folder = uploads_dir()
    folder.mkdir(parents=True, exist_ok=True)
    digest, written = hashlib.sha256(), 0
    with tempfile.NamedTemporaryFile(dir=folder, suffix=".part", delete=False) as out:
        try:
            for chunk in uploaded_file.chunks():
                written += len(chunk)
                check_size(written)
                digest.update(chunk)
                out.write(chunk)
        except BaseException:
            out.close()
            os.unlink(out.name)
            raise
    path = folder / f"{digest.hexdigest()}-{name}"
    os.replace(out.name, path)
    return path, digest.hexdigest()
