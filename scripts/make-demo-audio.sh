#!/usr/bin/env bash
# Records the demo's user utterances with espeak-ng (a different voice from the assistant's
# Piper voice, so speech recognition is not only ever tested on its own voice).
# The WAVs are committed; run this only to change them.
set -euo pipefail
cd "$(dirname "$0")/../demo"
say() {  # file, text
  espeak-ng -v en-us+m3 -s 135 -g 2 -w "/tmp/$1.raw.wav" "$2"
  sox "/tmp/$1.raw.wav" -r 16000 -c 1 -b 16 "$1.wav" pad 0.3 0.2
  rm -f "/tmp/$1.raw.wav"
}
say 01-rough-day "Hi. Today has been really hard."
say 02-why-breathing "Why does breathing out slowly help?"
say 03-sister "I had a fight with my sister, and I feel awful."
say 04-goodbye "Thank you. Goodbye."
