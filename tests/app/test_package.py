"""voice-companion as a person installs it: `python -m build` makes a wheel and an sdist, and the
wheel, installed into a fresh virtualenv and run from outside the checkout, finds its exercises,
its voice manifest and its demo (they are package data, not files beside the repository)."""

import os
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest
from fakes import REPO

pytestmark = pytest.mark.package


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    # --no-isolation: build with the setuptools already here, so the test needs no network.
    subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(REPO)],
                   check=True, capture_output=True, text=True)
    return out


@pytest.fixture(scope="module")
def installed(dist, tmp_path_factory):
    """A fresh virtualenv holding the wheel (not an editable link to this checkout). The heavy
    libraries it depends on are borrowed from the test environment through a .pth line, which adds
    their folder to the path without running its .pth files (so the editable install stays out)."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    wheel = next(dist.glob("voice_companion-*.whl"))
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
                   check=True, capture_output=True, text=True)
    site = subprocess.check_output([str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], text=True).strip()
    (Path(site) / "zz-borrowed-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv


def run(venv, *args, cwd):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    return subprocess.run([str(venv / "bin" / "voice-companion"), *args], capture_output=True, text=True, cwd=cwd,
                          env=env, timeout=300)


def test_the_wheel_and_sdist_carry_the_exercises_voices_and_demo(dist):
    names = zipfile.ZipFile(next(dist.glob("*.whl"))).namelist()
    shipped = sorted(p.name for p in (REPO / "exercises").glob("*.toml"))
    assert sorted(Path(n).name for n in names if n.startswith("voice_companion/_shipped/exercises/")) == shipped
    assert "voice_companion/_shipped/voices/manifest.toml" in names
    assert any(n.startswith("voice_companion/_shipped/demo/") and n.endswith(".wav") for n in names)
    with tarfile.open(next(dist.glob("*.tar.gz"))) as t:
        members = t.getnames()
    assert any(m.endswith("exercises/box_breathing.toml") for m in members)
    assert any(m.endswith("voices/manifest.toml") for m in members)


def test_the_installed_command_lists_exercises_and_speaks_from_anywhere(installed, tmp_path):
    p = run(installed, "exercises", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert "box_breathing" in p.stdout and "grounding_54321" in p.stdout
    p = run(installed, "say", "hello", "--out", str(tmp_path / "hello.wav"), cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert (tmp_path / "hello.wav").stat().st_size > 10_000
    # It really ran the installed copy, not this checkout.
    where = subprocess.check_output([str(installed / "bin" / "python"), "-c", "import voice_companion; print(voice_companion.__file__)"],
                                    text=True, cwd=tmp_path)
    assert str(installed) in where
