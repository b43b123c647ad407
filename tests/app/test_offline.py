"""Nothing leaves the machine: a real process loads the voice (onnxruntime, whose telemetry
thread looks up a Microsoft host about 9 s after import) and Whisper (ctranslate2, the Hugging
Face hub client), transcribes, and stays alive past that moment, under strace in a network
namespace of its own, so even a failure of this test sends nothing anywhere. Marked
network_audit (select with -m network_audit); needs root or user namespaces, and strace."""

import os
import re
import shutil
import subprocess
import sys

import pytest
from fakes import REPO

pytestmark = pytest.mark.network_audit

# Loaded through the package, as every entry point is; nothing here sets any environment.
PROBE = """
import time
import numpy as np
from voice_companion.models import voice_path, whisper_dir
from voice_companion.speech.stt import SpeechToText
from voice_companion.speech.tts import TextToSpeech
TextToSpeech(voice_path("en_US-joe-medium")).synthesize("Hello.")
SpeechToText(whisper_dir()).transcribe(np.zeros(16000, np.float32))
print("voice loaded", flush=True)
time.sleep(12)
"""

_INET = re.compile(r"(connect|sendto|sendmsg)\(\d+, \{sa_family=AF_INET6?, .*?(inet_addr\(\"([^\"]+)\"\)|inet_pton\(AF_INET6, \"([^\"]+)\")")


def outside_contacts(trace: str) -> list[str]:
    """Every connect/send to an address that is not this machine."""
    found = []
    for line in trace.splitlines():
        m = _INET.search(line)
        if m:
            addr = m.group(3) or m.group(4)
            if not (addr.startswith("127.") or addr == "::1"):
                found.append(line.strip())
    return found


def test_outside_contacts_reads_strace_lines():
    # The parser the audit relies on: a DNS lookup is caught, loopback is not.
    dns = '42 connect(8, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.255.255.53")}, 16) = -1 ENETUNREACH'
    v6 = '42 connect(9, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "2603:1030::1", &sin6_addr)}, 28'
    local = '42 connect(8, {sa_family=AF_INET, sin_port=htons(11434), sin_addr=inet_addr("127.0.0.1")}, 16) = 0'
    assert outside_contacts("\n".join([dns, v6, local])) == [dns, v6]


def test_importing_the_package_forces_telemetry_off_whatever_the_shell_says():
    env = dict(os.environ, ORT_DISABLE_TELEMETRY="0", HF_HUB_OFFLINE="0", PYTHONPATH=str(REPO))
    code = "import os, voice_companion; print(os.environ['ORT_DISABLE_TELEMETRY'], os.environ['HF_HUB_OFFLINE'])"
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert p.stdout.split() == ["1", "1"], p.stderr


def test_loading_the_voice_reaches_for_no_network_and_writes_no_telemetry(tmp_path):
    if shutil.which("strace") is None or shutil.which("unshare") is None:
        pytest.fail("strace and unshare are needed for the network audit: apt-get install strace util-linux")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ORT_", "HF_", "DO_NOT_TRACK"))}
    env.update(HOME=str(tmp_path / "home"), PYTHONPATH=str(REPO))
    trace = tmp_path / "trace"
    p = subprocess.run(
        ["strace", "-f", "-qq", "-e", "trace=connect,sendto,sendmsg", "-o", str(trace),
         "unshare", "-n", sys.executable, "-c", PROBE],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert p.returncode == 0 and "voice loaded" in p.stdout, p.stderr
    assert outside_contacts(trace.read_text()) == []
    # onnxruntime's device id and event queue live here when its telemetry runs.
    assert not (tmp_path / "home" / ".cache" / "Microsoft").exists()
