"""The command line as a person uses it: real subprocesses, real models, plain messages on
every bad input and never a traceback."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fakes import REPO, words

EXE = str(Path(sys.executable).with_name("voice-companion"))


def run(args, *, stdin="", env_extra=None, tmp=None, timeout=300):
    env = dict(os.environ)
    for key in ("PULSE_SERVER", "PULSE_RUNTIME_PATH", "PULSE_STATE_PATH"):
        env.pop(key, None)  # no sound server: like a machine with no sound card
    env.update(env_extra or {})
    return subprocess.run([EXE, *args], input=stdin, capture_output=True, text=True, timeout=timeout, env=env)


def no_traceback(p):
    assert "Traceback" not in p.stderr and "Traceback" not in p.stdout, p.stderr


def test_help_lists_every_command():
    p = run(["--help"])
    for cmd in ("say", "transcribe", "demo", "bench", "doctor", "config", "route", "exercises", "exercise", "morning"):
        assert cmd in p.stdout
    assert "not therapy" in p.stdout and "988" in p.stdout


def test_say_writes_a_wav_that_says_the_sentence(tmp_path, stt):
    from voice_companion.audio.format import load_for_stt

    out = tmp_path / "hello.wav"
    p = run(["say", "Put your feet on the floor, slowly.", "--out", str(out)])
    assert p.returncode == 0, p.stderr
    # Piper varies a little from run to run; most of the words must come back.
    assert len({"feet", "floor", "slowly"} & set(words(stt.transcribe(load_for_stt(out)).text))) >= 2


def test_transcribe_prints_the_words_and_names_a_missing_file(espeak_wav, tmp_path):
    p = run(["transcribe", str(espeak_wav("I need to get up."))])
    assert p.returncode == 0 and "get up" in p.stdout.lower()
    p = run(["transcribe", str(tmp_path / "nope.wav")])
    assert p.returncode == 2 and "nope.wav" in p.stderr and "no such file" in p.stderr
    no_traceback(p)


def test_exercises_are_listed_and_a_broken_file_is_explained(tmp_path):
    p = run(["exercises"])
    for ex in ("grounding_54321", "box_breathing", "breathing_478", "cyclic_sigh", "resonance_breathing", "get_out_of_bed"):
        assert ex in p.stdout
    bad = tmp_path / "mine.toml"
    bad.write_text('id = "mine"\ntitle = "Mine"\ncategory = "breathing"\nsummary = "x"\nsource = "me"\ntriggers = ["mine"]\n'
                   '[[steps]]\ntype = "pause"\nseconds = -3\n')
    p = run(["exercises", "--check", str(bad)])
    assert p.returncode == 1 and "mine.toml" in p.stdout and "step 1" in p.stdout and "seconds" in p.stdout
    no_traceback(p)
    p = run(["exercises", "--check", str(REPO / "exercises" / "box_breathing.toml")])
    assert p.returncode == 0 and "looks good" in p.stdout


def test_a_users_own_exercise_appears_and_a_broken_one_does_not_stop_the_rest(tmp_path):
    mine = tmp_path / "config" / "exercises"
    mine.mkdir(parents=True)
    (mine / "walk.toml").write_text('id = "short_walk"\ntitle = "A short walk"\ncategory = "grounding"\n'
                                    'summary = "A walk to the window."\nsource = "my counsellor"\ntriggers = ["walk"]\n'
                                    '[[steps]]\ntype = "say"\ntext = "Walk to the window."\n')
    (mine / "broken.toml").write_text("id = [oops")
    p = run(["exercises"], env_extra={"VOICE_COMPANION_CONFIG_DIR": str(tmp_path / "config")})
    assert "short_walk" in p.stdout and "box_breathing" in p.stdout
    assert "broken.toml" in p.stdout


def test_an_exercise_runs_to_the_end_by_text_with_no_one_typing():
    p = run(["exercise", "box_breathing", "--text", "--fast"], stdin="")
    assert p.returncode == 0, p.stderr
    assert p.stdout.count("Breathe in… two… three… four") == 4 and "How are you feeling" in p.stdout


def test_an_unknown_exercise_is_named_with_the_ones_that_exist():
    p = run(["exercise", "yoga", "--text"])
    assert p.returncode == 2 and "yoga" in p.stderr and "box_breathing" in p.stderr


def test_route_prints_one_json_decision_per_line():
    lines = ["i want to kill myself", "um can we do that box breeding", "stop", "why does breathing help", "not json"]
    stdin = "\n".join(json.dumps({"text": t}) if t != "not json" else t for t in lines) + "\n"
    p = run(["route"], stdin=stdin)
    out = [json.loads(line) for line in p.stdout.splitlines()]
    assert out[0] == {"text": "i want to kill myself", "crisis": True, "intent": "crisis",
                      "action": "crisis_answer", "category": "suicidal"}
    assert out[1]["intent"] == "breathing" and not out[1]["crisis"]
    assert out[2]["intent"] == "stop"
    assert out[3]["intent"] == "talk"
    assert "error" in out[4] and "line 5" in p.stderr


def test_route_judges_a_question_just_after_an_exercise_as_that_exercises_and_names_a_bad_current():
    rows = [{"text": "what if i have no taste at all?", "current": "grounding_54321"},
            {"text": "what if i have no taste at all?", "current": "yoga"}]
    p = run(["route"], stdin="".join(json.dumps(r) + "\n" for r in rows))
    out = [json.loads(line) for line in p.stdout.splitlines()]
    assert out[0]["action"] != "safety_question" and not out[0]["crisis"]
    assert "error" in out[1] and "yoga" in p.stderr and "grounding_54321" in p.stderr


def test_config_shows_where_each_value_came_from(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text('[tts]\nrate = 0.8\n[user]\nregion = "UK"\n')
    p = run(["config", "--config", str(cfg), "--set", "llm.max_tokens=80", "--hands-free"])
    assert p.returncode == 0
    assert f"rate = 0.8    # file {cfg}" in p.stdout
    assert "max_tokens = 80    # --set" in p.stdout
    assert 'mode = "hands_free"    # --hands-free' in p.stdout
    assert 'backend = "auto"    # default' in p.stdout


@pytest.mark.parametrize("args, needle", [
    (["--set", "llm.colour=blue"], "unknown setting 'llm.colour'"),
    (["--set", "tts.rate=fast"], "'tts.rate' must be float"),
    (["--set", "listen.endpoint=sleepy"], "quick, normal, patient"),
    (["--set", "nodot"], "SECTION.KEY=VALUE"),
])
def test_bad_settings_are_explained(args, needle):
    p = run(["config", *args])
    assert p.returncode == 2 and needle in p.stderr
    no_traceback(p)


def test_a_broken_config_file_is_named(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text("[tts\nrate = ")
    p = run(["config", "--config", str(cfg)])
    assert p.returncode == 2 and str(cfg) in p.stderr and "cannot be read" in p.stderr
    no_traceback(p)


def test_no_sound_devices_give_a_plain_message_and_what_to_try():
    p = run(["--hands-free"], timeout=120)
    assert p.returncode == 2
    assert ("microphone" in p.stderr or "speaker" in p.stderr) and "no such device" in p.stderr
    assert "--text" in p.stderr and "doctor" in p.stderr
    no_traceback(p)


def test_a_missing_model_names_the_path_and_the_package(tmp_path):
    p = run(["transcribe", "x.wav", "--set", f"stt.model_dir={tmp_path / 'whisper'}"])
    assert p.returncode == 2 and str(tmp_path / "whisper") in p.stderr
    p = run(["say", "hi", "--out", str(tmp_path / "a.wav"), "--voice", str(tmp_path / "v.onnx")])
    assert p.returncode == 2 and "v.onnx" in p.stderr
    bad = tmp_path / "model.gguf"
    bad.write_bytes(b"not a model at all")
    p = run(["--text", "--set", f"llm.gguf={bad}", "--backend", "embedded"], stdin="tell me a story\n")
    assert p.returncode == 0  # the conversation goes on without the LLM…
    assert "can only guide exercises" in p.stdout or "find my words" in p.stdout  # …and says so
    assert "model.gguf" in p.stderr and "not a GGUF" in p.stderr
    no_traceback(p)


def test_doctor_says_what_it_found_in_plain_words():
    import platformdirs

    # setup.sh joined the default model into the person's data directory; doctor only reads it.
    p = run(["doctor"], timeout=300, env_extra={"VOICE_COMPANION_DATA_DIR": platformdirs.user_data_dir("voice-companion")})
    assert "speech recognition" in p.stdout and "Ollama" in p.stdout and "memory" in p.stdout
    assert "ollama serve" in p.stdout  # no server here: it says how to start one
    assert "built-in model" in p.stdout and "8 GB" in p.stdout
    assert "tokens/s" in p.stdout  # the default model really generated, in its own process
    assert "AMX_INT8" not in p.stdout  # the build in use has no AMX kernels
    no_traceback(p)


def test_doctor_turns_a_model_that_fails_to_run_into_a_plain_problem(tmp_path):
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"GGUF" + os.urandom(4096))  # looks like a model, is not one
    p = run(["doctor", "--set", f"llm.gguf={broken}"], timeout=300)
    assert "PROBLEM  built-in model" in p.stdout and "broken.gguf" in p.stdout
    assert "scripts/setup.sh" in p.stdout
    no_traceback(p)


def test_demo_runs_the_real_pipeline_and_writes_each_reply(tmp_path):
    p = run(["demo", "--out", str(tmp_path), "--set", "llm.gguf=smollm2-135m"], timeout=600)
    assert p.returncode == 0, p.stderr
    wavs = sorted(tmp_path.glob("*.wav"))
    # A greeting and a reply per turn (a turn that asked a question may take the next one as its answer).
    assert len(wavs) >= 4 and all(w.stat().st_size > 10_000 for w in wavs)
    assert "turn 3" in p.stdout and "route: talk" in p.stdout and "first_audio" in p.stdout


@pytest.mark.parametrize("name", sorted(p.stem for p in (REPO / "exercises").glob("*.toml")))
def test_every_shipped_exercise_runs_to_its_end_by_text(name):
    p = run(["exercise", name, "--text", "--fast"], stdin="")
    assert p.returncode == 0, p.stderr
    no_traceback(p)
    last = p.stdout.strip().splitlines()[-1]
    assert last  # it said its closing line


def test_debug_says_that_it_will_show_the_conversation():
    p = run(["config", "--debug"])
    assert p.returncode == 0 and "Debug mode" in p.stderr and "private" in p.stderr
    assert "Debug mode" not in run(["config"]).stderr


def test_config_names_the_environment_and_a_malformed_ollama_host_without_stopping():
    p = run(["config"], env_extra={"OLLAMA_HOST": "127.0.0.1:9999"})
    assert 'ollama_host = "127.0.0.1:9999"    # environment OLLAMA_HOST' in p.stdout
    p = run(["config"], env_extra={"OLLAMA_HOST": "http://127.0.0.1:abc"})
    assert p.returncode == 0 and "OLLAMA_HOST" in p.stderr and "port" in p.stderr
    assert "Something went wrong" not in p.stderr
    no_traceback(p)


def test_a_bad_number_in_the_file_is_named_and_the_command_carries_on(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text('[llm]\ncontext = 16\n[care]\nlate_start = "25:99"\n')
    p = run(["config", "--config", str(cfg)])
    assert p.returncode == 0
    assert "llm.context = 16 is out of range" in p.stderr and "care.late_start = '25:99'" in p.stderr
    assert "context = 2048    # default (the value from file" in p.stdout


def test_transcribe_json_shows_the_confidence_figures(espeak_wav):
    p = run(["transcribe", "--json", str(espeak_wav("Can we do some breathing?"))])
    no_traceback(p)
    [line] = p.stdout.splitlines()
    data = json.loads(line)
    assert "breathing" in data["text"].lower() and data["doubtful"] is False
    for key in ("avg_logprob", "no_speech_prob", "compression_ratio", "min_word_prob", "doubts", "wav"):
        assert key in data


def test_a_device_number_in_other_digits_is_taken_as_a_name():
    # "²" is a digit to str.isdigit() but not a number to int(): it is a name nothing matches.
    p = run(["say", "Hello.", "--output-device", "²"])
    assert "no device by that name" in p.stderr and "(²)" in p.stderr
    no_traceback(p)


def snapshot(*roots: Path) -> dict:
    """Every file and folder under roots: mode, bytes and modification time, or absent."""
    seen = {}
    for root in roots:
        if not root.exists():
            seen[str(root)] = None
            continue
        for p in [root, *sorted(root.rglob("*"))]:
            st = p.lstat()
            seen[str(p)] = (st.st_mode, st.st_mtime_ns, p.read_bytes() if p.is_file() and not p.is_symlink() else None)
    return seen


@pytest.mark.parametrize("data_exists", [True, False], ids=["older-data-dir", "no-data-dir"])
def test_doctor_changes_nothing_on_disk(tmp_path, data_exists):
    home, data, config = tmp_path / "home", tmp_path / "data", tmp_path / "config"
    (home / ".cache").mkdir(parents=True)
    (config / "exercises").mkdir(parents=True)
    (config / "config.toml").write_text('[llm]\nbackend = "auto"\ntypo = 1\n')
    (config / "instructions.txt").write_text("Keep it short.\n")
    if data_exists:
        # As an older version left it (0755, 0644): doctor only looks; the next session tightens it.
        (data / "journal").mkdir(parents=True)
        (data / "journal" / "2026-06-09.json").write_text('[{"time": "21:00", "who": "you", "text": "mine"}]')
        (data / "morning-notes.json").write_text('{"pending": ["Good morning."]}')
        (data / "exercises-done.json").write_text('["box_breath')  # damaged: doctor must not move it aside
        for p in (data, data / "journal"):
            p.chmod(0o755)
        for p in data.rglob("*.json"):
            p.chmod(0o644)
    # ~/.config/pulse is libpulse's own runtime link, made by any program that probes audio
    # devices, not a file of ours: the person's home is checked below it and in ~/.cache.
    before = snapshot(data, config, home / ".cache", home / ".local")
    p = run(["doctor", "--set", "llm.gguf=smollm2-135m"], timeout=300,
            env_extra={"HOME": str(home), "VOICE_COMPANION_DATA_DIR": str(data), "VOICE_COMPANION_CONFIG_DIR": str(config)})
    assert "tokens/s" in p.stdout and "crisis flagger" in p.stdout  # it loaded every model it checks
    assert "llm.typo" in p.stderr
    no_traceback(p)
    assert snapshot(data, config, home / ".cache", home / ".local") == before


def test_an_unreadable_instructions_file_is_named_and_the_conversation_goes_on(tmp_path):
    config = tmp_path / "config"
    config.mkdir()
    (config / "instructions.txt").write_bytes("Sé breve.".encode("latin-1"))  # not UTF-8
    p = run(["--text", "exercise", "box_breathing", "--fast"], env_extra={"VOICE_COMPANION_CONFIG_DIR": str(config)})
    assert p.returncode == 0 and "instructions.txt" in p.stderr and "UTF-8" in p.stderr
    assert "Breathe in" in p.stdout
    no_traceback(p)
