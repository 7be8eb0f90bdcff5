"""Rule files: declarative TOML, loaded and validated once, applied to every page.

A rule file is data (see ``rules/global.toml`` and DESIGN.md): a list of ``[[rule]]`` tables, each
with one matcher (``line``, ``prefix``, ``suffix``, ``contains``, ``regex``), an ``action`` and the
``drop``/``keep`` examples that pytest runs. ``rules/global.toml`` applies to every page; a file
with ``site = "..."`` applies to the pages of that site, chosen by the page's domain when it is
known, else by ``detect`` strings found in the page.

Precedence: site rules before global rules, each in file order; the first rule that matches a
block decides it. So a site ``keep`` rule can protect a line that a global rule would drop.
"""
from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Sequence

import regex

from .features import is_long_prose
from .thresholds import THRESHOLDS
from .model import Block
from .prefilter import literal_finder, required_literals

MATCHERS = ("line", "prefix", "suffix", "contains", "regex")
ACTIONS = ("drop", "cut-rest", "cut-before", "flag", "keep")
FILE_KEYS = {"site": str, "domains": list, "detect": list, "description": str, "rule": list}
RULE_KEYS = {"id": str, "why": str, "action": str, "case": bool, "drop": list, "keep": list,
             **{m: str for m in MATCHERS}}
#: A regex that takes longer than this on one block is an error, not a hung run ...
REGEX_TIMEOUT_S = 0.05
#: ... plus this much per character: an honest scan is linear (about 0.06 s for a 1 MB block),
#: so a long block is not mistaken for catastrophic backtracking, which grows far faster.
REGEX_TIMEOUT_PER_CHAR_S = 1e-6


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a rule file."""

    file: str
    rule: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file + (f" rule {self.rule!r}" if self.rule else "")
        return f"{where}" + (f" field {self.field!r}" if self.field else "") + f": {self.message}"


class RuleError(ValueError):
    """Rule files that cannot be used; ``problems`` lists every error found, not just the first."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    action: str
    matcher: str
    pattern: str
    why: str = ""
    case: bool = True
    drop_examples: tuple[str, ...] = ()
    keep_examples: tuple[str, ...] = ()
    compiled: Any = field(default=None, compare=False, repr=False)

    def matches(self, text: str) -> bool:
        """Whether this rule's matcher matches one normalised block."""
        if self.matcher == "regex":
            limit = REGEX_TIMEOUT_S + len(text) * REGEX_TIMEOUT_PER_CHAR_S
            try:
                return self.compiled.search(text, timeout=limit) is not None
            except TimeoutError as exc:
                raise RuleTimeout(f"rule {self.id!r}: regex took over {limit:.2g}s on a block of "
                                  f"{len(text):,} characters (catastrophic backtracking?)") from exc
        pattern, subject = (self.pattern, text) if self.case else (self.pattern.casefold(), text.casefold())
        if self.matcher == "line":
            return subject == pattern
        if self.matcher == "prefix":
            return subject.startswith(pattern)
        if self.matcher == "suffix":
            return subject.endswith(pattern)
        return pattern in subject


class RuleTimeout(RuntimeError):
    """A regex rule ran too long on a block (catastrophic backtracking)."""


@dataclass(frozen=True, slots=True)
class RuleFile:
    path: str
    rules: tuple[Rule, ...]
    site: str | None = None
    domains: tuple[str, ...] = ()
    detect: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.site or "global"

    def matches_domain(self, domain: str) -> bool:
        return any(domain == d or domain.endswith("." + d) for d in self.domains)


