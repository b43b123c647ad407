"""Where the files that ship with voice-companion are.

exercises/, voices/ and demo/ live at the top of the repository, where a counsellor can find and
read them. A wheel carries copies of them as voice_companion/_shipped/<name> (see pyproject.toml);
a source checkout or an editable install reads them where they are."""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


class ShippedFileMissing(Exception):
    """A folder that is part of voice-companion itself is not there: the install is incomplete."""


def shipped_dir(name: str) -> Path:
    """The folder `name` ("exercises", "voices" or "demo") as installed."""
    candidates = (_HERE / "_shipped" / name, _HERE.parent / name)
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise ShippedFileMissing(
        f"voice-companion's own {name}/ folder is missing (looked in {candidates[0]} and {candidates[1]}). "
        "The install is incomplete: run scripts/setup.sh again, or reinstall the package."
    )
