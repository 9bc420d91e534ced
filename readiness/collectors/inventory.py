"""Which files a repository holds, and the text of those worth reading.

``git ls-files`` is the truth when the folder is (inside) a git work tree: it
respects every .gitignore and tells *tracked* from merely present. A folder
that is not a repository is walked instead, honouring its .gitignore files
with pathspec, so both give the same inventory for the same tree.

Bad input is described, never fatal: binary files, files over the size cap,
text that is not UTF-8, symlinks (never followed out of the repository),
submodules and unreadable files each land once in the ``skipped`` list with
their reason, and the rest of the repository is still read.
"""

from __future__ import annotations

import logging
import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pandas as pd
import pathspec

from readiness.gitcmd import run_git

log = logging.getLogger(__name__)

PRUNED_DIRS = {
    ".git",
    "node_modules",
    ".venv",
    "venv",
    "__pycache__",
    ".next",
    ".turbo",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
}
FILE_COLUMNS = {"path": str, "size": "int64", "ext": str, "tracked": bool, "ignored": bool}
BINARY_SNIFF_BYTES = 8192
SENSITIVE_NAMES = {
    "id_rsa": "private key",
    "id_dsa": "private key",
    "id_ecdsa": "private key",
    "id_ed25519": "private key",
    "credentials.json": "credentials file",
    "service-account.json": "credentials file",
    ".npmrc": "registry credentials",
    ".pgpass": "database password file",
    ".htpasswd": "password file",
}
SENSITIVE_SUFFIXES = {
    ".pem": "private key or certificate",
    ".key": "private key",
    ".p12": "key store",
    ".pfx": "key store",
    ".jks": "key store",
    ".dump": "database dump",
    ".sqlite": "database file",
    ".sqlite3": "database file",
    ".db": "database file",
    ".bak": "backup file",
}
# a file written to show the variables (the hospital LMS's .env.production.reference among them)
ENV_TEMPLATES = (".example", ".sample", ".template", ".dist", ".reference")


def sensitive_file_reason(path: str) -> str | None:
    """Why a path looks like something that should not be in a repository, or None.

    A description of the file, not a verdict: a `.pem` may be a public certificate.
    """
    name = PurePosixPath(path).name.lower()
    if (
        name == ".env"
        or name.startswith(".env.")
        or (name.endswith(".env") and name.startswith(".") and name != ".venv")
    ) and not name.endswith(ENV_TEMPLATES):  # .env, .env.production, .docker.env
        return "environment file"
    if name in SENSITIVE_NAMES:
        return SENSITIVE_NAMES[name]
    if name.endswith((".sql.gz", ".sql.zip", ".sql.bz2")) or "dump" in name and name.endswith(".sql"):
        return "database dump"
    if name.endswith(".bak") and PurePosixPath(name[: -len(".bak")]).suffix:
        # a copy is what its original is: `.env.bak` an environment file, `bug_report.md.bak` a page
        return sensitive_file_reason(name[: -len(".bak")])
    return SENSITIVE_SUFFIXES.get(PurePosixPath(name).suffix)


@dataclass
class Inventory:
    """The files of one repository and what could not be taken into account, with why."""

    files: pd.DataFrame
    is_git: bool
    skipped: list[tuple[str, str]] = field(default_factory=list)
    submodules: list[str] = field(default_factory=list)


def git(root: Path, *args: str) -> subprocess.CompletedProcess:
    """git on the repository under assessment, hardened (readiness.gitcmd)."""
    return run_git(root, *args)


def is_inside_git_work_tree(root: Path) -> bool:
    result = git(root, "rev-parse", "--is-inside-work-tree")
    return result.returncode == 0 and result.stdout.strip() == "true"


def _zero_separated(text: str) -> list[str]:
    return [item for item in text.split("\0") if item]


def _git_listing(root: Path) -> tuple[set[str], set[str], set[str], list[str]]:
    """(tracked, untracked, ignored, submodules), paths relative to ``root``."""
    tracked, submodules = set(), []
    for entry in _zero_separated(git(root, "ls-files", "-z", "--stage").stdout):
        meta, path = entry.split("\t", 1)
        (submodules.append(path) if meta.startswith("160000") else tracked.add(path))
    untracked = set(_zero_separated(git(root, "ls-files", "-z", "--others", "--exclude-standard").stdout))
    ignored = {
        p
        for p in _zero_separated(
            git(root, "ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--directory").stdout
        )
        if not p.endswith("/")
    }
    return tracked, untracked, ignored, submodules