@dataclass(frozen=True, slots=True)
class RuleSet:
    """Every loaded rule file; global files first. ``digest`` identifies the rule set's content."""

    files: tuple[RuleFile, ...]
    digest: str

    @property
    def rules(self) -> Iterable[Rule]:
        for f in self.files:
            yield from f.rules

    def select(self, page_text: str, domain: str | None = None) -> list[RuleFile]:
        """The files that apply to a page: matching site files (by domain when known and matched,
        else by ``detect``), then the global files."""
        sites = [f for f in self.files if f.site]
        chosen: list[RuleFile] = []
        if domain:
            chosen = [f for f in sites if f.matches_domain(domain.lower())]
        if not chosen:
            chosen = [f for f in sites if any(d in page_text for d in f.detect)]
        return chosen + [f for f in self.files if not f.site]


def builtin_rules_dir() -> Path:
    """The shipped ``rules/`` folder: ``cleaner/_rules`` once installed from a wheel (package data,
    see pyproject.toml), the checkout's top-level ``rules/`` when run from the source tree or an
    editable install."""
    here = Path(__file__).resolve().parent
    installed = here / "_rules"
    return installed if (installed / "global.toml").is_file() else here.parent / "rules"


def rule_files_in(directory: Path) -> list[Path]:
    """``*.toml`` in a rules folder and its ``sites/`` subfolder, in a stable order."""
    return sorted(directory.glob("*.toml")) + sorted(directory.glob("sites/*.toml"))


def load_rules(dirs: Sequence[Path | str] = (), *, builtin: bool = True) -> RuleSet:
    """Load and validate rule files; raise :class:`RuleError` listing every problem found."""
    paths: list[Path] = []
    for d in ([builtin_rules_dir()] if builtin else []) + [Path(d) for d in dirs]:
        if not d.is_dir():
            raise RuleError([Problem(str(d), None, None, "not a folder of rule files")])
        paths.extend(rule_files_in(d))
    problems: list[Problem] = []
    files: list[RuleFile] = []
    seen: dict[str, str] = {}
    digest = hashlib.sha256()
    for path in paths:
        data = path.read_bytes()
        digest.update(path.name.encode() + b"\0" + data + b"\0")
        rule_file = parse_rule_file(path, data, problems)
        for rule_id in rule_ids(data):
            if rule_id in seen:
                problems.append(Problem(str(path), rule_id, "id", f"duplicate id (also in {seen[rule_id]})"))
            seen.setdefault(rule_id, str(path))
        if rule_file:
            files.append(rule_file)
    if problems:
        raise RuleError(problems)
    files.sort(key=lambda f: f.site is not None)  # global files first; stable otherwise
    return RuleSet(tuple(files), digest.hexdigest()[:16])


def rule_ids(data: bytes) -> list[str]:
    """The ids a rule file declares, even when the file has other errors (so duplicates show)."""
    try:
        doc = tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        return []
    rules = doc.get("rule") if isinstance(doc.get("rule"), list) else []
    return [r["id"] for r in rules if isinstance(r, dict) and isinstance(r.get("id"), str) and r["id"]]


def parse_rule_file(path: Path, data: bytes, problems: list[Problem]) -> RuleFile | None:
    """Parse one file, appending every problem found to ``problems``."""
    where = str(path)
    try:
        doc = tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        problems.append(Problem(where, None, None, f"not valid TOML: {exc}"))
        return None
    before = len(problems)
    _check_keys(doc, FILE_KEYS, where, None, problems)
    for key in ("domains", "detect"):
        if not all(isinstance(v, str) and v for v in doc.get(key, []) if isinstance(doc.get(key), list)):
            problems.append(Problem(where, None, key, "must be a list of non-empty strings"))
    rules = []
    raw_rules = doc.get("rule", [])
    for n, raw in enumerate(raw_rules if isinstance(raw_rules, list) else []):
        rule = _parse_rule(raw, n, where, problems)
        if rule:
            rules.append(rule)
    if len(problems) > before:
        return None
    return RuleFile(where, tuple(rules), doc.get("site"), tuple(d.lower() for d in doc.get("domains", [])),
                    tuple(doc.get("detect", [])))


