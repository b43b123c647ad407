"""Sentence splitting, thinking removal and speech cleanup: pure text logic."""

from voice_companion.conversation.sentences import SentenceSplitter, split_stream
from voice_companion.conversation.speech_text import for_speech
from voice_companion.llm.thinking import ThinkingFilter


def by_chars(text):
    return list(text)


def test_sentences_come_out_as_soon_as_complete_and_keep_their_punctuation():
    s = SentenceSplitter()
    assert s.feed("Let's breathe") == []
    assert s.feed(" together. Are you") == ["Let's breathe together."]
    assert s.feed(" ready? Good! Now") == ["Are you ready?", "Good!"]
    assert s.flush() == ["Now"]


def test_numbers_abbreviations_and_initials_do_not_split():
    text = "Breathe for 2.5 seconds. Dr. Weil made 4-7-8 known. J. Smith agrees."
    assert list(split_stream(by_chars(text))) == [
        "Breathe for 2.5 seconds.", "Dr. Weil made 4-7-8 known.", "J. Smith agrees."]


def test_ellipsis_and_newlines_end_sentences():
    assert list(split_stream(by_chars("In… and out… \nSlowly"))) == ["In…", "and out…", "Slowly"]


def test_a_long_clause_without_full_stop_is_cut_at_a_comma():
    text = "and " * 40 + "then, " + "more " * 20
    out = list(split_stream([text]))
    assert len(out) >= 2 and out[0].endswith(",")


def test_thinking_is_never_passed_on_even_when_tags_are_split():
    f = ThinkingFilter()
    text = "<think>They sound sad. I should list bridges</think>I'm here with you."
    out = "".join(f.feed(c) for c in text) + f.flush()
    assert out == "I'm here with you."


def test_unfinished_thinking_is_dropped_and_stray_close_tag_removed():
    f = ThinkingFilter()
    out = f.feed("<thinking>still thinking about") + f.flush()
    assert out == ""
    f = ThinkingFilter()
    assert (f.feed("Okay.</think> Let's breathe.") + f.flush()).strip() == "Okay. Let's breathe."


def test_a_less_than_sign_is_not_mistaken_for_a_tag():
    f = ThinkingFilter()
    assert "".join(f.feed(c) for c in "3 < 4 and 5 > 2.") + f.flush() == "3 < 4 and 5 > 2."


def test_markdown_lists_emoji_and_links_are_removed_for_speech():
    assert for_speech("**Breathe** in 😊") == "Breathe in"
    assert for_speech("1. Sit up") == "Sit up"
    assert for_speech("- feet on the floor") == "feet on the floor"
    assert for_speech("See [this](https://example.org) *smiles* now") == "See this now"
    assert for_speech("### Step one") == "Step one"


def test_a_long_first_clause_can_be_spoken_early_but_only_the_first():
    s = SentenceSplitter(early_first_clause=True)
    assert s.feed("When you breathe out slowly and gently, your") == ["When you breathe out slowly and gently,"]
    assert s.feed(" body settles, and your heart slows. Then") == ["your body settles, and your heart slows."]
    s = SentenceSplitter(early_first_clause=True)
    assert s.feed("Yes, that helps. ") == ["Yes, that helps."]  # short clause: wait for the sentence
