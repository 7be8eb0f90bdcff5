"""Data for the HTML heuristics: what chrome trafilatura lets through looks like.

Patterns only, no logic (see :mod:`cleaner.html_heuristics`). Case-insensitive, searched in the
normalised text of one block. Kept generic: phrases of the trade (bylines, contact lines, share
and subscribe prompts, copyright), never one site's wording.
"""
from __future__ import annotations

import re

_I = re.IGNORECASE

_NAME = r"[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3}"

#: Lines that are chrome wherever they stand at the edge of an article (first or last blocks).
#: The first two are case-sensitive: a name has capitals ("By the time ..." is no byline).
EDGE_CHROME = tuple(re.compile(p) for p in (
    rf"^(By|BY) {_NAME}(?: and {_NAME})?\s*(?:[,|/–-][^.!?]{{0,60}})?$",   # byline
    rf"^(Write to|Reach|Contact|Email) (the )?(author|reporters?|writers?|editors?|him|her|"
    rf"them|us|{_NAME}) (at|on|via)\b",
)) + tuple(re.compile(p, _I) for p in (
    r"\b(may|can) be (reached|contacted) at\b",
    r"^\S+@\S+\.\w+$",                                        # an e-mail address alone
    r"^(https?://|www\.)\S+$|^[\w.-]+\.(com|org|net)/\S*$",  # a URL alone
    r"\bcontributed (reporting|to this (report|story|article))\b",
    r"^\(?(additional )?reporting by\b",
    r"^(editing|edited|writing) by\b",
    r"^follow (us|him|her|them|@|[\w' ]{0,40}\bon (twitter|facebook|instagram))",
    r"^(get|sign up|subscribe|join|want)\b.{0,80}\b(inbox|newsletters?)\b",
    r"\b(subscribe|sign up) (to|for) (our|the|\w+['’]s)\b.{0,60}\bnewsletters?\b",
    r"^(click|tap) here\b",
    r"^(copyright\b|©|\(c\) )|\ball rights reserved\b",
    r"\bshare (it|this( story| article)?) with\b|^like this (story|article)\?",
    r"^(source|sources|credit|credits)\s*:",
    r"^(explore further|popular on\b|most (read|popular)\b|trending( now| stories)?$|"
    r"related (posts?|stories|articles?)\b)",
    r"^(order reprints|print article|reprints?|print|e-?mail|share)$",
    r"\bfor your personal,? non-commercial use only\b",
    r"^if you (enjoyed|liked) this (article|story|post)\b",
    r"^(listen to|watch) .{0,40}\b(live|podcast)\b",
    r"\b(an error has occurred|please try again later)\b",
    r"^(thank you|thanks for reading)[.!]?$",
    r"^this article has been sent to\b",
))

#: Promotion lines that interrupt the article anywhere (they are never prose of the story).
INLINE_PROMO = tuple(re.compile(p, _I) for p in (
    r"^\[?(related|read more|read also|also read|see also|more|also)\s*(post|stories|articles?)?\s*:",
    r"^also on [\w.-]+\.\w+\b",
    r"^click here to (get|download|subscribe|sign up|read)\b",
))
