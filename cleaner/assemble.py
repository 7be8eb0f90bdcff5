"""Assembling the Article from decided blocks: title, kept paragraphs, flags, audit trail."""
from __future__ import annotations

from .model import Article, Block, Flag, Metadata, Removal


def assemble(blocks: list[Block], *, title_index: int | None, metadata: Metadata,
             flags: list[Flag], article_id: str | None, version: str, rules_digest: str) -> Article:
    """Kept blocks become paragraphs (the title apart); dropped blocks become ``removed``."""
    title = blocks[title_index].text if title_index is not None else None
    paragraphs = [b.text for b in blocks if b.kept and b.index != title_index]
    removed = [Removal(b.index, b.text, b.reason or "unknown") for b in blocks if not b.kept]
    metadata.title = title
    return Article(title=title, paragraphs=paragraphs, metadata=metadata, flags=flags,
                   removed=removed, blocks=blocks, id=article_id, version=version,
                   rules_digest=rules_digest, title_index=title_index)
