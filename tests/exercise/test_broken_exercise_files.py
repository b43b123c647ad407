"""One broken exercise file in the config directory: it is named with what to fix, caught by
`exercises --check`, and never stops the other exercises, the built-in ones or any command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from voice_companion.exercise.format import builtin_dir, check_file, load_catalog

GOOD = '''id = "my_breath"
title = "My breath"
category = "breathing"
summary = "A short one."
source = "Me."
triggers = ["my breath"]
'''

BROKEN = {
    "latin1.toml": (GOOD.replace("A short one.", "Un café au lait.") + '[[steps]]\ntype = "say"\ntext = "Ça va."\n').encode("latin-1"),
    "listtype.toml": (GOOD + '[[steps]]\ntype = ["say"]\ntext = "Hello."\n').encode(),
    "pauseinf.toml": (GOOD + '[[steps]]\ntype = "pause"\nseconds = inf\n').encode(),
    "askinf.toml": (GOOD + '[[steps]]\ntype = "ask"\ntext = "What is one thing?"\ntimeout = inf\n').encode(),
    "calledlist.toml": (GOOD + 'called = ["my breath"]\n[[steps]]\ntype = "say"\ntext = "Hello."\n').encode(),
}
WHAT = {"latin1.toml": "UTF-8", "listtype.toml": "type", "pauseinf.toml": "seconds", "askinf.toml": "timeout", "calledlist.toml": "called"}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_file_is_named_and_the_rest_still_load(tmp_path, name):
    (tmp_path / name).write_bytes(BROKEN[name])
    (tmp_path / "fine.toml").write_text(GOOD.replace("my_breath", "fine_one") + '[[steps]]\ntype = "say"\ntext = "Hi."\n')
    catalog, errors = load_catalog([builtin_dir(), tmp_path])
    assert "fine_one" in catalog and "box_breathing" in catalog
    assert len(errors) == 1 and name in str(errors[0]) and WHAT[name] in str(errors[0])
    problems = check_file(tmp_path / name)
    assert problems and name in problems[0] and WHAT[name] in problems[0]


def test_commands_still_run_with_every_broken_file_in_the_config_directory(tmp_path):
    config = tmp_path / "cfg"
    (config / "exercises").mkdir(parents=True)
    for name, data in BROKEN.items():
        (config / "exercises" / name).write_bytes(data)
    env = {**os.environ, "VOICE_COMPANION_CONFIG_DIR": str(config), "VOICE_COMPANION_DATA_DIR": str(tmp_path / "data")}
    exe = str(Path(sys.executable).with_name("voice-companion"))
    done = subprocess.run([exe, "exercises"], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "box_breathing" in done.stdout or "Box breathing" in done.stdout
    assert "Traceback" not in done.stderr
    assert all(name in done.stderr + done.stdout for name in BROKEN)
