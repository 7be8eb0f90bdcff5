"""Data for the HTML heuristics: what chrome trafilatura lets through looks like.

Patterns only, no logic (see :mod:`cleaner.html_heuristics`). Case-insensitive, searched in the
normalised text of one block. Kept generic: phrases of the trade (bylines, contact lines, share
and subscribe prompts, copyright), never one site's wording.
"""
from __future__ import annotations

import re

_I = re.IGNORECASE

#: Lines that are chrome wherever they stand at the edge of an article (first or last blocks).
EDGE_CHROME = tuple(re.compile(p, _I) for p in (
    r"^by\s+[\w.'’-]+(\s+[\w.'’-]+){0,4}\s*([,|/]|$)",      # byline
    r"\b(may|can) be (reached|contacted) at\b",
    r"^(write|reach|contact) (to )?(the )?(author|reporters?|writers?|him|her|them|us)?\s*\w*\s*(\w+\s*)?(at|on|via)\b",
    r"^\S+@\S+\.\w+$",                                        # an e-mail address alone
    r"^(https?://|www\.)\S+$|^[\w.-]+\.(com|org|net)/\S*$",  # a URL alone
    r"\bcontributed (reporting|to this (report|story|article))\b",
    r"^\(?(additional )?reporting by\b",
    r"^(editing|edited|writing) by\b",
    r"^follow (us|him|her|them|@|[\w' ]{0,40}\bon (twitter|facebook|instagram))",
    r"\b(subscribe|sign up|newsletters?)\b.*\b(inbox|newsletters?|today|here|subscribing)\b",
    r"^(click|tap) here\b",
    r"\bcopyright\b|\ball rights reserved\b|^©",
    r"\bshare (it|this( story| article)?) with\b|^like this (story|article)\?",
    r"^(source|sources|credit|credits)\s*:",
    r"^(explore further|popular on\b|most (read|popular)\b|trending\b|related (post|stories|articles?)\b)",
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
