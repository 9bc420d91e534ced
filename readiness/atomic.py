"""Writes a reader never sees half done: a file or a whole report folder is written aside, then
published with one rename. A run killed midway leaves the previous file or folder whole, and the
next run clears what the killed one left behind."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

STAGING_MARK = ".partial-"
RETIRED_MARK = ".old-"


def write_atomically(path: Path, text: str, replace: bool = True) -> None:
    """Write ``text`` to ``path`` through a synced temporary file in the same folder. With
    ``replace=False`` an existing file is never overwritten (FileExistsError instead)."""
    with staged_file(path) as temp:
        temp.write_text(text, encoding="utf-8")
        if replace:
            os.replace(temp, path)
        else:
            os.link(temp, path)


@contextmanager
def staged_file(path: Path) -> Iterator[Path]:
    """A temporary file beside ``path`` (same file system, so a rename publishes it), removed
    afterwards whether or not the caller published it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    os.close(fd)
    temp = Path(name)
    temp.chmod(0o666 & ~_umask())  # mkstemp's 0600 would make a published index unreadable to others
    try:
        yield temp
    finally:
        temp.unlink(missing_ok=True)


def _umask() -> int:
    """The process's umask (reading it means setting it: it is put straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def staging_folder(final: Path) -> Path:
    """An empty folder beside ``final`` to build a run into, after clearing what killed runs left:
    their staging folders, and a retired copy (put back when no published folder replaced it)."""
    final.parent.mkdir(parents=True, exist_ok=True)
    for stale in final.parent.glob(f".{final.name}{STAGING_MARK}*"):
        shutil.rmtree(stale, ignore_errors=True)
    for retired in sorted(final.parent.glob(f".{final.name}{RETIRED_MARK}*")):
        if final.exists():
            shutil.rmtree(retired, ignore_errors=True)
        else:
            os.rename(retired, final)
    staging = final.parent / f".{final.name}{STAGING_MARK}{os.getpid()}"
    staging.mkdir()
    return staging


def clear_dead_staging(folder: Path) -> list[Path]:
    """Remove the staging folders under ``folder`` whose run is no longer alive (killed midway):
    a scheduled run's folder is named after its time, so the next run, named after another, would
    never clear them by name. A staging folder of a live process (another run) is left alone."""
    cleared = []
    for staging in folder.glob(f".*{STAGING_MARK}*"):
        pid = staging.name.rsplit(STAGING_MARK, 1)[1]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(staging, ignore_errors=True)
            cleared.append(staging)
    return cleared


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process: alive, and not ours to clear
    return True


def publish_folder(staging: Path, final: Path) -> None:
    """Put ``staging`` in place of ``final``: the old folder is retired by one rename, the new one
    published by another, then the old one removed. A reader sees the old run or the new one whole,
    never one's JSON beside the other's page."""
    retired = final.parent / f".{final.name}{RETIRED_MARK}{os.getpid()}"
    if final.exists():
        os.rename(final, retired)
    os.rename(staging, final)
    shutil.rmtree(retired, ignore_errors=True)