def _check_keys(table: dict, allowed: dict[str, type], where: str, rule_id: str | None,
                problems: list[Problem]) -> None:
    for key, value in table.items():
        if key not in allowed:
            problems.append(Problem(where, rule_id, key, f"unknown key (allowed: {', '.join(allowed)})"))
        elif not isinstance(value, allowed[key]):
            problems.append(Problem(where, rule_id, key,
                                    f"must be {allowed[key].__name__}, not {type(value).__name__}"))


def _parse_rule(raw: Any, n: int, where: str, problems: list[Problem]) -> Rule | None:
    if not isinstance(raw, dict):
        problems.append(Problem(where, f"#{n + 1}", None, "a rule must be a table"))
        return None
    rule_id = raw.get("id") if isinstance(raw.get("id"), str) and raw.get("id") else f"#{n + 1}"
    before = len(problems)
    _check_keys(raw, RULE_KEYS, where, rule_id, problems)
    if "id" not in raw:
        problems.append(Problem(where, rule_id, "id", "missing"))
    action = raw.get("action")
    if action is None:
        problems.append(Problem(where, rule_id, "action", f"missing (one of {', '.join(ACTIONS)})"))
    elif action not in ACTIONS:
        problems.append(Problem(where, rule_id, "action", f"{action!r} is not one of {', '.join(ACTIONS)}"))
    present = [m for m in MATCHERS if m in raw]
    if len(present) != 1:
        problems.append(Problem(where, rule_id, "/".join(present) or "matcher",
                                f"exactly one matcher needed ({', '.join(MATCHERS)}), found {len(present)}"))
    for key in ("drop", "keep"):
        if not all(isinstance(v, str) for v in raw.get(key, []) if isinstance(raw.get(key), list)):
            problems.append(Problem(where, rule_id, key, "examples must be strings"))
    compiled = None
    if len(present) == 1 and isinstance(raw[present[0]], str):
        if not raw[present[0]]:
            problems.append(Problem(where, rule_id, present[0], "empty pattern"))
        elif present[0] == "regex":
            try:
                flags = regex.V0 | (0 if raw.get("case", True) else regex.IGNORECASE)
                compiled = regex.compile(raw["regex"], flags)
            except regex.error as exc:
                problems.append(Problem(where, rule_id, "regex", f"invalid regex: {exc}"))
    if len(problems) > before:
        return None
    from .normalise import normalise_text  # examples are matched as the pipeline sees blocks
    pattern = raw[present[0]] if present[0] == "regex" else normalise_text(raw[present[0]])
    return Rule(id=rule_id, action=action, matcher=present[0], pattern=pattern,
                why=raw.get("why", ""), case=raw.get("case", True),
                drop_examples=tuple(normalise_text(e) for e in raw.get("drop", [])),
                keep_examples=tuple(normalise_text(e) for e in raw.get("keep", [])),
                compiled=compiled)


def check_examples(rule: Rule) -> list[str]:
    """The rule's own examples that it gets wrong (empty when all pass)."""
    wrong = [f"should match: {e!r}" for e in rule.drop_examples if not rule.matches(e)]
    return wrong + [f"should not match: {e!r}" for e in rule.keep_examples if rule.matches(e)]


