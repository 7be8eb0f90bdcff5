"""cleaner: scraped news pages (text dumps or HTML) in, clean canonical articles out.

    >>> import cleaner
    >>> article = cleaner.clean("Headline Of The Day Here\\nSubscribe\\nThe body of the story is here, and it is long enough.")
    >>> article.canonical_text()
    'Headline Of The Day Here\\n\\nThe body of the story is here, and it is long enough.\\n'

Everything else (the CLI, folder runs, tests) calls :func:`clean`.
"""
from __future__ import annotations

__version__ = "0.1.0"

from .model import Article, Block, Flag, Metadata, Removal  # noqa: E402
from .pipeline import Options, clean, default_rules  # noqa: E402
from .rules import RuleError, RuleSet, load_rules  # noqa: E402

__all__ = ["Article", "Block", "Flag", "Metadata", "Options", "Removal", "RuleError", "RuleSet",
           "__version__", "clean", "default_rules", "load_rules"]