class _GitignoreWalk:
    """A directory walk that honours every .gitignore on the way down, like git does."""

    def __init__(self, root: Path):
        self.root = root
        self.files: list[str] = []
        self.ignored: set[str] = set()
        self.unreadable: list[tuple[str, str]] = []

    def _load(self, folder: Path) -> pathspec.GitIgnoreSpec | None:
        file = folder / ".gitignore"
        if not file.is_file():
            return None
        lines = file.read_text(encoding="utf-8", errors="replace").splitlines()
        return pathspec.GitIgnoreSpec.from_lines(lines)

    @staticmethod
    def _matches(specs: list[tuple[str, pathspec.GitIgnoreSpec]], rel: str, is_dir: bool) -> bool:
        ignored = False
        for base, spec in specs:
            sub = rel[len(base) :].lstrip("/") if base else rel
            result = spec.check_file(sub + "/" if is_dir else sub)
            if result.include is not None:
                ignored = result.include
        return ignored

    def run(self) -> _GitignoreWalk:
        specs_by_dir: dict[str, list[tuple[str, pathspec.GitIgnoreSpec]]] = {}
        for folder, dirs, names in walk_folders(self.root, self.unreadable):
            rel_dir = Path(folder).relative_to(self.root).as_posix()
            rel_dir = "" if rel_dir == "." else rel_dir
            inherited = specs_by_dir.get(rel_dir, [])
            own = self._load(Path(folder))
            specs = [*inherited, (rel_dir, own)] if own else inherited
            kept = []
            for name in sorted(dirs):
                rel = f"{rel_dir}/{name}" if rel_dir else name
                if os.path.islink(os.path.join(folder, name)):
                    self.files.append(rel)  # listed, so the inventory reports it; never entered
                elif name not in PRUNED_DIRS and not self._matches(specs, rel, True):
                    kept.append(name)
                    specs_by_dir[rel] = specs
            dirs[:] = kept
            for name in sorted(names):
                rel = f"{rel_dir}/{name}" if rel_dir else name
                self.files.append(rel)
                if self._matches(specs, rel, False):
                    self.ignored.add(rel)
        return self


def walk_folders(root: Path, unreadable: list[tuple[str, str]]) -> Iterator[tuple[str, list[str], list[str]]]:
    """os.walk's (folder, dirs, names), top-down, with an explicit stack: a thousand nested folders
    cannot exhaust Python's recursion, and a folder that cannot be listed is one skipped path.
    Symlinks to folders are listed in ``dirs`` but never entered, as os.walk does."""
    stack = [str(root)]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as entries:
                listed = [(entry.name, _is_folder(entry), entry.is_symlink()) for entry in entries]
        except OSError as exc:
            where = Path(folder).relative_to(root).as_posix()
            unreadable.append((where, f"unreadable folder ({exc.strerror})"))
            continue
        dirs = [name for name, is_folder, _link in listed if is_folder]
        yield folder, dirs, [name for name, is_folder, _link in listed if not is_folder]
        links = {name for name, _folder, link in listed if link}
        stack.extend(os.path.join(folder, name) for name in reversed(dirs) if name not in links)