def apply_rules(blocks: list[Block], files: Sequence[RuleFile]) -> list[str]:
    """Rules stage: set verdicts from the first matching rule of each block; return fired rule ids.

    ``keep`` protects a block from everything after it (heuristics, language policy, cuts);
    ``cut-rest`` drops the first matching block and all later ones; ``cut-before`` the first
    matching block and all earlier ones.
    """
    matcher = compile_matcher(tuple(files))
    fired: dict[str, None] = {}
    cut_rest: tuple[int, str] | None = None
    cut_before: tuple[int, str] | None = None
    for pos, block in enumerate(blocks):
        rule = matcher.first_match(block.text)
        if rule is None:
            continue
        if rule.matcher != "line" and rule.action != "keep" and \
                is_long_prose(block.text, THRESHOLDS["rule_guard_words"]):
            continue  # a phrase inside a long block of prose does not make the block chrome
        fired[rule.id] = None
        reason = f"rule:{rule.id}"
        if rule.action == "keep":
            block.protected = True
            block.reason = reason
        elif rule.action == "drop":
            block.drop(reason)
        elif rule.action == "flag":
            block.verdict, block.reason = "flag", reason
        elif rule.action == "cut-rest" and cut_rest is None:
            cut_rest = (pos, reason)
        elif rule.action == "cut-before":
            cut_before = cut_before or (pos, reason)
    if cut_rest:
        for block in blocks[cut_rest[0]:]:
            block.drop(cut_rest[1])
    if cut_before:
        for block in blocks[:cut_before[0] + 1]:
            block.drop(cut_before[1])
    return list(fired)


# --- fast matching ---------------------------------------------------------------------------------
# Looping over every rule for every block is the slow way to find the first rule that matches.
# A Matcher finds the same rule (the lowest position in file order) with less work: ``line`` rules
# are one dict lookup; a regex rule whose matches must contain one of a few literals (see
# cleaner/prefilter.py) runs only on blocks that contain one; the other regex rules anchored at
# the start of the block share one combined "gate" pattern, so a block that matches none of them
# costs one search instead of one per rule. Only rules that can still beat the best match found so
# far are tried, in order, with Rule.matches.

_LEADING_FLAGS = regex.compile(r"\(\?([aiLmsuxV01]+)\)")
_BACKREF = regex.compile(r"\\(?:\d|g<)|\(\?P=|\(\?\(")
_INLINE_FLAGS = regex.compile(r"\(\?[aiLmsuxV01-]+\)")


def split_leading_flags(pattern: str) -> tuple[str, str]:
    """``(?i)^abc`` -> ``("i", "^abc")``: a global inline flag group at the very start, and the rest."""
    m = _LEADING_FLAGS.match(pattern)
    return (m.group(1), pattern[m.end():]) if m else ("", pattern)


def has_top_level_alternation(pattern: str) -> bool:
    """Whether ``|`` occurs outside every group and character class (so ``^a|b`` is not anchored).

    >>> has_top_level_alternation("^a|b"), has_top_level_alternation("^(a|b)"), has_top_level_alternation(r"^[|]\\|")
    (True, False, False)
    """
    depth, in_class, i = 0, False, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if pattern[i + 1:i + 2] == "]":  # a literal ']' first in a class
                i += 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return True
        i += 1
    return False


def anchored_body(rule: Rule) -> str | None:
    """The rule's regex as a scoped group without its leading ``^`` (``(?i:abc)``), when the rule
    can share the start-anchored gate; None when it must be tried on its own (not anchored,
    alternation at the top level, backreferences, inline flags other than at the very start)."""
    flags, body = split_leading_flags(rule.pattern)
    if (not body.startswith("^") or "m" in flags or has_top_level_alternation(body)
            or _BACKREF.search(body) or _INLINE_FLAGS.search(body)):
        return None
    flags += "" if rule.case else "i"
    inner = body[1:]
    return f"(?{flags}:{inner})" if flags else f"(?:{inner})"


