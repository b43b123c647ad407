"""A local HTTP server that speaks Ollama's documented API (/api/tags, /api/chat with NDJSON
streaming). THE ONE ALLOWED STAND-IN: no Ollama server can be installed on these machines.
Tests that use it are marked `ollama_standin`. It listens on 127.0.0.1 only.

Faults it can play: a model server that is dead (server.runner_dead: every chat answers 500, as
Ollama does when its llama runner has died, while /api/tags still lists the models), one that
hangs (server.hang = "first": headers, then nothing; "middle": one piece, then nothing), and a
slow stream ("slow" model). Run as a program (python ollama_standin.py PORT) it is a process of
its own, to kill -9, SIGSTOP and restart for real."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

MODELS = ["calm:latest", "thinker:latest", "cutter:latest", "nothink:latest", "slow:latest"]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # keep test output clean
        pass

    def _json(self, code, obj):
        body = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _moved(self):
        """A server told to send everything elsewhere (server.redirect_to) answers 307."""
        self.server.hits.append(self.path)
        if not self.server.redirect_to:
            return False
        self.send_response(307)
        self.send_header("Location", self.server.redirect_to + self.path)
        self.send_header("Content-Length", "0")
        self.end_headers()
        return True

    def do_GET(self):
        if self._moved():
            return
        if self.path == "/api/tags":
            self._json(200, {"models": [{"name": m, "model": m, "modified_at": "2026-11-01T00:00:00Z", "size": 1, "digest": "x",
                                         "details": {"format": "gguf", "family": "llama"}} for m in MODELS]})
        else:
            self._json(404, {"error": "not found"})

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        req = json.loads(self.rfile.read(length) or b"{}")
        if self._moved():
            return
        self.server.requests.append(req)
        model = req.get("model", "")
        if self.path != "/api/chat":
            return self._json(404, {"error": "not found"})
        if model not in MODELS and model + ":latest" not in MODELS:
            return self._json(404, {"error": f"model '{model}' not found"})
        if model.startswith("nothink") and "think" in req:
            return self._json(400, {"error": f"\"{model}\" does not support thinking"})
        if self.server.runner_dead:
            return self._json(500, {"error": "llama runner process has terminated: exit status 2"})
        if self.server.hang == "first" or (self.server.hang == "classify" and req.get("format")):
            self.server.release.wait(60)  # the model server took the request and went quiet
            return
        if req.get("format"):
            return self._json(200, {"model": model, "created_at": "2026-11-01T00:00:00Z",
                                    "message": {"role": "assistant", "content": json.dumps({"intent": "breathing"})},
                                    "done": True, "done_reason": "stop"})
        pieces = self.server.replies.get(model.split(":")[0], ["I'm here. ", "Let's take ", "a slow breath."])
        if req.get("stream", True) is False:  # one answer, not a stream (the one-token check)
            wanted = req.get("options", {}).get("num_predict", 0)
            text = pieces[0] if wanted == 1 else "".join(pieces)
            return self._json(200, {"model": model, "created_at": "2026-11-01T00:00:00Z",
                                    "message": {"role": "assistant", "content": text}, "done": True, "done_reason": "stop"})
        self.send_response(200)
        self.send_header("Content-Type", "application/x-ndjson")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()

        def send(obj):
            data = (json.dumps(obj) + "\n").encode()
            self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
            self.wfile.flush()

        if model.startswith("thinker"):
            # A thinking model that ignores think=False: thinking in its own field AND in tags.
            for t in ["They seem upset. ", "Maybe list tall bridges."]:
                send({"model": model, "message": {"role": "assistant", "content": "", "thinking": t}, "done": False})
            pieces = ["<think>secret plan</think>", "You matter. ", "Let's breathe."]
        if model.startswith("slow"):
            pieces = [f"Word {n}. " for n in range(40)]
        for i, piece in enumerate(pieces):
            if self.server.hang == "middle" and i == 1:
                self.server.release.wait(60)
                return
            if model.startswith("slow"):
                time.sleep(0.25)
            if model.startswith("cutter") and i == 2:
                self.wfile.write(b"5\r\n{\"mo")  # the stream dies mid-object, mid-chunk
                self.wfile.flush()
                self.close_connection = True
                return
            send({"model": model, "created_at": "2026-11-01T00:00:00Z", "message": {"role": "assistant", "content": piece}, "done": False})
        send({"model": model, "message": {"role": "assistant", "content": ""}, "done": True, "done_reason": "stop"})
        self.wfile.write(b"0\r\n\r\n")


class OllamaStandIn:
    def __init__(self, port: int = 0):
        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.server.runner_dead = False
        self.server.hang = ""  # "", "first", "middle" or "classify"
        self.server.release = threading.Event()
        self.server.requests = []
        self.server.hits = []  # every path asked for, GET or POST
        self.server.redirect_to = ""
        self.server.handle_error = lambda *a: None  # the "cutter" model drops connections on purpose
        self.server.replies = {}
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def host(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def requests(self):
        return self.server.requests

    @property
    def hits(self):
        return self.server.hits

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.release.set()  # let hung handlers end, so shutdown does not wait on them
        self.server.shutdown()
        self.server.server_close()


def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def start_process(port: int) -> subprocess.Popen:
    """The stand-in as a process of its own, for faults that need one: kill -9, SIGSTOP, restart."""
    proc = subprocess.Popen([sys.executable, str(Path(__file__)), str(port)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    return proc


if __name__ == "__main__":
    # A stand-in of its own, for faults that need a real process: kill -9, SIGSTOP, restart.
    standin = OllamaStandIn(int(sys.argv[1]))
    print("ready", flush=True)
    standin.server.serve_forever()