def _is_folder(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:  # a symlink loop: not a folder, listed as a file and skipped there
        return False


def _within(root: Path, path: Path) -> bool:
    """Whether ``path``, every symlink on the way resolved, stays inside ``root`` (a loop does not)."""
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def _file_row(root: Path, rel: str, skipped: list[tuple[str, str]]) -> dict | None:
    full = root / rel
    try:
        if not full.is_symlink() and not _within(root, full):
            # A folder on the way is a symlink leading outside (or into a loop): never read.
            skipped.append((rel, "reached through a symlinked folder outside the repository, not read"))
            return None
        if full.is_symlink():
            target_inside = _within(root, full)
            reason = (
                "symlink inside the repository, its target read at its own path"
                if target_inside
                else "symlink pointing outside the repository or into a loop, not followed"
            )
            skipped.append((rel, reason))
            return None
        stat = full.stat()
    except OSError as exc:
        skipped.append((rel, f"unreadable ({exc.strerror or exc})"))
        return None
    if not full.is_file():
        return None
    return {"path": rel, "size": stat.st_size, "ext": PurePosixPath(rel).suffix.lower()}


def take_inventory(root: Path, ignore: list[str]) -> Inventory:
    """Every file of the repository minus the configured ``ignore`` globs."""
    is_git = is_inside_git_work_tree(root)
    if is_git:
        tracked, untracked, ignored, submodules = _git_listing(root)
        paths = sorted(tracked | untracked | ignored)
        # A folder the enclosing repository ignores as a whole lists nothing: walk it instead.
        is_git = bool(paths)
    unreadable: list[tuple[str, str]] = []
    if not is_git:
        walk = _GitignoreWalk(root).run()
        tracked, ignored, submodules, paths = set(), walk.ignored, [], walk.files
        unreadable = walk.unreadable
    ignored = {p for p in ignored if not set(PurePosixPath(p).parts) & PRUNED_DIRS}
    paths = [p for p in paths if p in tracked or not set(PurePosixPath(p).parts) & PRUNED_DIRS]
    if ignore:
        configured = pathspec.GitIgnoreSpec.from_lines(ignore)
        paths = [p for p in paths if not configured.match_file(p)]
    skipped = [(path, "git submodule, assessed only as its own repository") for path in submodules]
    skipped += unreadable
    rows = []
    for rel in paths:
        row = _file_row(root, rel, skipped)
        if row:
            rows.append({**row, "tracked": rel in tracked, "ignored": rel in ignored})
    files = pd.DataFrame(rows, columns=list(FILE_COLUMNS)).astype(FILE_COLUMNS)
    return Inventory(files=files, is_git=is_git, skipped=skipped, submodules=submodules)


UNICODE_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def wide_encoding(data: bytes) -> str | None:
    """UTF-16 or UTF-32 text, told by its byte-order mark or, without one, by where the zero bytes
    of ASCII characters fall (every other byte, or three in four); None for anything else."""
    for bom, encoding in UNICODE_BOMS:
        if data.startswith(bom):
            return encoding
    sample = data[:BINARY_SNIFF_BYTES]
    if len(sample) < 8:
        return None

    def zeros(offset: int, step: int) -> float:
        picked = sample[offset::step]
        return picked.count(0) / max(1, len(picked))

    for encoding, offsets, step in (
        ("utf-32-le", (1, 2, 3), 4),
        ("utf-32-be", (0, 1, 2), 4),
        ("utf-16-le", (1,), 2),
        ("utf-16-be", (0,), 2),
    ):
        if (
            all(zeros(o, step) > 0.9 for o in offsets)
            and zeros((set(range(step)) - set(offsets)).pop(), step) < 0.1
        ):
            return encoding
    return None


def decode_text(data: bytes) -> tuple[str, str | None]:
    """The text of a file and, when it needed care, what was done (BOM dropped, not UTF-8…)."""
    wide = wide_encoding(data)
    if wide:
        text = data.decode(wide, errors="replace")
        return text.removeprefix("\ufeff"), f"{wide[:6].upper()} text, decoded"
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), None
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        return (
            data.decode("utf-8", errors="replace"),
            f"not UTF-8 (byte {exc.start}); undecodable bytes replaced",
        )


def read_texts(
    root: Path, files: pd.DataFrame, max_bytes: int, skipped: list[tuple[str, str]]
) -> dict[str, str]:
    """The text of every non-ignored file under the size cap; the others go to ``skipped``."""
    texts = {}
    for rel, size in files.loc[~files["ignored"], ["path", "size"]].itertuples(index=False):
        if size > max_bytes:
            skipped.append((rel, f"larger than the size cap ({size} bytes, cap {max_bytes})"))
            continue
        if not _within(root, root / rel):  # replaced by a symlink since the inventory was taken
            skipped.append((rel, "reached through a symlink outside the repository, not read"))
            continue
        try:
            data = (root / rel).read_bytes()
        except OSError as exc:
            skipped.append((rel, f"unreadable ({exc.strerror or exc})"))
            continue
        if b"\0" in data[:BINARY_SNIFF_BYTES] and wide_encoding(data) is None:
            skipped.append((rel, "binary"))
            continue
        texts[rel], problem = decode_text(data)
        if problem:
            skipped.append((rel, problem))
    return texts