@dataclass(frozen=True, slots=True)
class Matcher:
    """The rules of the files that apply to a page, prepared for fast first-match lookup."""

    rules: tuple[Rule, ...]
    exact: dict[str, int]            #: ``line`` rules with case: text -> first position
    folded: dict[str, int]           #: ``line`` rules without case: casefolded text -> first position
    #: kind of literal (True: compared casefolded) -> (position, literals) of each rule whose
    #: matches must hold one of its literals: ``prefix``, ``suffix`` and ``contains`` rules (the
    #: pattern is the literal), and regex rules with a prefilter (see cleaner/prefilter.py)
    needs: dict[bool, tuple[tuple[int, frozenset[str]], ...]]
    #: kind -> a search that finds any literal of that kind: a block with none skips those rules
    finders: dict[bool, Any]
    regex_all: tuple[int, ...]       #: positions of the regex rules without a prefilter
    regex_solo: tuple[int, ...]      #: ... those of them the gate does not cover
    gate: Any                        #: compiled ``^(?:a|b|...)`` over the gated rules, or None
    #: answers for texts seen before (chrome lines repeat across the pages of a site); bounded
    memo: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def first_match(self, text: str) -> Rule | None:
        """The first rule (in file order) whose matcher matches ``text``: the rule a loop over
        ``rules`` with :meth:`Rule.matches` would stop at."""
        best = self.memo.get(text)
        if best is None:
            best = self._first_position(text)
            if len(self.memo) >= MEMO_SIZE:
                self.memo.clear()
            self.memo[text] = best
        return self.rules[best] if best < _NONE else None

    def _first_position(self, text: str) -> int:
        folded = text.casefold()
        best = min(self.exact.get(text, _NONE), self.folded.get(folded, _NONE))
        candidates: Sequence[int] = self._regex_candidates(text)
        for kind, finder in self.finders.items():
            subject = folded if kind else text
            if finder.search(subject):  # most blocks hold no literal of any rule
                held = [pos for pos, literals in self.needs[kind] if any(lit in subject for lit in literals)]
                candidates = sorted((*candidates, *held)) if held else candidates
        for pos in candidates:
            if pos >= best:
                break
            if self.rules[pos].matches(text):
                return pos
        return best

    def _regex_candidates(self, text: str) -> tuple[int, ...]:
        if self.gate is None:
            return self.regex_all
        try:
            hit = self.gate.search(text, timeout=REGEX_TIMEOUT_S) is not None
        except TimeoutError:
            hit = True  # let each rule run (and report its own timeout)
        return self.regex_all if hit else self.regex_solo


_NONE = 1 << 62
#: Texts whose first matching rule a Matcher remembers (then it starts again: memory stays flat).
MEMO_SIZE = 20_000


@lru_cache(maxsize=256)
def compile_matcher(files: tuple[RuleFile, ...]) -> Matcher:
    """Prepare the rules of ``files`` (site files before global, each in file order) once per
    combination of files, not once per page."""
    rules = tuple(rule for f in files for rule in f.rules)
    exact: dict[str, int] = {}
    folded: dict[str, int] = {}
    regex_all, regex_solo, gated = [], [], []
    needs: dict[bool, list[tuple[int, frozenset[str]]]] = {True: [], False: []}
    for pos, rule in enumerate(rules):
        if rule.matcher == "line":
            table, key = (exact, rule.pattern) if rule.case else (folded, rule.pattern.casefold())
            table.setdefault(key, pos)
        elif rule.matcher == "regex":
            need = required_literals(rule.pattern, rule.case)
            if need is not None:
                needs[need[1]].append((pos, need[0]))
                continue
            regex_all.append(pos)
            body = anchored_body(rule)
            if body is None:
                regex_solo.append(pos)
            else:
                gated.append(body)
        else:  # prefix, suffix, contains: the pattern itself is the literal the block needs
            needs[not rule.case].append((pos, frozenset({rule.pattern if rule.case else rule.pattern.casefold()})))
    gate = None
    if gated:
        try:
            gate = regex.compile("^(?:" + "|".join(gated) + ")", regex.V0)
        except regex.error:
            regex_solo = regex_all  # cannot combine them: try each on its own
    finders = {kind: literal_finder({lit for _, literals in found for lit in literals})
               for kind, found in needs.items() if found}
    return Matcher(rules, exact, folded, {kind: tuple(found) for kind, found in needs.items() if found}, finders,
                   tuple(regex_all), tuple(regex_solo), gate)
