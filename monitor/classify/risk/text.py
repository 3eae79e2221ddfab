"""Normalisation: the one form of a text every later stage reads (characters, not tokens).

Why a stage of its own: the word walk, the context checks and the learned model all index the same
string, so a position found by one is a position for the others. Full-width forms are folded, case is
lowered and word spacing dropped, while a space that parts two clauses of a post without punctuation
is kept as a clause mark (see :func:`normalise`).

Cost: a few C-level ``str.replace`` calls and one expression over the rare full-width rest; NFKC only
for the texts that need it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from daachorse import CharwiseDoubleArrayAhoCorasick

# a lone surrogate (half of a pair, from a broken escape): UTF-8 cannot encode it (see walkable)
_SURROGATE = re.compile("[\ud800-\udfff]")
# the full-width block (，！？１２０) and the ideographic space: NFKC folds each to its ASCII form
_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]")


def _half_width(mt: re.Match[str]) -> str:
    """The ASCII form of one full-width character (what NFKC makes of it)."""
    code = ord(mt.group())
    return " " if code == 0x3000 else chr(code - 0xFEE0)


_SPACED = 3  # characters on each side of a space that ends a clause (see normalise)


# a repost's chain (上礼拜我也摔了 //@张三:台阶全是冰): each //@ opens another speaker's words, which end the clause
# before them (a space: see normalise) whatever was written there, so that no past marker, negation or topic of one
# speaker's clause reaches another's; the rule check lets no cue pair across it (a frame still does: 感谢提醒
# //@网格员:… says what the reposted words are). The model reads the text without the space (model_text).
_REPOST = " //@"


# a piece that ends with an @-mention (@问政银川 救命): the space after it ends the handle and is kept, so that what
# the writer says after it is never read as part of the name (see blank_names)
_ENDS_MENTION = re.compile(r"@[^@/:,.!?;、()\[\]]{1,16}$")


def _ideograph(ch: str) -> bool:
    """Whether ``ch`` is a Chinese character (the CJK unified block)."""
    return "\u4e00" <= ch <= "\u9fff"


def normalise(text: str) -> str:
    """Full-width → half-width (NFKC), lower case, whitespace removed: 'Ｗｅ１２０ 打不通' → 'we120打不通'.

    Except one kind of space: many posts have no punctuation at all, their clauses parted by spaces
    (那女的门牌号我记住了 下回送餐看我咋收拾她; 钱要不回来我也没脸回村了 刀在身上). A space between two
    runs of Chinese of ``_SPACED`` characters or more is kept, as one space, and read as the end of
    a clause (``_CLAUSE_MARKS``): a negation, a past marker, a conditional or a look-alike word of one
    clause then reaches no further than it would across a comma (没脸…了 denies no 刀在身上). A space
    between short pieces (打 １２０ 一直 占线, 人 晕倒 了) is word spacing and is removed. A space after an
    @-mention (@问政银川 救命) is kept too: it ends the handle, which is no part of any clause. The model
    reads the text without those spaces (:func:`model_text`), as it was trained.

    The full-width characters (，！？１２０) are folded first, each as NFKC would: most messages
    then need no NFKC pass at all, and the quick check that says so costs a fraction of one.
    They are folded by one expression, not by ``str.translate`` with a table: for every character
    the table does not hold (nearly all of a Chinese text), ``translate`` raises and clears a
    KeyError inside, which cost 8 % of detection's instructions (callgrind); the expression
    skips to the few full-width characters. The punctuation of nearly every Chinese sentence
    (，？！：；（）: 99 % of the full-width characters of the written sets and the real letters) is
    replaced before it, each by one C-level ``str.replace``, so the expression's Python call per
    character is left for the rare rest (１２０, ％)."""
    folded = _FULL_WIDTH.sub(_half_width, text.replace("，", ",").replace("？", "?").replace("！", "!")
                             .replace("：", ":").replace("；", ";").replace("（", "(").replace("）", ")"))
    if not unicodedata.is_normalized("NFKC", folded):
        folded = unicodedata.normalize("NFKC", folded)
    pieces = folded.lower().split()
    if len(pieces) < 2:
        joined = "".join(pieces)
        return joined.replace("//@", _REPOST) if "//@" in joined else joined
    out = [pieces[0]]
    for prev, piece in zip(pieces, pieces[1:]):
        if ((len(prev) >= _SPACED and len(piece) >= _SPACED and _ideograph(prev[-1]) and _ideograph(piece[0]))
                or ("@" in prev and _ENDS_MENTION.search(prev) is not None)):
            out.append(" ")
        out.append(piece)
    joined = "".join(out)
    return joined.replace("//@", _REPOST) if "//@" in joined else joined


def model_text(norm: str) -> str:
    """What the learned model reads of a normalised text: without the spaces that end clauses (see
    :func:`normalise`), as every text it was trained on (``risk_model.train_from_files``) is read.
    (Read as commas, on a written set of posts without punctuation, ``outside12``, they raised the
    model's recall, but retrained so the model cost the validation sets a message: not shipped.)"""
    return norm.replace(" ", "") if " " in norm else norm



# What names rather than tells, blanked before the learned model takes its n-grams (:func:`blank_names`): an
# @-mention (@问政银川, @鼓楼边上的老住户) up to what ends it (a space, a colon, punctuation, another @ or a repost's
# //), at most _HANDLE characters when nothing ends it sooner
_HANDLE = 16
_MENTION = re.compile(r"@[^\s@/:,.!?;，。！？；：、…~～()（）\[\]【】<>《》\"'“”‘’|#]{1,%d}" % (_HANDLE + 1))
BLANK = "\0"  # the placeholder: no n-gram of the model holds it, so no window joins words across a name


def blank_names(norm: str, names: CharwiseDoubleArrayAhoCorasick | None) -> str:
    """``norm`` with what names a place or an account rather than tells anything blanked, each character as
    :data:`BLANK` (the same length: positions and the row scaling stay those of the text): every @-mention, and
    each name of ``names`` (the gazetteer's districts, streets, communities and landmarks and the matrix's
    account names and aliases, longest first; see ``risk_train.blanked_names``). The one function the model's
    training (``risk_model.train_from_files``) and the detector (:mod:`.learned`) read a text through.

    Why: nearly every post to an account names it (@问政银川) and many name a district, and where a writer's
    dangers were addressed to one account the model learnt its name as a sign of a kind (政银, 西夏区 raised an
    ordinary request to the hub as 疑似轻生 at 67 %). A name tells who was asked and where, never what happened.
    An @-mention that runs on past ``_HANDLE`` characters with nothing to end it (its space dropped by
    :func:`normalise` before a short clause) is blanked up to the account name it opens with, if any, else not at
    all: a writer's words are never blanked as a handle."""
    if "@" in norm:
        parts = []
        at = 0
        for mt in _MENTION.finditer(norm):
            a, b = mt.span()
            if b - a > _HANDLE + 1:  # nothing ended it: only a known name it opens with
                known = names.find(walkable(norm[a + 1:b])) if names is not None else []
                b = a + 1 + known[0][1] if known and known[0][0] == 0 else a
            if b > a:
                parts.append(norm[at:a])
                parts.append(BLANK * (b - a))
                at = b
        if parts:
            parts.append(norm[at:])
            norm = "".join(parts)
    if names is None:
        return norm
    try:
        found = names.find(norm)
    except UnicodeEncodeError:  # (a lone surrogate: see walkable)
        found = names.find(walkable(norm))
    if not found:
        return norm
    parts = []
    at = 0
    for a, b, _ in found:
        parts.append(norm[at:a])
        parts.append(BLANK * (b - a))
        at = b
    parts.append(norm[at:])
    return "".join(parts)


def name_automaton(names: Iterable[str]) -> CharwiseDoubleArrayAhoCorasick | None:
    """The names :func:`blank_names` blanks, as one leftmost-longest automaton (None for none)."""
    from daachorse import MATCH_KIND_LEFTMOST_LONGEST, CharwiseDoubleArrayAhoCorasick

    keys = sorted({n for n in names if n})
    return CharwiseDoubleArrayAhoCorasick(keys, match_kind=MATCH_KIND_LEFTMOST_LONGEST) if keys else None


def walkable(text: str) -> str:
    """``text`` with each lone surrogate as U+FFFE, for the automata (daachorse), which read UTF-8 and
    refuse a text holding one (UnicodeEncodeError). One character stands for one and no key holds
    either, so the hits are the same, at the same positions; what a hit says is read from the text."""
    return _SURROGATE.sub("\ufffe", text)


def find_all(automaton: CharwiseDoubleArrayAhoCorasick, text: str) -> list[tuple[int, int, int]]:
    """(start, stop, word id) of every word of ``automaton`` in ``text``, overlapping, by stop: the one
    walk both the word walk (:mod:`.matching`) and the model (:mod:`.learned`) take, a text holding a
    lone surrogate walked as :func:`walkable` gives it (the automaton refuses it, UnicodeEncodeError)."""
    try:
        return automaton.find_overlapping(text)
    except UnicodeEncodeError:
        return automaton.find_overlapping(walkable(text))
