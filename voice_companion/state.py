"""Every file under the data directory is written here, and only here.

Some of these files hold the person's own words (the morning notes), so they are private: mode
0600 in a 0700 directory. Every write is atomic (a temp file in the same directory, fsync,
rename), so a crash, a kill -9 or a full disk leaves the old version or the new one, never half
a file; a temp file is removed when the write fails, and one left by a killed process is
removed by the next write of the same file. A damaged JSON file is kept aside as NAME.corrupt
and the log says so, instead of being silently replaced by an empty one.

Saving never raises: a companion that cannot save a note must still talk. `save_*` report a
plain line once (again only after a success) and return False; `load_json` returns None.
"""

from __future__ import annotations

import errno
import json
import os
import secrets
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

DIR_MODE = 0o700
FILE_MODE = 0o600
CORRUPT_SUFFIX = ".corrupt"


def report(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


_reported: set[tuple[str, int]] = set()  # (path, errno) already told, so a 30 s poll does not repeat it


class StateWriteError(OSError):
    """A file under the data directory could not be written; str() is a plain sentence."""

    def __str__(self) -> str:
        return self.strerror or super().__str__()


# --- the directory ----------------------------------------------------------------------------


def ensure_dir(directory: Path) -> Path:
    """Create `directory` (and any missing parents) as 0700, and tighten the data directory
    itself if an older version made it 0755."""
    directory = Path(directory)
    missing = []
    d = directory
    while not d.exists():
        missing.append(d)
        if d.parent == d:
            break
        d = d.parent
    for d in reversed(missing):
        try:
            d.mkdir(mode=DIR_MODE)
        except FileExistsError:
            continue
        os.chmod(d, DIR_MODE)  # mkdir's mode is filtered by the umask
    _tighten(directory)
    return directory


def _tighten(directory: Path) -> None:
    from voice_companion.config import data_dir

    try:
        if directory.resolve() != data_dir().resolve():
            return  # never chmod a directory that is not ours (a --out folder, the home dir)
        st = directory.stat()
        # /tmp-like shared directories (sticky) and the home directory are left alone even if
        # someone points VOICE_COMPANION_DATA_DIR at them.
        if st.st_uid != os.geteuid() or st.st_mode & stat.S_ISVTX or directory.resolve() == Path.home().resolve():
            return
        if stat.S_IMODE(st.st_mode) & 0o077:
            os.chmod(directory, DIR_MODE)
    except OSError:
        pass


# --- writing ----------------------------------------------------------------------------------


def _temp_name(path: Path) -> str:
    return f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp"


def _remove_stale_temps(path: Path) -> None:
    """Temp files of this path left by a process that was killed mid-write."""
    for tmp in path.parent.glob(f".{path.name}.*-*.tmp"):
        pid = tmp.name[len(path.name) + 2 :].split("-", 1)[0]
        if pid.isdecimal() and int(pid) != os.getpid() and not _alive(int(pid)):
            try:
                tmp.unlink()
            except OSError:
                pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process: not ours to judge
    return True


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def atomic_writer(path: Path) -> Iterator[BinaryIO]:
    """A binary file to write `path` through: it appears, complete and 0600, only when the
    block ends without an error. Raises StateWriteError with a plain message on failure."""
    path = Path(path)
    try:
        ensure_dir(path.parent)
        _remove_stale_temps(path)
        tmp = path.parent / _temp_name(path)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except OSError as exc:
        raise StateWriteError(exc.errno, _plain(path, exc)) from None
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            tmp.unlink()
        except OSError:
            pass
        if isinstance(exc, OSError) and not isinstance(exc, StateWriteError):
            raise StateWriteError(exc.errno, _plain(path, exc)) from None
        raise
    _fsync_dir(path.parent)


def write_bytes(path: Path, data: bytes) -> None:
    with atomic_writer(path) as f:
        f.write(data)


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def write_json(path: Path, obj: Any) -> None:
    # Serialised before the file is opened, so a value that cannot be saved touches nothing.
    write_bytes(path, json.dumps(obj, indent=1, ensure_ascii=False).encode("utf-8"))


def _plain(path: Path, exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        why = "the disk is full"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        why = "it is not allowed to write there"
    else:
        why = exc.strerror or type(exc).__name__
    return f"Could not save {path} ({why})."


def _saved(path: Path, what: str, write) -> bool:
    key = str(path)
    try:
        write()
    except StateWriteError as exc:
        if (key, exc.errno or 0) not in _reported:
            _reported.add((key, exc.errno or 0))
            fix = " Free some space so it can be kept." if exc.errno in (errno.ENOSPC, errno.EDQUOT) else ""
            report(f"{exc} Carrying on without saving {what}.{fix}")
        return False
    for done in [k for k in _reported if k[0] == key]:
        _reported.discard(done)
    return True


def save_bytes(path: Path, data: bytes, *, what: str) -> bool:
    """Write atomically; on failure say so plainly (naming `what`, e.g. "the morning notes")
    and return False."""
    return _saved(Path(path), what, lambda: write_bytes(path, data))


def save_text(path: Path, text: str, *, what: str) -> bool:
    return _saved(Path(path), what, lambda: write_text(path, text))


def save_json(path: Path, obj: Any, *, what: str) -> bool:
    return _saved(Path(path), what, lambda: write_json(path, obj))


def append_line(path: Path, line: str, *, what: str) -> bool:
    """One line at the end of a log file (O_APPEND: each line lands whole or not at all)."""
    path = Path(path)

    def write() -> None:
        try:
            ensure_dir(path.parent)
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, FILE_MODE)
        except OSError as exc:
            raise StateWriteError(exc.errno, _plain(path, exc)) from None
        try:
            os.fchmod(fd, FILE_MODE)  # a file an older version made 0644
            data = (line.rstrip("\n") + "\n").encode("utf-8")
            if os.write(fd, data) != len(data):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        except OSError as exc:
            raise StateWriteError(exc.errno, _plain(path, exc)) from None
        finally:
            os.close(fd)

    return _saved(path, what, write)


# --- reading ----------------------------------------------------------------------------------


def read_text(path: Path) -> str:
    """The file's text, or "" when it is missing or unreadable (a marker, not a record)."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def load_json(path: Path, expect: type = dict, *, what: str) -> Any:
    """The JSON in `path` if it is a `expect`; None when there is no file yet. A damaged file
    (cut short, not JSON, the wrong shape) is moved aside to NAME.corrupt, and the log says so,
    then None is returned: the caller starts afresh but nothing is lost for good."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        report(f"Could not read {what} from {path} ({exc.strerror or exc}); carrying on without it.")
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, expect):
            raise ValueError(f"expected a JSON {expect.__name__}, found {type(data).__name__}")
    except (ValueError, RecursionError) as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors;
        # RecursionError is a few thousand nested brackets.
        aside = _aside_name(path)
        try:
            os.rename(path, aside)
            kept = f"kept it as {aside.name}"
        except OSError:
            kept = "could not move it aside"
        report(f"{path} was damaged ({_short(exc)}): {kept} and started {what} afresh.")
        return None
    return data


def _aside_name(path: Path) -> Path:
    """NAME.corrupt, or NAME.corrupt.2, .3, …: a file damaged a second time must not replace the
    copy kept of the first (both may hold the person's words)."""
    aside = path.with_name(path.name + CORRUPT_SUFFIX)
    n = 1
    while aside.exists() or aside.is_symlink():
        n += 1
        aside = path.with_name(f"{path.name}{CORRUPT_SUFFIX}.{n}")
    return aside


def _short(exc: Exception) -> str:
    text = str(exc)
    return text if len(text) <= 80 else text[:77] + "..."
