"""Text normalisation and tokenisation for Chinese and English catalogue text.

Chinese is segmented with jieba's search mode (``lcut_for_search``: words plus their dictionary sub-words, so
"磷酸铁锂电池" also yields "锂电池" and "电池") and, optionally, cut into overlapping character bigrams, which
find compounds that jieba's dictionary splits differently. English is lower-cased, split into words and
lightly stemmed ("cells" → "cell"; "charge", "charged", "charging" → "charg"). Both pass through NFKC first,
so full-width letters and digits (ＬＦＰ, ５Ｇ) read as their half-width forms.

Bigram tokens carry the prefix :data:`BIGRAM_PREFIX` so that they never collide with a two-character jieba word:
the two kinds of evidence are counted separately by BM25.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

BIGRAM_PREFIX = "~"

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"[{_CJK}]+|[a-z0-9]+(?:[.][0-9]+)?")
_IS_CJK = re.compile(rf"[{_CJK}]")

# Function words and the filler enterprises wrap around a problem ("我们想找一种……的办法").
_CHINESE_STOP_TEXT = """
    的 了 和 与 及 或 等 在 是 有 为 对 将 把 被 让 用 也 都 就 还 又 很 更 最 而 并 且
    但 其 之 以 于 从 到 由 向 着 过 地 得 所 该 此 这 那 个 各 每 某 我 你 他 她 它 们
    我们 你们 他们 咱们 自己 这些 那些 这个 那个 这种 一个 一种 一些 一下 一直 可以 能够 可能
    需要 希望 想要 想 要 找 请 能 会 让 使 使得 进行 通过 基于 采用 利用 以及 其中 之后 之前
    以上 以下 目前 现在 已经 没有 不 没 什么 怎么 如何 怎样 有没有 是否 因为 所以 如果 还是 或者
    就是 比较 非常 特别 问题 办法 方法 公司 企业 我司 本公司 单位 相关 方面 情况 时候 东西
"""
CHINESE_STOP_WORDS = frozenset(_CHINESE_STOP_TEXT.split())

_ENGLISH_STOP_TEXT = """
    a an the and or but if of at by for with about against between into through during before after
    above below to from up down in out on off over under again further then once here there when
    where why how all any both each few more most other some such no nor not only own same so than
    too very can will just should now is are was were be been being have has had having do does did
    doing we our ours us you your he she it its they them their what which who whom this that these
    those am i me my would could also may might must shall want need needs looking look find
    someone something using use used get gets make makes much many way ways without
"""
ENGLISH_STOP_WORDS = frozenset(_ENGLISH_STOP_TEXT.split())


def normalise(text: str) -> str:
    """NFKC (full width → half width, compatibility forms) and case folding."""
    return unicodedata.normalize("NFKC", text).casefold()


def stem(word: str) -> str:
    """A deliberately light English stemmer: plurals, -ing, -ed and a final -e; nothing that merges meanings."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith(("sses", "shes", "ches", "xes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("ing") and len(word) >= 6:
        word = word[:-3]
    elif word.endswith("ed") and len(word) >= 5:
        word = word[:-2]
    elif word.endswith("e") and len(word) >= 5:
        word = word[:-1]
    return word


class _Jieba:
    """jieba's tokenizer, created on first use (its dictionary takes about a second to load) and shared."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tokenizer: Any = None

    def get(self) -> Any:
        if self._tokenizer is None:
            with self._lock:
                if self._tokenizer is None:
                    with warnings.catch_warnings():  # jieba 0.42 has invalid escapes in its regex literals
                        warnings.simplefilter("ignore", DeprecationWarning)
                        warnings.simplefilter("ignore", SyntaxWarning)
                        import jieba
                        import jieba.finalseg  # compiled now, under the filter

                    logging.getLogger("jieba").setLevel(logging.WARNING)
                    jieba.setLogLevel(logging.WARNING)
                    tokenizer = jieba.Tokenizer()
                    tokenizer.initialize()
                    self._tokenizer = tokenizer
        return self._tokenizer

    @property
    def loaded(self) -> bool:
        return self._tokenizer is not None


_JIEBA = _Jieba()


def jieba_loaded() -> bool:
    """Whether jieba's dictionary has been loaded in this process (for tests of laziness)."""
    return _JIEBA.loaded


def segment(run: str) -> list[str]:
    """jieba search-mode segmentation of one run of Chinese characters."""
    words: list[str] = _JIEBA.get().lcut_for_search(run, HMM=True)
    return words


@dataclass(frozen=True, slots=True)
class Analyzer:
    """Turns text into index terms. ``words``: jieba words (Chinese) and stemmed words (English);
    ``bigrams``: overlapping Chinese character bigrams (prefixed with :data:`BIGRAM_PREFIX`)."""

    words: bool = True
    bigrams: bool = True

    def __post_init__(self) -> None:
        if not (self.words or self.bigrams):
            raise ValueError("an analyzer needs words, bigrams or both")

    @property
    def name(self) -> str:
        return "+".join(part for part, on in (("jieba", self.words), ("bigram", self.bigrams)) if on)

    def tokens(self, text: str) -> list[str]:
        """Index terms of ``text``, in order, stop words removed."""
        return list(self._iter_tokens(normalise(text)))

    def _iter_tokens(self, text: str) -> Iterator[str]:
        for match in _RUN.finditer(text):
            run = match.group()
            if _IS_CJK.match(run):
                yield from self._chinese(run)
            elif run.isdigit() or run.replace(".", "").isdigit():
                if len(run) >= 3:
                    yield run
            elif run not in ENGLISH_STOP_WORDS:
                yield stem(run)

    def _chinese(self, run: str) -> Iterator[str]:
        if self.words:
            for word in segment(run):
                if len(word) >= 2 and word not in CHINESE_STOP_WORDS:
                    yield word
        if self.bigrams:
            for piece in run.split("的"):
                if len(piece) == 1:
                    if piece not in CHINESE_STOP_WORDS:
                        yield BIGRAM_PREFIX + piece
                    continue
                for i in range(len(piece) - 1):
                    gram = piece[i : i + 2]
                    if gram not in CHINESE_STOP_WORDS:
                        yield BIGRAM_PREFIX + gram


DEFAULT_ANALYZER = Analyzer(words=True, bigrams=True)


def is_bigram(term: str) -> bool:
    return term.startswith(BIGRAM_PREFIX)


def display_term(term: str) -> str:
    """The readable form of an index term (bigrams lose their prefix)."""
    return term[len(BIGRAM_PREFIX) :] if is_bigram(term) else term
