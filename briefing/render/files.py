"""Atomic file writes: a crash never leaves a half-written file where the last good one was.

Each output is written to a temporary file in the same folder (so the final rename stays on one
file system), flushed and fsynced, then moved into place with :func:`os.replace`, which is
atomic on POSIX and Windows. The folder itself is fsynced afterwards where the platform allows,
so the rename survives a power cut too.

A brief is several files: :func:`write_files` stages them all first and only then moves them into
place one after another, under a lock on the folder and base name (see ``lock_path``), so two runs
writing the same report take turns instead of mixing their files, and a kill leaves each file
whole, old or new. Temporary files a killed run left behind are removed by the next run.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import os
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

from filelock import FileLock, Timeout

LOCK_TIMEOUT = 300.0  # seconds to wait for another run writing the same report


class WriteProblem(RuntimeError):
    """The brief's files could not be written; the previous ones, if any, are as they were."""


def _fsync_dir(folder: Path) -> None:
    if not hasattr(os, "O_DIRECTORY"):  # Windows: directories cannot be opened for fsync
        return
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_open(path: Path, mode: str = "wb") -> Iterator[IO]:
    """Open a temporary sibling of ``path`` for writing; on success move it over ``path``.

    If the ``with`` body raises, the temporary file is removed and ``path`` is left as it was.
    ``mode`` is ``"wb"`` or ``"w"`` (text, UTF-8, ``\\n`` line endings).
    """
    if mode not in {"wb", "w"}:
        raise ValueError(f"atomic_open mode must be 'w' or 'wb', not {mode!r}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        handle: IO = os.fdopen(fd, "w", encoding="utf-8", newline="\n") if mode == "w" else os.fdopen(fd, "wb")
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp creates files readable by the owner only; give the usual permissions.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(path.parent)


def write_bytes(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically and return ``path``."""
    with atomic_open(path, "wb") as handle:
        handle.write(data)
    return Path(path)


def write_text(path: Path, text: str) -> Path:
    """Write ``text`` as UTF-8 to ``path`` atomically and return ``path``."""
    return write_bytes(path, text.encode("utf-8"))


def lock_path(folder: Path, basename: str) -> Path:
    """The lock file of report ``basename`` in ``folder``: in the temporary folder, keyed by the
    folder's real path, so the report folder holds nothing but reports."""
    digest = hashlib.sha256(str(Path(folder).resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"briefing-report-{digest}-{basename}.lock"


@contextlib.contextmanager
def report_lock(folder: Path, basename: str, timeout: float = LOCK_TIMEOUT) -> Iterator[Path]:
    """Hold the lock on ``folder``'s report ``basename`` (waiting up to ``timeout`` seconds).

    The lock is the operating system's (``flock``) on a small file, so a killed run never
    leaves it held.
    """
    folder = Path(folder)
    path = lock_path(folder, basename)
    try:
        with FileLock(path, timeout=timeout):
            yield path
    except Timeout:
        raise WriteProblem(
            f"another run has been writing {folder / basename}.* for over {timeout:g} s (lock {path}); "
            "nothing was written"
        ) from None


def write_files(outputs: Sequence[tuple[Path, bytes]], basename: str, timeout: float = LOCK_TIMEOUT) -> list[Path]:
    """Write one report's files (all in one folder) as a set; see the module docstring.

    OSError while staging (disk full, no permission) becomes WriteProblem, and no file is replaced.
    """
    if not outputs:
        return []
    folder = Path(outputs[0][0]).parent
    if any(Path(path).parent != folder for path, _ in outputs):
        raise ValueError("write_files writes into one folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with report_lock(folder, basename, timeout):
            _remove_stale_temporaries(folder, [Path(path).name for path, _ in outputs])
            staged: list[tuple[Path, Path]] = []
            try:
                for path, data in outputs:
                    staged.append((_stage(Path(path), data), Path(path)))
                for tmp, path in staged:
                    os.replace(tmp, path)
            except BaseException:
                for tmp, _ in staged:
                    with contextlib.suppress(OSError):
                        tmp.unlink()
                raise
            _fsync_dir(folder)
    except OSError as error:
        raise WriteProblem(f"cannot write the brief in {folder}: {error.strerror or error}") from error
    return [Path(path) for path, _ in outputs]


def _stage(path: Path, data: bytes) -> Path:
    """``data`` in a fsynced temporary sibling of ``path``, with the usual permissions."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return tmp


def _remove_stale_temporaries(folder: Path, names: Sequence[str]) -> None:
    """Temporary files of these outputs left by a run that was killed (call with the lock held)."""
    for name in names:
        for stale in glob.glob(os.path.join(glob.escape(str(folder)), f".{glob.escape(name)}.*.tmp")):
            with contextlib.suppress(OSError):
                os.unlink(stale)
