"""The languages ``--lang`` accepts as a target: the one place that list is made, so that a
stricter rule (only targets that meet a quality bar) narrows it here and everywhere at once.

It is :data:`cleaner.language.SUPPORTED_TARGETS`: the targets measured to meet the bar on
held-out text (README, "Targets other than English"). Other spellings of a code (``hr``, ``sr``,
``zh-tw``) are accepted and folded into the code cleaner judges (``sh``, ``zh``).
"""
from __future__ import annotations

from . import langdata as D
from .language import SUPPORTED_TARGETS, canonical_code


def target_languages() -> tuple[str, ...]:
    """The codes cleaner can judge as a target, sorted.

    >>> "en" in target_languages() and "sh" in target_languages() and "hr" not in target_languages()
    True
    """
    return tuple(sorted({canonical_code(code) for code in SUPPORTED_TARGETS}))


def aliases() -> dict[str, str]:
    """Other accepted spellings -> the code they fold into, for targets cleaner can judge."""
    known = set(target_languages())
    return {alias: code for alias, code in sorted(D.CODE_ALIASES.items()) if code in known}


def check_target(code: str) -> str:
    """``code`` folded to the code cleaner reports, or ValueError naming the accepted ones.

    >>> check_target("HR"), check_target("en")
    ('sh', 'en')
    >>> check_target("xx")
    Traceback (most recent call last):
    ...
    ValueError: 'xx' is not a language cleaner can judge; see 'cleaner --list-languages'
    """
    folded = canonical_code(code)
    if folded not in target_languages():
        raise ValueError(f"{code!r} is not a language cleaner can judge; see 'cleaner --list-languages'")
    return folded


def describe_targets() -> str:
    """The ``cleaner --list-languages`` text: the codes, then the other spellings accepted."""
    codes = target_languages()
    lines = [f"{len(codes)} target languages (--lang CODE, ISO 639-1):", ""]
    lines += [" ".join(codes[i:i + 16]) for i in range(0, len(codes), 16)]
    lines += ["", "also accepted: " + ", ".join(f"{a} ({c})" for a, c in aliases().items())]
    return "\n".join(lines) + "\n"
