"""Speech in and out on the real models: Piper speaks, faster-whisper listens, on real WAVs."""

import numpy as np
import pytest
from fakes import words

from voice_companion.audio.format import AudioFileError, load_for_stt, read_wav, write_wav
from voice_companion.speech.stt import clean_transcript


def overlap(expected: str, got: str) -> float:
    # Through the gate's own normaliser, so "you're" and "you are" are the same words.
    from voice_companion.safety.normalise import normalise

    e, g = words(normalise(expected)), set(words(normalise(got)))
    return sum(w in g for w in e) / len(e)


def test_round_trip_piper_to_whisper(tts, stt, piper_wav):
    tts.set_rate(1.0)
    sentences = [
        "Let's breathe together, slowly in and slowly out.",
        "Can you name five things you can see?",
        "Put your feet on the floor when you are ready.",
    ]
    scores = [overlap(s, stt.transcribe(load_for_stt(piper_wav(s))).text) for s in sentences]
    assert sum(scores) / len(scores) >= 0.85, scores


@pytest.mark.parametrize("sentence", [
    "Can we do some breathing?",
    "I need help getting out of bed.",
    "Please stop.",
    "What can I see around me?",
])
def test_a_second_voice_espeak_is_understood(stt, espeak_wav, sentence):
    result = stt.transcribe(load_for_stt(espeak_wav(sentence)))
    assert overlap(sentence, result.text) >= 0.75, result.text


def test_a_44k_stereo_recording_is_converted_and_understood(stt, espeak_wav):
    path = espeak_wav("Help me calm down.", rate=44100, channels=2)
    data, rate = read_wav(path)
    assert rate == 44100 and data.ndim == 2
    result = stt.transcribe(load_for_stt(path))
    assert overlap("help me calm down", result.text) >= 0.75, result.text


