"""The pipeline, top to bottom: bytes → text → blocks → normalise → rules → heuristics →
language → Article. One pure function, :func:`clean`; no file or network I/O, no global state
beyond the rule set loaded once per process."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache

from . import __version__
from .assemble import assemble
from .byline import find_author, find_dateline
from .decode import decode_bytes
from .heuristics import apply_heuristics
from .html_heuristics import apply_html_heuristics
from .language import apply_language, page_language
from .learn import SiteChrome, drop_site_chrome, host_of
from .model import Article, Block, Flag, Foreign, Metadata
from .normalise import normalise_blocks, normalise_text
from .rules import RuleSet, apply_rules, load_rules
from .scorer import Scorer
from .split import PageInfo, looks_like_html, split_html, split_text


@dataclass(frozen=True, slots=True)
class Options:
    """How to clean. Frozen and picklable, so worker processes get the same settings."""

    rules: RuleSet | None = None          #: None: the shipped rules (loaded once per process)
    lang: str = "en"                      #: target language
    foreign: Foreign = "drop"             #: what to do with blocks in another language
    straighten_quotes: bool = False       #: ftfy's quote uncurling (off: quotes carry meaning)
    scorer: Scorer | None = None          #: None: the shipped content scorer
    fast: bool = False                    #: trafilatura's fast mode; page-level language only, no flags
    site_chrome: SiteChrome | None = None  #: lines frequent across the pages of each site of a run


def rule_flags(blocks: list[Block]) -> list[Flag]:
    """Blocks a ``flag`` rule marked: kept in the text and listed in ``flags`` (kind ``rule``)."""
    return [Flag(b.index, b.text, b.lang, b.lang_confidence, True, kind="rule")
            for b in blocks if b.verdict == "flag" and (b.reason or "").startswith("rule:")]


@lru_cache(maxsize=1)
def default_rules() -> RuleSet:
    """The shipped rule set, loaded and validated once per process."""
    return load_rules()


def clean(source: str | bytes, *, options: Options | None = None, kind: str | None = None,
          url: str | None = None, source_id: str | None = None,
          declared_encoding: str | None = None, site: str | None = None) -> Article:
    """Clean one page. ``source`` is a text dump or HTML, as text or raw bytes; ``kind`` is
    ``"text"`` or ``"html"`` (sniffed when None); ``url`` selects site rules by domain; ``site``
    names the page's site in ``options.site_chrome`` (default: the url's host)."""
    options = options or Options()
    rules = options.rules or default_rules()
    metadata = Metadata(source=source_id, url=url)

    if isinstance(source, bytes):
        decoded = decode_bytes(source, declared=declared_encoding)
        text, metadata.encoding = decoded.text, decoded.encoding
        metadata.fixes.extend(decoded.fixes)
    else:
        text = source
    if kind is None:
        kind = "html" if looks_like_html(text) else "text"
    metadata.input_kind = kind
    if kind == "html":
        blocks, info = split_html(text, url, fast=options.fast)
    else:
        blocks, info = split_text(text), PageInfo(url=url)
    metadata.url = info.url or url
    metadata.fixes.extend(normalise_blocks(blocks, straighten_quotes=options.straighten_quotes))

    domain = host_of(metadata.url)  # None for a malformed url too ("http://[x")
    files = rules.select("\n".join(b.text for b in blocks), domain)
    apply_rules(blocks, files)
    metadata.rules = [f.name for f in files]
    metadata.rule_site = next((f.site for f in files if f.site), None)
    metadata.site = info.site
    metadata.hostname = domain.removeprefix("www.") if domain else None
    metadata.description, metadata.image = info.description, info.image
    metadata.categories, metadata.tags = list(info.categories), list(info.tags)

    title_hint = normalise_text(info.title) if info.title else None
    if kind == "html":
        facts = apply_html_heuristics(blocks, title_hint=title_hint)
    else:
        facts = apply_heuristics(blocks, title_hint=title_hint, scorer=options.scorer)
    if options.site_chrome is not None:  # after the heuristics: it only takes, never moves the region
        drop_site_chrome(blocks, options.site_chrome.for_site(site or domain), keep=facts.title_index)
    metadata.date = facts.date or info.date or find_dateline(blocks, facts.title_index)
    author = info.author or find_author(blocks, facts.title_index)
    metadata.author = " ".join(author.split()) if author else None

    if options.fast:
        metadata.language, flags = page_language(blocks, target=options.lang), []
    else:
        metadata.language, flags = apply_language(blocks, target=options.lang, policy=options.foreign)
    flags = sorted(flags + rule_flags(blocks), key=lambda f: (f.index, f.kind))

    article_id = source_id or hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return assemble(blocks, title_index=facts.title_index, metadata=metadata, flags=flags,
                    article_id=article_id, version=__version__, rules_digest=rules.digest)
