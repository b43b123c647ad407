"""Nothing leaves the machine, shown the way a careful reviewer would: a long session through the
real command line (typed talk turns with the built-in model, box breathing at its real pace, a
spoken session from recorded utterances, `doctor`) inside a network namespace of its own, with
/etc/resolv.conf pointed at a fake DNS server on loopback that logs every question it is asked,
everything under `strace -f`. Loopback connects alone would hide a lookup (the resolver is on
127.0.0.1 here), so lookups are counted twice: port 53 in the trace, and the server's own log.

onnxruntime's telemetry thread looks up a Microsoft host about 9 s after import, and short
commands exit before that moment; a probe that loads the voice and Whisper and stays alive 12 s
runs alongside, so the moment is always inside the audit whatever the machine's speed.
Marked network_audit (select with -m network_audit); needs root (or user namespaces), strace,
iproute2 and util-linux."""

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fakes import REPO, default_gguf

pytestmark = pytest.mark.network_audit

EXE = str(Path(sys.executable).with_name("voice-companion"))

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

# A DNS server that answers every question "no such name" and writes the name to its log, one a
# line: the namespace's only resolver, so any lookup by any library lands here.
FAKE_DNS = """
import socket, sys
log = open(sys.argv[1], "a", buffering=1)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 53))
open(sys.argv[2], "w").close()
while True:
    q, peer = s.recvfrom(4096)
    labels, i = [], 12
    while i < len(q) and q[i]:
        labels.append(q[i + 1:i + 1 + q[i]].decode("ascii", "replace"))
        i += 1 + q[i]
    log.write(".".join(labels) + "\\n")
    end = i + 5  # the zero byte, QTYPE, QCLASS
    s.sendto(q[:2] + b"\\x81\\x83" + q[4:6] + b"\\x00" * 6 + q[12:end], peer)
"""

# A person's session, as three things at once: typing (the text session, about a minute with
# the exercise at its real pace), speaking (recorded utterances through Whisper, the model and
# Piper, written to a WAV as there is no speaker here) and then `doctor`, plus the probe.
SESSION = """
import json, subprocess, sys, time
from pathlib import Path
exe, work, model, *wavs = sys.argv[1:]
work = Path(work)
model = ["--set", f"llm.gguf={model}"]  # the default model, the one a person gets
def start(name, args, stdin=subprocess.DEVNULL):
    return subprocess.Popen(args, stdin=stdin, stdout=open(work / f"{name}.out", "w"),
                            stderr=open(work / f"{name}.err", "w"), text=True)
typed = start("text", [exe, "--text", *model], stdin=subprocess.PIPE)
typed.stdin.write("hello\\nI had a long day and my shoulders are tight\\nbox breathing\\nno thanks\\n"
                  "a bit calmer\\ncan you tell me something kind\\nthank you, goodbye\\n")
typed.stdin.close()
probe = start("probe", [sys.executable, "-c", sys.stdin.read()])
spoken = start("voice", [exe, "--input-wav", *wavs, "--out", str(work / "voice.wav"), *model])
began = time.monotonic()
seconds = {}
codes = {"voice": spoken.wait()}
seconds["voice"] = time.monotonic() - began
codes["doctor"] = start("doctor", [exe, "doctor", *model]).wait()
seconds["voice+doctor"] = time.monotonic() - began
codes["probe"] = probe.wait()
codes["text"] = typed.wait()
seconds["text"] = time.monotonic() - began
(work / "codes.json").write_text(json.dumps(codes))
(work / "seconds.json").write_text(json.dumps(seconds))
"""

TRACED = "socket,connect,bind,sendto,sendmsg,sendmmsg"

_INET = re.compile(r"(connect|sendto|sendmsg)\(\d+, \{sa_family=AF_INET6?, .*?(inet_addr\(\"([^\"]+)\"\)|inet_pton\(AF_INET6, \"([^\"]+)\")")
_CALL = re.compile(r"^\d+\s+(socket|connect|bind|sendto|sendmsg|sendmmsg)\((.*)$")
_PORT = re.compile(r"sin6?_port=htons\((\d+)\)")
_ADDR = re.compile(r"inet_addr\(\"([^\"]+)\"\)|inet_pton\(AF_INET6, \"([^\"]+)\"|sun_path=@?\"([^\"]*)\"|nl_pid=(\d+)")


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