def test_silence_and_noise_give_no_words(stt):
    rng = np.random.default_rng(1)
    assert stt.transcribe(np.zeros(16000 * 3, np.float32)).text == ""
    assert stt.transcribe((rng.standard_normal(16000 * 3) * 0.03).astype(np.float32)).text == ""
    # A cough-like burst: a short loud noise with a fast decay.
    burst = rng.standard_normal(16000 // 3) * np.exp(-np.linspace(0, 8, 16000 // 3)) * 0.6
    cough = np.concatenate([np.zeros(8000), burst, np.zeros(16000)]).astype(np.float32)
    assert stt.transcribe(cough).text == ""


def test_whispers_stock_phrases_for_silence_are_dropped():
    for raw in ["Thank you.", " you", "Thanks for watching!", "[BLANK_AUDIO]", "(coughs)", "♪ music ♪",
                "thank you thank you thank you thank you thank you thank you"]:
        assert clean_transcript(raw, no_speech_prob=0.5, avg_logprob=-0.9)[0] == "", raw
    # …but real words survive, including a confident "thank you".
    assert clean_transcript("Thank you.", no_speech_prob=0.01, avg_logprob=-0.2)[0] == "Thank you."
    assert clean_transcript("I can't breathe", 0.2, -0.5)[0] == "I can't breathe"


def test_piper_caches_lines_so_cues_are_synthesized_once(tts):
    before = tts.synth_count
    a = tts.synthesize("In… two… three… four")
    b = tts.synthesize("In… two… three… four")
    assert tts.synth_count == before + 1 and a is b


def test_a_line_streamed_sentence_by_sentence_is_the_same_sound_and_is_cached(tts):
    tts.set_rate(1.0)
    line = "This line is new to the cache. It has a second sentence. And a third one."
    pieces = list(tts.stream(line))
    assert len(pieces) == 3  # one per sentence: the first can play while the rest are made
    before = tts.synth_count
    assert np.array_equal(np.concatenate(pieces), tts.synthesize(line))  # served from the cache
    assert tts.synth_count == before


def test_slower_rate_gives_longer_speech(tts):
    line = "Breathe out slowly."
    old = tts.rate
    try:
        tts.set_rate(1.0)
        normal = tts.synthesize(line).size
        tts.set_rate(0.6)
        slow = tts.synthesize(line).size
    finally:
        tts.set_rate(old)
    assert slow > normal * 1.25


def test_unreadable_wav_names_the_file(tmp_path):
    bad = tmp_path / "notes.wav"
    bad.write_text("not audio")
    with pytest.raises(AudioFileError, match="notes.wav"):
        read_wav(bad)
    with pytest.raises(AudioFileError, match="no such file"):
        read_wav(tmp_path / "missing.wav")


def test_write_and_read_back(tmp_path):
    tone = np.sin(np.linspace(0, 440 * 2 * np.pi, 16000)).astype(np.float32) * 0.5
    write_wav(tmp_path / "t.wav", tone, 16000)
    back, rate = read_wav(tmp_path / "t.wav")
    assert rate == 16000 and np.allclose(back, tone, atol=1e-3)


def test_clear_speech_comes_with_confidence_and_is_not_doubtful(stt, espeak_wav):
    result = stt.transcribe(load_for_stt(espeak_wav("Can we do some breathing?")))
    assert "breathing" in result.text.lower()
    assert result.avg_logprob < 0 and 0 < result.min_word_prob <= 1 and result.compression_ratio > 0
    assert not result.doubtful, result.as_json()


def test_speech_buried_in_noise_is_heard_as_doubtful_not_as_sure(stt, espeak_wav):
    # At 0 dB white noise Whisper still writes words; its own figures must show it was guessing.
    speech = load_for_stt(espeak_wav("Please stop.", speed=170))
    rng = np.random.default_rng(3)
    rms = np.sqrt(np.mean(speech[np.abs(speech) > 0.02] ** 2))
    noisy = (speech + rng.standard_normal(speech.size) * rms * 1.4).astype(np.float32)
    result = stt.transcribe(noisy)
    assert result.text == "" or result.doubtful, result.as_json()


def test_the_other_readings_of_a_doubtful_line_reuse_its_encoding(stt, espeak_wav, monkeypatch):
    # The second opinion on doubtful words must not cost a second encoding of the same audio
    # (most of a short utterance's time on two cores): one per utterance, alternatives included.
    speech = load_for_stt(espeak_wav("Stop.", speed=170))
    rng = np.random.default_rng(5)
    noisy = (speech + rng.standard_normal(speech.size).astype(np.float32) * 0.05).astype(np.float32)
    calls: list[int] = []
    monkeypatch.setattr(stt.model, "model", _Counting(stt.model.model, calls))
    result = stt.transcribe(noisy)
    assert result.doubtful and result.alternatives, result.as_json()
    assert len(calls) == 1, calls


class _Counting:
    """The CTranslate2 Whisper model, counting encoder runs."""

    def __init__(self, model, calls):
        self._model, self._calls = model, calls

    def encode(self, *args, **kwargs):
        self._calls.append(1)
        return self._model.encode(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._model, name)


def test_a_long_first_sentence_starts_playing_after_its_opening_clause(tts):
    # A deterministic answer's first sentence took 0.5-0.6 s to make on 2 busy cores; its
    # opening clause is made alone and plays while the rest is made.
    from voice_companion.speech.tts import opening_clause

    tts.set_rate(1.0)
    line = "Breathing exercises can make some people feel a little worse, for example light-headed. If so, stop."
    assert opening_clause(line) == ["Breathing exercises can make some people feel a little worse,",
                                    "for example light-headed. If so, stop."]
    assert opening_clause("I'm here with you, always.") == ["I'm here with you, always."]  # short: whole
    assert opening_clause("One 2023 study found that five minutes a day of it helped most people feel calmer.") == [
        "One 2023 study found", "that five minutes a day of it helped most people feel calmer."]
    pieces = list(tts.stream(line))
    whole = tts.synthesize(line)
    assert len(pieces) == 3  # the opening clause, the rest of its sentence, the next sentence
    assert np.array_equal(np.concatenate(pieces), whole)


def test_a_long_sentence_is_spoken_whole_in_clauses_that_bound_pipers_memory(tts):
    # Piper's arena keeps what its longest sentence needed (about 20 MB a second of speech), so a
    # long sentence is made clause by clause: every word said, in order, cut only at a pause.
    from voice_companion.speech.tts import LONG_SENTENCE_WORDS, bounded_sentences

    tts.set_rate(1.0)
    line = ("Let us breathe together, slowly and gently, in through the nose and out through the mouth, "
            "at your own pace, and notice how your shoulders drop a little more with every breath.")
    pieces = bounded_sentences(line)
    assert len(pieces) > 1 and all(len(p.split()) <= LONG_SENTENCE_WORDS for p in pieces)
    assert " ".join(pieces).split() == line.split()
    assert all(p.rstrip().endswith(",") for p in pieces[:-1])  # each cut where a speaker pauses
    assert bounded_sentences("I'm here with you. We can go slowly.") == ["I'm here with you. We can go slowly."]
    assert bounded_sentences("It makes sense that you feel this way because the day has asked so much of "
                             "you and you had no time at all to rest.")[0] == "It makes sense that you feel this way"
    chunks = list(tts.stream(line))
    assert len(chunks) >= len(pieces)  # (its opening clause is made alone too)
    assert np.array_equal(np.concatenate(chunks), tts.synthesize(line))
