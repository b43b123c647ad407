"""`voice-companion bench` as other tools read it: real models, real Piper audio, the JSON shape
and the naive baseline beside every figure. Timings are the bench's business, never asserted here."""

import json
import os
import subprocess
import sys
from pathlib import Path

EXE = str(Path(sys.executable).with_name("voice-companion"))


def test_bench_json_has_every_figure_and_the_naive_ratio():
    p = subprocess.run(
        [EXE, "bench", "--json", "--kind", "command", "--kind", "talk", "--rounds", "1",
         "--backend", "embedded", "--set", "llm.gguf=smollm2-135m"],
        capture_output=True, text=True, timeout=900, env=dict(os.environ),
    )
    assert p.returncode == 0, p.stderr
    assert "Traceback" not in p.stderr
    result = json.loads(p.stdout)
    assert "cores" in result["machine"] and "llama.cpp build" in result["machine"]
    assert result["peak_rss_gb"] > 0
    assert result["cold_start_s"] > 0, result.get("cold_start_error")
    assert result["stt_rtf"] > 0 and result["tts_rtf"] > 0
    assert set(result["kinds"]) == {"command", "talk"}
    for kind, row in result["kinds"].items():
        for stage in ("transcript", "decision", "first_audio"):
            # One short command of four is now and then heard as nothing (tiny.en + Silero; seen once
            # in four fresh runs): the bench reports it as a missing turn, n = 3.
            # The transcript wait may be 0: Whisper often finishes the turn inside the short pause, before
            # the end of the turn is declared. Deciding and speaking always take time.
            least = 0 if stage == "transcript" else 1e-9
            assert row[stage]["n"] >= 3 and row[stage]["p50"] >= least and row[stage]["p95"] >= row[stage]["p50"], (kind, stage)
        assert row["naive_first_audio"]["p50"] > 0
        assert row["first_audio_vs_naive"] > 0
    assert result["kinds"]["talk"]["first_token"]["n"] >= 1  # the model answered open talk
    # The pure-logic stages every turn passes are timed here, not in unit tests.
    assert set(result["logic_ms"]) == {"command_ms", "router_ms", "crisis_rules_ms", "crisis_gate_ms", "flagger_warm_start_ms"}
    assert all(v > 0 for v in result["logic_ms"].values())


def test_bench_names_the_kinds_it_knows():
    p = subprocess.run([EXE, "bench", "--kind", "chat"], capture_output=True, text=True, timeout=60)
    assert p.returncode != 0 and "command" in p.stderr and "talk" in p.stderr and "Traceback" not in p.stderr
