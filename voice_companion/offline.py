"""Switch off every library's telemetry and hub access before any of them is imported.

This module is imported by the package's __init__, so it runs before piper (onnxruntime),
faster-whisper (huggingface_hub) or anything else heavy is loaded, whatever the entry point.
The values are forced, not defaulted: the README promises that nothing leaves the machine, and
a stray ORT_DISABLE_TELEMETRY=0 in someone's shell must not quietly break that promise.

onnxruntime 1.32 (pulled in by piper-tts) starts a 1DS telemetry thread at import: about 9 s
later it looks up mobile.events.data.microsoft.com, and it keeps a device id and an event queue
under ~/.cache/Microsoft/DeveloperTools/.onnxruntime/. Measured under strace in a network
namespace: ORT_DISABLE_TELEMETRY=1 in the environment *before* `import onnxruntime` stops both
(no lookup, no files). Setting it after the import does not, and neither does
onnxruntime.disable_telemetry_events(): the thread and its storage are set up when the library
initialises, before any Python code can call that. tests/app/test_offline.py keeps this true.
"""

from __future__ import annotations

import os

OFFLINE_ENV = {
    "ORT_DISABLE_TELEMETRY": "1",  # onnxruntime (piper): no 1DS events, no device id, no DNS
    "HF_HUB_OFFLINE": "1",  # huggingface_hub (faster-whisper, tokenizers): never download
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_IMPLICIT_TOKEN": "1",  # never send a stored token anywhere
    "HF_HUB_DISABLE_UPDATE_CHECK": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "DO_NOT_TRACK": "1",  # the cross-tool convention, for anything that honours it
}


def apply() -> None:
    os.environ.update(OFFLINE_ENV)
