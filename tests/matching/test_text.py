"""Normalisation and tokenisation: Chinese segmented by jieba plus bigrams, English lower-cased and stemmed."""

from __future__ import annotations

import subprocess
import sys

import pytest

from events.matching.text import BIGRAM_PREFIX, Analyzer, display_term, normalise, stem


def test_normalise_folds_full_width_and_case() -> None:
    assert normalise("ＬＦＰ电池５Ｇ，ＳｉＣ") == "lfp电池5g,sic"


def test_chinese_is_segmented_into_words_and_sub_words() -> None:
    tokens = Analyzer(words=True, bigrams=False).tokens("磷酸铁锂电池低温电解液")
    assert tokens == ["磷酸", "锂电", "电池", "锂电池", "低温", "电解", "电解液"]


def test_bigrams_are_marked_and_cover_what_jieba_splits() -> None:
    tokens = Analyzer(words=False, bigrams=True).tokens("磷酸铁锂")
    assert tokens == [BIGRAM_PREFIX + "磷酸", BIGRAM_PREFIX + "酸铁", BIGRAM_PREFIX + "铁锂"]
    assert display_term(tokens[2]) == "铁锂"


def test_default_analyzer_gives_both_kinds() -> None:
    tokens = Analyzer().tokens("低温电解液")
    assert "电解液" in tokens
    assert BIGRAM_PREFIX + "解液" in tokens


def test_stop_words_and_filler_are_dropped() -> None:
    assert Analyzer().tokens("我们的问题：") == []
    assert Analyzer(words=True, bigrams=False).tokens("有没有办法？") == []
    assert Analyzer(words=True, bigrams=False).tokens("我们的物流车冬天续航掉一半") == ["物流", "冬天", "续航", "一半"]


def test_english_words_are_lower_cased_stemmed_and_filtered() -> None:
    tokens = Analyzer().tokens("Our delivery Vans lose half their RANGE in winter")
    assert tokens == ["delivery", "van", "lose", "half", "rang", "winter"]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("cells", "cell"),
        ("batteries", "battery"),
        ("charging", "charg"),
        ("charged", "charg"),
        ("charge", "charg"),
        ("processes", "process"),
        ("glass", "glass"),
        ("gas", "gas"),
        ("r290", "r290"),
    ],
)
def test_light_stemmer(word: str, expected: str) -> None:
    assert stem(word) == expected


def test_numbers_keep_only_long_ones_and_mixed_codes() -> None:
    assert Analyzer().tokens("ISO 14064 标准 R290 5G 30") == ["iso", "14064", "标准", "~标准", "r290", "5g"]


def test_an_analyzer_needs_something_to_do() -> None:
    with pytest.raises(ValueError, match="words, bigrams or both"):
        Analyzer(words=False, bigrams=False)


def test_jieba_dictionary_loads_lazily() -> None:
    code = (
        "import sys\n"
        "import events.matching as m\n"
        "from events.matching.text import jieba_loaded\n"
        "assert 'jieba' not in sys.modules and not jieba_loaded()\n"
        "m.Analyzer().tokens('锂电池')\n"
        "assert jieba_loaded()\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