def sockets_seen(trace: str) -> list[tuple[str, str, str]]:
    """Every socket opened and every address one was pointed at, as (call, family, address),
    once each. Address "" is a socket() call or a send on an already connected socket."""
    seen = set()
    for line in trace.splitlines():
        m = _CALL.match(line.strip())
        if not m:
            continue
        call, args = m.groups()
        if call == "socket":
            seen.add((call, args.split(",")[0], ""))
            continue
        fam = re.search(r"sa_family=(AF_\w+)", args)
        if fam is None:
            continue  # sendto(fd, …, NULL, 0): the socket's own peer, already listed by its connect
        addr = _ADDR.search(args)
        where = next((g for g in addr.groups() if g is not None), "") if addr else ""
        port = _PORT.search(args)
        seen.add((call, fam.group(1), f"{where}:{port.group(1)}" if port else where))
    return sorted(seen)


def lookups(entries: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """Name lookups among them: anything sent to port 53, or to a resolver daemon's socket (a Unix
    socket reaches outside a network namespace, so nscd or systemd-resolved would be a leak)."""
    return [e for e in entries if e[2].endswith(":53") or "nscd" in e[2] or "resolve" in e[2]]


def loopback_only(entries: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """The ones that could reach another machine: an internet address that is not loopback, or a
    family that is neither local (Unix, netlink to this kernel) nor internet."""
    bad = []
    for call, fam, where in entries:
        if fam in ("AF_INET", "AF_INET6") and where:
            host = where.rsplit(":", 1)[0]
            if not (host.startswith("127.") or host == "::1"):
                bad.append((call, fam, where))
        elif fam not in ("AF_INET", "AF_INET6", "AF_UNIX", "AF_LOCAL", "AF_NETLINK"):
            bad.append((call, fam, where))
    return bad


def test_the_trace_readers_catch_a_lookup_and_pass_loopback():
    # The parsers the audit relies on, on lines as strace 6 writes them.
    dns = '42 connect(8, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.255.255.53")}, 16) = -1 ENETUNREACH'
    v6 = '42 connect(9, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "2603:1030::1", &sin6_addr)}, 28'
    local = '42 connect(8, {sa_family=AF_INET, sin_port=htons(11434), sin_addr=inet_addr("127.0.0.1")}, 16) = 0'
    local_dns = '43 sendto(7, "\\x12\\x34"..., 40, MSG_NOSIGNAL, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("127.0.0.1")}, 16) = 40'
    nscd = '44 connect(5, {sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"}, 110) = -1 ENOENT'
    opened = '45 socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_TCP) = 6'
    assert outside_contacts("\n".join([dns, v6, local])) == [dns, v6]
    entries = sockets_seen("\n".join([dns, v6, local, local_dns, nscd, opened]))
    assert ("connect", "AF_INET", "127.0.0.1:11434") in entries and ("socket", "AF_INET", "") in entries
    assert lookups(entries) == [("connect", "AF_INET", "10.255.255.53:53"), ("connect", "AF_UNIX", "/var/run/nscd/socket"),
                                ("sendto", "AF_INET", "127.0.0.1:53")]
    assert loopback_only(entries) == [("connect", "AF_INET", "10.255.255.53:53"), ("connect", "AF_INET6", "2603:1030::1:443")]


def test_importing_the_package_forces_telemetry_off_whatever_the_shell_says():
    env = dict(os.environ, ORT_DISABLE_TELEMETRY="0", HF_HUB_OFFLINE="0", PYTHONPATH=str(REPO))
    code = "import os, voice_companion; print(os.environ['ORT_DISABLE_TELEMETRY'], os.environ['HF_HUB_OFFLINE'])"
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert p.stdout.split() == ["1", "1"], p.stderr


@pytest.fixture(scope="module")
def long_session(tmp_path_factory, espeak_wav):
    """The session, run once for the tests below: its folder, with the trace and the DNS log."""
    for tool in ("strace", "unshare", "ip", "mount"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is needed for the network audit: apt-get install strace util-linux iproute2")
    tmp_path = tmp_path_factory.mktemp("offline")
    work = tmp_path / "work"
    work.mkdir()
    for name, text in (("dns.py", FAKE_DNS), ("session.py", SESSION), ("probe.py", PROBE)):
        (tmp_path / name).write_text(text)
    (tmp_path / "resolv.conf").write_text("nameserver 127.0.0.1\n")
    dns_log, trace = tmp_path / "dns.log", tmp_path / "trace"
    model = default_gguf()
    wavs = [REPO / "demo" / "01-rough-day.wav", espeak_wav("box breathing"), REPO / "demo" / "03-sister.wav",
            REPO / "demo" / "04-goodbye.wav"]
    # The person's shell: no telemetry switches of its own (the package must set them), no proxy,
    # and fresh config and data folders.
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("ORT_", "HF_", "DO_NOT_TRACK", "PULSE_")) and "proxy" not in k.lower()}
    env.update(HOME=str(tmp_path / "home"), PYTHONPATH=str(REPO), VOICE_COMPANION_DATA_DIR=str(tmp_path / "data"),
               VOICE_COMPANION_CONFIG_DIR=str(tmp_path / "config"))
    q = shlex.join
    canary = q([sys.executable, "-c", 'import socket\ntry: socket.getaddrinfo("canary.voice-companion.test", 80)\nexcept OSError: pass'])
    inside = f"""
set -e
ip link set lo up
mount --bind {q([str(tmp_path / 'resolv.conf')])} /etc/resolv.conf
{q([sys.executable, str(tmp_path / 'dns.py'), str(dns_log), str(tmp_path / 'dns.ready')])} &
dns=$!
for i in $(seq 100); do [ -e {q([str(tmp_path / 'dns.ready')])} ] && break; sleep 0.1; done
rc=0
strace -f --seccomp-bpf -qq -e signal=none -e trace={TRACED} -o {q([str(trace)])} \
    {q([sys.executable, str(tmp_path / 'session.py'), EXE, str(work), str(model), *map(str, wavs)])} < {q([str(tmp_path / 'probe.py')])} || rc=$?
# The control, outside the trace: a lookup made on purpose must reach the fake server's log.
{canary}
kill $dns
exit $rc
"""
    # Without root, a user namespace of its own makes the caller root over the new network and mounts.
    as_root = [] if os.geteuid() == 0 else ["--user", "--map-root-user"]
    p = subprocess.run(["unshare", *as_root, "--net", "--mount", "bash", "-c", inside], capture_output=True, text=True,
                       env=env, timeout=600)
    assert p.returncode == 0, p.stderr
    codes = json.loads((work / "codes.json").read_text())
    out = {name: (work / f"{name}.out").read_text() for name in codes}
    assert codes == {"voice": 0, "doctor": codes["doctor"], "probe": 0, "text": 0}, (work / "text.err").read_text()
    assert "voice loaded" in out["probe"]
    seconds = json.loads((work / "seconds.json").read_text())
    print("seconds from the start:", seconds)
    assert seconds["text"] >= 60  # a long session, by the exercise's own pace: what makes the audit worth having
    # Talk turns answered by the model, the whole exercise at its pace (16 cues, over a minute), a goodbye.
    assert out["text"].count("Breathe in…") == 4 and "I'm here" in out["text"].strip().splitlines()[-1]
    assert "built-in model" in out["doctor"] and "tokens/s" in out["doctor"]
    assert (work / "voice.wav").stat().st_size > 100_000
    assert "Traceback" not in "".join((work / f"{name}.err").read_text() for name in codes)
    return tmp_path


def test_a_long_session_through_the_command_line_looks_up_no_name(long_session):
    dns_log, trace = long_session / "dns.log", long_session / "trace"
    asked = dns_log.read_text().split()
    assert asked, "the control lookup never reached the fake DNS server: the audit would be blind"
    assert set(asked) == {"canary.voice-companion.test"}  # the control's, and nothing from the session
    assert lookups(sockets_seen(trace.read_text())) == []
    # onnxruntime's device id and event queue live here when its telemetry runs.
    assert not (long_session / "home" / ".cache" / "Microsoft").exists()


def test_every_socket_the_session_opens_stays_on_this_machine(long_session):
    text = (long_session / "trace").read_text()
    entries = sockets_seen(text)
    print("sockets seen:", *entries, sep="\n  ")
    assert outside_contacts(text) == []
    assert loopback_only(entries) == []
    # Stricter than loopback: the one internet address is the Ollama check (none answers here),
    # and the Unix sockets are the sound servers' that PortAudio probes for devices.
    assert {e for e in entries if e[1].startswith("AF_INET") and e[2]} == {("connect", "AF_INET", "127.0.0.1:11434")}
    assert all(("pulse" in where or "jack" in where or "dbus" in where)
               for _, fam, where in entries if fam in ("AF_UNIX", "AF_LOCAL") and where), entries
