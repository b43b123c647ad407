"""Every setting is checked: a bad value in the config file (or the environment) is named with
its fix and the default is used, so the companion carries on; a bad value typed on the command
line stops with the same plain message, since the person is there to retype it."""

import math

import pytest

from voice_companion.config import DEFAULTS, RANGES, ConfigError, load_config
from voice_companion.llm.base import LLMUnavailable
from voice_companion.llm.ollama import resolve_host


def from_file(tmp_path, text):
    path = tmp_path / "config.toml"
    path.write_text(text)
    return load_config(path), path


def default(dotted):
    section, key = dotted.split(".")
    return DEFAULTS[section][key]


def too_big(dotted):
    lo, hi = RANGES[dotted]
    return hi * 10 + 1 if isinstance(hi, int) else hi * 10 + 0.5


@pytest.mark.parametrize("dotted", sorted(RANGES))
def test_every_number_out_of_range_in_the_file_is_named_and_the_default_used(tmp_path, dotted):
    section, key = dotted.split(".")
    for bad in (too_big(dotted), RANGES[dotted][0] - 1):
        cfg, path = from_file(tmp_path, f"[{section}]\n{key} = {bad}\n")
        assert cfg.get(dotted) == default(dotted)
        [problem] = cfg.problems
        assert dotted in problem and str(path) in problem and "use a number from" in problem
        assert "default" in cfg.sources[dotted]


@pytest.mark.parametrize("dotted", sorted(RANGES))
def test_every_number_out_of_range_on_the_command_line_stops_with_the_key(dotted):
    with pytest.raises(ConfigError, match=rf"--set: {dotted} = .* use a number from"):
        load_config(overrides=[(dotted, str(too_big(dotted)), "--set")])


def test_infinity_and_nan_from_toml_are_out_of_range(tmp_path):
    cfg, _ = from_file(tmp_path, "[listen]\nmax_utterance_seconds = inf\n[care]\nbreak_after_minutes = nan\n")
    assert cfg.get("listen.max_utterance_seconds") == 30.0 and not math.isnan(cfg.get("care.break_after_minutes"))
    assert len(cfg.problems) == 2


def test_a_context_too_small_for_any_turn_is_refused(tmp_path):
    # llm.context = 16 once made every turn fail, with only a line in the log.
    cfg, _ = from_file(tmp_path, "[llm]\ncontext = 16\n")
    assert cfg.get("llm.context") == 2048 and "llm.context" in cfg.problems[0]
    cfg, _ = from_file(tmp_path, "[llm]\ncontext = 1024\nmax_tokens = 1000\n")
    assert cfg.get("llm.max_tokens") == 120 and "at most half" in cfg.problems[0]


def test_a_late_start_that_is_not_a_time_is_named(tmp_path):
    cfg, path = from_file(tmp_path, '[care]\nlate_start = "25:99"\nlate_end = "5am"\n')
    assert cfg.get("care.late_start") == "23:00" and cfg.get("care.late_end") == "05:00"
    assert any("care.late_start = '25:99' is not a time: write it like 23:00" in p for p in cfg.problems)
    with pytest.raises(ConfigError, match="care.late_start"):
        load_config(overrides=[("care.late_start", "25:99", "--set")])


def test_the_care_nudges_start_with_the_corrected_times(tmp_path):
    from voice_companion.conversation.care import CareNudges

    cfg, _ = from_file(tmp_path, '[care]\nlate_start = "25:99"\n')
    # This used to end the session with "Something went wrong: ValueError".
    nudges = CareNudges(late_start=cfg.get("care.late_start"), late_end=cfg.get("care.late_end"))
    assert f"{nudges.late_start:%H:%M}" == "23:00"


def test_an_unknown_region_gets_the_international_lines_not_another_countrys(tmp_path):
    cfg, _ = from_file(tmp_path, '[user]\nregion = "Narnia"\n')
    assert cfg.get("user.region") == "other"
    assert "user.region" in cfg.problems[0] and "US CA UK IE AU NZ" in cfg.problems[0]
    cfg, _ = from_file(tmp_path, '[user]\nregion = "uk"\n')
    assert cfg.problems == [] and cfg.get("user.region") == "uk"


def test_a_typo_or_a_wrong_type_in_the_file_does_not_stop_the_rest(tmp_path):
    cfg, path = from_file(tmp_path, '[llm]\nbakend = "ollama"\ntemperature = "warm"\n[tts]\nrate = 0.8\n[listen]\nendpoint = "sleepy"\n')
    assert cfg.get("tts.rate") == 0.8  # the good setting still counts
    assert cfg.get("llm.temperature") == 0.6 and cfg.get("listen.endpoint") == "normal"
    text = "\n".join(cfg.problems)
    assert "llm.bakend' is not a setting" in text and "llm.temperature' must be float" in text
    assert "quick, normal, patient" in text


def test_an_unreadable_config_file_is_named(tmp_path):
    path = tmp_path / "config.toml"
    path.mkdir()  # unreadable as a file, even for root
    with pytest.raises(ConfigError, match=r"config.toml: this config file cannot be opened"):
        load_config(path)


def test_ollama_host_from_the_environment_is_shown_as_its_source(monkeypatch):
    monkeypatch.setenv("OLLAMA_HOST", "127.0.0.1:9999")
    cfg = load_config()
    assert cfg.get("llm.ollama_host") == "127.0.0.1:9999"
    assert cfg.sources["llm.ollama_host"] == "environment OLLAMA_HOST"
    # The file and the command line still win over the environment.
    cfg = load_config(overrides=[("llm.ollama_host", "127.0.0.1:8888", "--set")])
    assert cfg.sources["llm.ollama_host"] == "--set"


def test_a_malformed_ollama_host_is_named_and_the_local_default_used(monkeypatch):
    monkeypatch.setenv("OLLAMA_HOST", "http://127.0.0.1:abc")
    cfg = load_config()
    assert cfg.get("llm.ollama_host") == "http://127.0.0.1:11434"
    [problem] = cfg.problems
    assert "OLLAMA_HOST" in problem and "'http://127.0.0.1:abc'" in problem and "port" in problem
    # Code that reads the environment itself gets a plain error, not a ValueError.
    with pytest.raises(LLMUnavailable, match=r"OLLAMA_HOST.*port.*Write it like http://127.0.0.1:11434"):
        resolve_host("")
    with pytest.raises(ConfigError, match="llm.ollama_host"):
        load_config(overrides=[("llm.ollama_host", "http://localhost:99999", "--set")])
