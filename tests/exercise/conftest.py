import pytest

from voice_companion.app.runtime import load_exercises


@pytest.fixture(scope="module")
def catalog():
    return load_exercises()[0]


@pytest.fixture(autouse=True)
def own_data_dir(tmp_path, monkeypatch):
    """What an exercise question writes (the topic, the offer) goes to a folder of the test's own."""
    monkeypatch.setenv("VOICE_COMPANION_DATA_DIR", str(tmp_path))
