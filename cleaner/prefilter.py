"""Literal prefilters for regex rules: strings one of which every match must contain.

Most blocks of a page match no rule, and proving that with the regex engine costs a search per
rule and block. A regex such as ``(?i)\\b(we use cookies|this (web)?site uses cookies)`` cannot
match a block that contains neither "we use cookies" nor "site uses cookies"; a substring test
(``in``, in C) says so for a fraction of the price. This is the "prefilter" idea of RE2 and of
code search engines: derive from the pattern's syntax tree a set of literals that is *necessary*
for a match, test those first, and run the regex only on the blocks that pass.

:func:`required_literals` reads the tree that the standard library's parser (``re._parser``)
builds. Rules are compiled by the ``regex`` package, whose syntax is a superset of ``re``'s, and a
few of its extensions would be read wrongly by ``re``'s parser (a POSIX class ``[[:alpha:]]`` or a
fuzzy ``{e<=1}`` would look like literal characters): patterns that use them, or that ``re`` cannot
parse at all, get no prefilter, and neither does a pattern whose literals are too short to be
worth testing. No prefilter means the regex runs on every block, as before: the prefilter can only
skip work, never change an answer (``tests/test_prefilter.py`` checks this on every shipped rule's
examples and on generated text).

A case-insensitive regex and its literals are compared after :func:`regex_fold`, not
``str.casefold``: the ``regex`` engine (V0) matches case by simple folding, one character for one
("İ" matches "i", "ſ" matches "s"), while ``casefold`` turns "İ" into two characters ("i̇"), so a
folded literal "istanbul" would not be found in the folded block "İSTANBUL" that the regex matches.
:func:`regex_fold` maps every character to one representative of the characters the engine takes
as the same letter, built from the engine's own answers (``tests/test_prefilter.py`` checks the
property on İ ı ß ſ K Σ ...).
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]

#: ``regex`` syntax that ``re``'s parser would read as literal text (or as something else).
_FOREIGN_SYNTAX = re.compile(r"\[\[:|\[:\^?[a-z]+:\]|\{[eisd][<=>,}]|\(\?V1|\\[pPXmMNGKL]|\(\?[a-zA-Z]*[wrbefV]")
#: ASCII literals shorter than this say too little about a block ("ad" is in "read" and "had");
#: a short literal in another script ("写真", "©") is rare enough.
MIN_LITERAL = 3
#: Known-string sets larger than this are not multiplied out.
MAX_STRINGS = 64

_REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", C.MAX_REPEAT)}


@lru_cache(maxsize=1024)  # the same rules recur in each combination of rule files a page selects
def required_literals(pattern: str, case: bool = True) -> tuple[frozenset[str], bool] | None:
    """(literals, folded): every text the pattern matches contains one of ``literals`` (compare
    with the casefolded text when ``folded``: the pattern ignores case, by an inline ``(?i)`` or
    because ``case`` is False, as a rule's ``case = false`` says); None when no useful set can be
    proved.

    >>> literals, folded = required_literals(r"(?i)\\b(we use cookies|this (web)?site uses cookies)")
    >>> sorted(literals), folded
    (['this site uses cookies', 'this website uses cookies', 'we use cookies'], True)
    >>> required_literals(r"^\\d+ comments?$", True)
    (frozenset({' comment'}), False)
    >>> required_literals(r"^(a|bc)", True) is None  # too short to be worth testing
    True
    """
    if _FOREIGN_SYNTAX.search(pattern):
        return None
    try:
        tree = _parser.parse(pattern, 0 if case else re.IGNORECASE)
    except (re.error, RecursionError, OverflowError, ValueError):
        return None
    folded = not case or bool(tree.state.flags & re.IGNORECASE)
    if tree.state.flags & re.VERBOSE and "#" in pattern:
        return None  # comments: parsed right, but keep the rule simple to reason about
    need = _sequence(list(tree))
    if not need or any(len(s) < MIN_LITERAL and s.isascii() for s in need):
        return None
    return frozenset(regex_fold(s) for s in need) if folded else frozenset(need), folded


def _sequence(items: list) -> set[str] | None:
    """The best necessary literal set of a concatenation. Consecutive parts that match known
    strings only (letters, small alternations and classes of letters, optional letters) multiply
    out into one set ("(ap|afp)" after "\\(" is {"(ap", "(afp"}); every such set, and each
    other part's own set, is necessary; the one whose shortest literal is longest is kept."""
    options: list[set[str]] = []
    current: set[str] = {""}

    def close() -> None:
        if "" not in current:
            options.append(current)

    for op, arg in items:
        exact = _exact(op, arg)
        if exact is not None and len(current) * len(exact) <= MAX_STRINGS:
            current = {a + b for a in current for b in exact}
            continue
        close()
        current = exact if exact is not None else {""}
        if exact is None:
            need = _item(op, arg)
            if need:
                options.append(need)
    close()
    if not options:
        return None
    return _minimal(max(options, key=lambda s: (min(map(len, s)), -len(s))))


def _minimal(strings: set[str]) -> set[str]:
    """The strings that contain no other one: a text holding "comments" holds "comment" too."""
    return {s for s in strings if not any(t != s and t in s for t in strings)}


def _exact(op, arg) -> set[str] | None:
    """Every string one node can match, when it is a short list of known strings; else None."""
    if op is C.LITERAL:
        return {chr(arg)}
    if op is C.IN:
        if all(kind is C.LITERAL for kind, _ in arg) and len(arg) <= MAX_STRINGS:
            return {chr(code) for _, code in arg}
        return None
    if op is C.SUBPATTERN:
        return _group(arg, _exact_sequence)
    if op is C.BRANCH:
        found = _union(arg[1], _exact_sequence)
        return found if found is not None and len(found) <= MAX_STRINGS else None
    if op in _REPEATS:
        low, high, sub = arg
        strings = _exact_sequence(list(sub))
        if strings is None or (low, high) not in ((0, 1), (1, 1)):
            return None
        return strings | {""} if low == 0 else strings
    return None


def _exact_sequence(items: list) -> set[str] | None:
    current: set[str] = {""}
    for op, arg in items:
        exact = _exact(op, arg)
        if exact is None or len(current) * len(exact) > MAX_STRINGS:
            return None
        current = {a + b for a in current for b in exact}
    return current


def _item(op, arg) -> set[str] | None:
    """The necessary literal set of a node that does not match known strings only, or None."""
    if op is C.SUBPATTERN:
        return _group(arg, _sequence)
    if op is C.BRANCH:
        return _union(arg[1], _sequence)
    if op in _REPEATS:
        low, _high, sub = arg
        return _sequence(list(sub)) if low >= 1 else None
    return None  # classes, anchors, lookarounds, references: no literal is proved


def _group(arg, of) -> set[str] | None:
    """``of`` the body of a group; None for a group that changes flags (``(?i:...)``)."""
    _number, add_flags, del_flags, body = arg
    return None if add_flags or del_flags else of(list(body))


def _union(branches, of) -> set[str] | None:
    """The union of ``of`` over the alternatives of a branch; None when one of them gives
    nothing (that alternative needs no literal, so the whole needs none)."""
    found: set[str] = set()
    for branch in branches:
        strings = of(list(branch))
        if not strings:
            return None
        found |= strings
    return found


def literal_finder(strings: set[str] | frozenset[str]) -> re.Pattern:
    """A pattern whose ``search`` tells whether a text holds any of ``strings``, written as a trie
    (one branch per next character: "sign in|sign up" becomes "sign\\ (?:in|up)"), which the
    standard library's engine runs about four times faster than a flat alternation of a hundred
    literals. Plain strings only: no backtracking to fear."""
    return re.compile(_trie(_minimal(set(strings)) or {""}))


def _trie(strings: set[str]) -> str:
    """The trie pattern of prefix-free ``strings`` (no string starts another one)."""
    if strings == {""}:
        return ""
    branches: dict[str, set[str]] = {}
    for text in strings:
        branches.setdefault(text[0], set()).add(text[1:])
    parts = [re.escape(first) + _trie(rest) for first, rest in sorted(branches.items())]
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"


class _FoldTable(dict):
    """``str.translate`` table of :func:`regex_fold`: code point -> representative, for the
    characters whose representative is another one."""

    def to_bytes(self) -> bytes:
        return json.dumps(self, separators=(",", ":")).encode()

    @classmethod
    def from_bytes(cls, data: bytes) -> "_FoldTable":
        table = json.loads(data)
        if not isinstance(table, dict):
            raise TypeError("not a fold table")
        return cls((int(k), v) for k, v in table.items())


def _build_fold_table() -> _FoldTable:
    """Ask the ``regex`` engine which characters a case-insensitive (V0) pattern of each cased
    character matches, join those that match each other into classes (union-find: "I" matches
    "ı" and "i" matches "İ", so all four are one class) and map each member to the class's
    ASCII lower-case letter if it has one, else its smallest member. About 0.8 s, once per
    installed ``regex`` (cached by :mod:`cleaner.tablecache`)."""
    import regex

    every = "".join(map(chr, [*range(0xD800), *range(0xE000, 0x110000)]))
    cased = regex.findall(r"[\p{Cased}\p{Changes_When_Casefolded}\p{Changes_When_Casemapped}]", every)
    pool = "".join(cased)
    parent = {c: c for c in cased}

    def root(c: str) -> str:
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    for c in cased:
        for other in regex.compile(regex.escape(c), regex.V0 | regex.IGNORECASE).findall(pool):
            parent[root(other)] = root(c)
    members: dict[str, list[str]] = {}
    for c in cased:
        members.setdefault(root(c), []).append(c)
    table = _FoldTable()
    for group in members.values():
        rep = min(group, key=lambda m: (not (m.isascii() and m.islower()), m))
        table.update((ord(m), rep) for m in group if m != rep)
    return table


@lru_cache(maxsize=1)
def _fold_table() -> _FoldTable:
    from . import tablecache

    return tablecache.cached("regexfold", [Path(__file__)], ["regex"], _build_fold_table, _FoldTable.from_bytes)


def regex_fold(text: str) -> str:
    """``text`` with each character replaced by the representative of the characters a
    case-insensitive ``regex`` pattern takes as the same letter: if such a pattern matches a text,
    the folded pattern literal is in the folded text. ASCII text folds to its lower case."""
    return text.lower() if text.isascii() else text.translate(_fold_table())
