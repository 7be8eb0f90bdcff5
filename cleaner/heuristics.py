"""Generic filters: what rules cannot know, judged from the shape of each block and its page.

Each heuristic is a small function that reads blocks and drops some with the reason
``heuristic:<name>``; thresholds come from :mod:`cleaner.thresholds`. They run after the rules
(so site chrome is already gone and ``keep`` rules protect what they name) and in the order of
:data:`STEPS`, each one seeing what the previous ones decided.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .dates import parse_date_line
from .headline import pick_headline
from .features import REGION_BASE_FEATURES, boundary_key, is_boundary, is_byline, is_tail_boundary, word_count, words
from .language import known_word
from .model import Block
from .scorer import Scorer, default_scorer
from .thresholds import THRESHOLDS as T
from .vocabulary import COMMENT_COUNT, COMMENT_PHRASES, COMMENT_SAYS, RELATIVE_TIME, TAIL_PHRASES

#: footnote and citation markers after a sentence's end ("...New Zealand.[16]", "[n 1]", "[citation needed]")
_CITES = r"(?:\s?\[(?:\d{1,4}|[a-z]{1,2} ?\d{1,3}|citation needed|note \d{1,3})\])*"
_TERMINAL = re.compile(r"[.!?…:;。！？][\"'”’»)\]」』]*" + _CITES + "$")
_SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’»)\]」』]*" + _CITES + "$")


@dataclass(slots=True)
class PageFacts:
    """What the heuristics learn about the page: its headline and date."""

    title_index: int | None = None
    date: str | None = None
    #: P(content) per block from the scorer (same order as the blocks)
    scores: list[float] | None = None
    #: first and last block of the main-content region, when one was found
    region: tuple[int, int] | None = None
    #: blocks of a numbered list that the region continues into (judged by the list, not by score)
    listed: frozenset[int] = frozenset()
    #: the region model (``Scorer.region``): spares blocks outside the region that read as article
    region_model: object | None = None
    #: blocks outside the region (or above its headline) the region model kept
    spared: frozenset[int] = frozenset()
    #: the headline the region search picked (the title search starts there)
    region_title: int | None = None
    #: when set, the region model's feature vectors of the blocks outside the region (training)
    outside: dict[int, list[float]] | None = None


def is_prose(text: str) -> bool:
    """A block that reads as running text: enough words and a sentence ending."""
    return word_count(text) >= T["prose_min_words"] and bool(_TERMINAL.search(text))


def title_case_share(text: str) -> float:
    """Share of capitalised words among words of four letters or more (short function words
    such as 'of', 'on', 'the' are lower case in Title Case too)."""
    long_words = [w for w in words(text) if len(w) >= 4]
    if not long_words:
        return 0.0
    return sum(w[0].isupper() for w in long_words) / len(long_words)


def is_headline_shaped(text: str) -> bool:
    """A line that could be a headline: a few words, not ending like a sentence (a question or
    exclamation is allowed: headlines use them)."""
    n = len(words(text))
    if not T["title_min_words"] <= n <= T["title_max_words"]:
        return False
    visible = len(text) - sum(map(str.isspace, text))
    if sum(map(str.isalpha, text)) < T["title_min_letter_share"] * visible:
        return False  # symbol soup, not words
    return not re.search(r"[.,;:][\"'”’»)]*$", text) and parse_date_line(text) is None


_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def is_unspaced_page(blocks: list[Block]) -> bool:
    """A page written mostly in Chinese or Japanese script: jusText has no stop words for these, so
    the scorer, which leans on stop-word density, reads their prose as chrome."""
    letters = sum(c.isalpha() for b in blocks for c in b.text)
    unspaced = sum(len(_UNSPACED.findall(b.text)) for b in blocks)
    return letters > 0 and unspaced >= T["unspaced_page_share"] * letters


def kept(blocks: list[Block]) -> list[Block]:
    return [b for b in blocks if b.kept]


# --- the steps -----------------------------------------------------------------------------------

def drop_empty(blocks: list[Block], facts: PageFacts) -> None:
    """Blocks with no letters at all: counters ("0"), separators, stray symbols."""
    for b in blocks:
        if not any(c.isalpha() for c in b.text):
            b.drop("heuristic:no-letters")


def extract_date(blocks: list[Block], facts: PageFacts) -> None:
    """Date-only lines go to ``metadata.date`` (the first one), not into the body."""
    for b in kept(blocks):
        iso = parse_date_line(b.text)
        if iso:
            facts.date = facts.date or iso
            b.drop("heuristic:date-line")


def score_blocks(blocks: list[Block], facts: PageFacts, scorer: Scorer) -> None:
    """P(content) for every block, from the logistic scorer over block and context features."""
    facts.scores = scorer.probabilities([b.text for b in blocks])


def select_main_region(blocks: list[Block], facts: PageFacts) -> None:
    """The article is one contiguous run of blocks; chrome gathers at the head and the tail.

    Each kept block votes ``(p - centre) * log(2 + words)``: long confident prose pulls the region
    towards it, short chrome pushes it away. The region is the run with the largest total (Kadane's
    maximum-sum subarray); blocks outside it are dropped. Blocks that rules or earlier steps dropped
    vote nothing, so a "Subscribe" button inside the article does not split it.
    """
    scores = facts.scores or []
    end = _tail_start(blocks, scores)
    centre = T["region_centre"]
    best_span = _best_run(blocks[:end], lambda b: scores[b.index] - centre)
    by_prose = best_span is None and is_unspaced_page(blocks)
    if by_prose:  # the scorer has no stop words for this script: running prose decides
        best_span = _best_run(blocks[:end], lambda b: 1.0 if is_prose(b.text) else -1.0)
    if best_span is None:
        return
    first, last = _extend_over_prose(blocks, scores, *best_span, end)
    listed = _continued_list(blocks, first, last, end) or _table_below(blocks, last, end)
    if listed:
        facts.listed = listed
        first, last = _extend_over_prose(blocks, scores, first, max(listed), end)
    if not by_prose:  # later steps trust the scores (and the title search the region) only here
        facts.region = (first, last)
    title = _title_before(blocks, first, facts)
    facts.region_title = title.index if title is not None else None
    if not by_prose and (facts.region_model is not None or facts.outside is not None):
        vectors = outside_vectors(blocks, scores, first, last, end, title)
        if facts.outside is not None:
            facts.outside.update(vectors)
        if facts.region_model is not None and vectors:
            indexes = list(vectors)
            probs = facts.region_model.predict([vectors[i] for i in indexes])
            # under a comment section's heading ("[ 167 comments ]") the prose is the readers'
            stop = end if end < len(blocks) and ends_comments(blocks[end].text) else len(blocks)
            facts.spared = frozenset(i for i, p in zip(indexes, probs) if p >= T["region_spare_min"] and i < stop)
    for b in blocks:
        if b.index in facts.spared:
            continue
        if title is not None and b.index < title.index:
            b.drop("heuristic:above-title")
        elif (b.index < first or b.index > last) and b is not title:
            b.drop("heuristic:outside-main-region")


def outside_vectors(blocks: list[Block], scores: list[float], first: int, last: int, end: int,
                    title: Block | None) -> dict[int, list[float]]:
    """The region model's features (:data:`cleaner.features.REGION_FEATURES`) of each kept block
    the region search leaves out (outside the region, or above its headline): its own score and
    shape, its neighbours' scores, how far it stands from the region and what lies between
    (a boundary heading, the tail of the page, rule-dropped chrome), and how much of the page's
    prose the region holds. A second run of prose the region missed (a page that is not one
    article, a body cut by an in-body box) stands out from teasers and chrome this way."""
    kept_blocks = [b for b in blocks if b.kept]
    if not kept_blocks:
        return {}
    top = title.index if title is not None else first
    prose = [is_prose(b.text) for b in kept_blocks]
    n_words = [word_count(b.text) for b in kept_blocks]
    in_region = [first <= b.index <= last for b in kept_blocks]
    region_prose = sum(w for w, p, r in zip(n_words, prose, in_region) if p and r)
    all_prose = sum(w for w, p in zip(n_words, prose) if p)
    share = region_prose / all_prose if all_prose else 0.0
    log_region = math.log1p(sum(w for w, r in zip(n_words, in_region) if r))
    # prefix counts over all blocks: boundaries and rule drops between a block and the region
    bounds, rules = [0], [0]
    for b in blocks:
        bounds.append(bounds[-1] + (is_boundary(b.text) or ends_article(b.text) or is_tail_heading(b.text)))
        rules.append(rules[-1] + (not b.kept and (b.reason or "").startswith("rule:")))
    region_pos = [k for k, r in enumerate(in_region) if r]
    r0, r1 = (region_pos[0], region_pos[-1]) if region_pos else (0, 0)
    out: dict[int, list[float]] = {}
    above_at = REGION_BASE_FEATURES.index("above")
    crossed = [j for j in range(1, len(REGION_BASE_FEATURES)) if j != above_at]
    for k, b in enumerate(kept_blocks):
        i = b.index
        if first <= i <= last or (title is not None and b is title):
            continue
        above = i < top or i < first
        gap = (r0 - k) if above else (k - r1)
        lo, hi = (i + 1, first) if above else (last + 1, i)
        near = [kept_blocks[j] for j in range(max(0, k - 3), min(len(kept_blocks), k + 4)) if j != k]
        near_p = [scores[x.index] for x in near]
        out[i] = [
            1.0,
            scores[i],
            1.0 if prose[k] else 0.0,
            math.log1p(n_words[k]),
            1.0 if above else 0.0,
            math.log1p(max(gap, 0)),
            1.0 if i >= end else 0.0,
            sum(near_p) / len(near_p) if near_p else 0.0,
            sum(is_prose(x.text) for x in near) / len(near) if near else 0.0,
            1.0 if bounds[max(hi, lo)] - bounds[min(hi, lo)] > 0 else 0.0,
            share,
            log_region,
            title_case_share(b.text),
            1.0 if is_headline_shaped(b.text) else 0.0,
            max(near_p, default=0.0),
            math.log1p(rules[max(hi, lo)] - rules[min(hi, lo)]),
        ]
        vec = out[i]
        vec.extend([vec[j] for j in crossed] if above else [0.0] * len(crossed))
    return out


def _best_run(blocks: list[Block], value) -> tuple[int, int] | None:
    """First and last index of the kept run with the largest total vote (Kadane's maximum-sum
    subarray), where a block votes ``value(block) * log(2 + words)`` (short blocks a small fixed
    weight); None when no block votes for content."""
    best, best_span = 0.0, None
    run, start = 0.0, None
    for b in blocks:
        if not b.kept:
            continue
        n = word_count(b.text)
        weight = math.log(2 + n) if n >= T["region_short_words"] else T["region_short_weight"]
        vote = value(b) * weight
        if start is None or run <= 0:
            run, start = vote, b.index
        else:
            run += vote
        if run > best:
            best, best_span = run, (start, b.index)
    return best_span


_GLUE = re.compile(r"(?<=[a-z?!’'”])(?=[A-Z][\w’'-]*[,:;]?\s+\w)|(?<=\d)(?=[A-Z][a-z]+\s+\w)")  # "SteakhouseA party", "Rise?Violence is", "250,000The state"
_TOKEN_AT = re.compile(r"\S+$")


def is_word(token: str) -> bool:
    """A fused token that is a real word or name ("TripAdvisor", "McDonald") is no glue."""
    return known_word(re.sub(r"[^\w'’-]", "", token))


def drop_glued_teasers(blocks: list[Block], facts: PageFacts) -> None:
    """Teaser cards flattened into one line: a Title Case headline glued to the first sentence of
    its story ("Customers Leave Without Paying $690 Bill At Troy SteakhouseA party of six left...",
    "Is Violence In Sports On The Rise?Violence is...", "...Applications To 250,000The state...").
    An article paragraph never starts with a Title Case run fused to a sentence; the fused token
    must be no known word or name ("iPhone", "McDonald") and what follows must read as a sentence,
    not more headline."""
    for b in _body(blocks, facts):
        for match in _GLUE.finditer(b.text[: T["glued_headline_max_chars"]]):
            head = b.text[: match.end()]
            fused = _TOKEN_AT.search(head).group() + re.match(r"\S*", b.text[match.end():]).group()
            lede = b.text[match.end():]
            if len(words(head)) >= T["teaser_min_words"] and not is_word(fused) and \
                    title_case_share(head) >= T["teaser_title_case_share"] and \
                    len(words(lede)) >= T["glued_lede_min_words"] and \
                    title_case_share(lede) < T["teaser_title_case_share"]:
                b.drop("heuristic:glued-teaser")
                break


def drop_low_scores(blocks: list[Block], facts: PageFacts) -> None:
    """Last: inside the region, what is neither prose nor likely content goes (captions, bylines,
    stray labels that no named heuristic caught)."""
    if facts.region is None:  # nothing on the page reads as content: judge nothing by score
        return
    scores = facts.scores or []
    for b in _body(blocks, facts):
        if scores[b.index] < T["region_min_score"] and not is_prose(b.text) and b.index not in facts.listed \
                and b.index not in facts.spared:  # the region model weighed the score already
            b.drop("heuristic:low-content-score")


def drop_islands(blocks: list[Block], facts: PageFacts) -> None:
    """Last: once the chrome inside the region is gone, what is left may fall apart into clusters
    far from each other (teaser cards left over above the article, a widget below it). Clusters
    split by a long run of dropped blocks (rule drops count double) are weighed by their running
    prose: the one with the most stays, and those with less than half as much go (a second half
    of the article past a long run of embedded tweets or pictures has about as much). A cluster
    with a few paragraphs of prose of its own is a section of the article (past a table, a long
    list, a run of figures), never a teaser card or a widget, however long the article is."""
    if facts.region is None:
        return
    clusters: list[list[Block]] = []
    gap = 0
    for b in blocks[facts.region[0]:facts.region[1] + 1]:
        if b.kept and b.kind != "title":
            if not clusters or gap >= T["island_gap_blocks"]:
                clusters.append([])
            clusters[-1].append(b)
            gap = 0
        elif not b.kept:  # a rule's drop is known chrome: it parts clusters more than a shape's
            gap += T["island_rule_drop_weight"] if (b.reason or "").startswith("rule:") else 1
    if len(clusters) < 2:
        return
    def prose_words(cluster: list[Block]) -> int:
        return sum(word_count(b.text) for b in cluster if is_prose(b.text))
    best = max(clusters, key=prose_words)
    for cluster in clusters:
        own = prose_words(cluster)
        if cluster is not best and own < T["island_max_share"] * prose_words(best) and \
                own < T["island_max_prose_words"]:
            for b in cluster:
                b.drop("heuristic:island")


_ITEM_NUMBER = re.compile(r"^\(?(\d{1,3})[.)]\s")


def _item_number(block: Block) -> int | None:
    match = _ITEM_NUMBER.match(block.text) if block.kept else None
    return int(match.group(1)) if match else None


def _continued_list(blocks: list[Block], first: int, last: int, end: int) -> frozenset[int]:
    """A numbered list that the region cuts short ("1) Lego Star Wars..." inside, "2) ..." to
    "22) ..." below): list items are short and seldom read as prose, so their scores fall off,
    but item k + 1 right after item k continues the article. The items that follow in sequence
    (each within a few blocks of the one before, no section boundary or rule-dropped chrome
    between) and the blocks under the last one, as many as under the item before it, join the
    region; so does a list that starts at item 1 under a region ending in a colon. Returns their
    indexes (empty when the region ends on no numbered list)."""
    numbered = [b for b in blocks[first:last + 1] if _item_number(b) is not None]
    since = last + 1
    if numbered:
        pos, number = numbered[-1].index, _item_number(numbered[-1])
        for back, b in enumerate(reversed(numbered)):  # items already in the region: the same on a re-run
            if _item_number(b) != number - back:
                break
            since = b.index
    elif blocks[last].text.rstrip().endswith(":"):  # "Here are the best deals:" and item 1 under it
        pos, number = last, 0
    else:
        return frozenset()
    period = 1
    stop = end
    for b in blocks[pos + 1:end]:
        if b.index - pos > T["list_item_max_gap"] or is_boundary(b.text) or \
                (b.reason or "").startswith("rule:"):
            stop = b.index
            break
        if _item_number(b) == number + 1:
            pos, number, period = b.index, number + 1, b.index - pos
    new_last = min(pos + period - 1, stop - 1)
    return frozenset(range(since, new_last + 1)) if new_last > last else frozenset()


def row_shape(text: str) -> str:
    """What a table row keeps when its words go: digits as '9', the symbols between them
    ("June 9 – Tampa, FL @ Arena" → "9–,@")."""
    return re.sub(r"[^\W\d_]+|\s+", "", re.sub(r"\d+", "9", text))


def _row_opening(block: Block) -> str | None:
    """The opening of a table row's shape ("9–", "%9"), None for a block that is no row."""
    opening = row_shape(block.text)[:2]
    if len(opening) < 2 or not re.search(r"\d", opening) or not re.search(r"[^\w\s]", opening):
        return None
    return opening


def _table_below(blocks: list[Block], last: int, end: int) -> frozenset[int]:
    """Rows of a table or schedule at the foot of the region (tour dates, poll results): at least
    a few blocks in a row whose shapes open alike, with a digit and a symbol ("9–", "%9"), maybe
    under a heading ("Tour Dates"). Rows have few words and no sentences, so the scorer drops
    them; their likeness says they are one table, and the article above says it is content."""
    below = _row_opening(blocks[last + 1]) if last + 1 < end else None
    start = last if below and _row_opening(blocks[last]) == below else last + 1
    while start <= last and start > 0 and _row_opening(blocks[start - 1]) == below:
        start -= 1  # the rows already inside the region belong to the table too (same on a re-run)
    taken = []
    if start == last + 1 and start < end and is_headline_shaped(blocks[start].text):
        taken, start = [start], start + 1
    rows: list[int] = []
    opening = _row_opening(blocks[start]) if start < end else None
    for b in blocks[start:end]:
        if opening is None or _row_opening(b) != opening:
            break
        rows.append(b.index)
    if len(rows) < T["table_min_rows"]:
        return frozenset()
    return frozenset(taken + rows)


def _extend_over_prose(blocks: list[Block], scores: list[float], first: int, last: int,
                       end: int) -> tuple[int, int]:
    """Grow the region over running prose near it, bridging gaps of a few blocks (a subheading, a
    caption, a button): a short or clean page (a canonical article cleaned again) scores lower
    than the long pages the scorer learned from, and its paragraphs must not be cut for that.
    What the bridge takes in still faces the later steps (short lines, teasers, low scores)."""
    gap = T["region_bridge_blocks"]

    def grows(b: Block) -> bool:
        return b.kept and is_prose(b.text) and scores[b.index] >= T["region_extend_min_score"]

    moved = True
    while moved:
        moved = False
        before = [b for b in blocks[:first] if b.kept][-gap:]
        after = [b for b in blocks[last + 1:end] if b.kept][:gap]
        for b in reversed(before):
            if grows(b):
                first, moved = b.index, True
                break
        for b in after:
            if grows(b):
                last, moved = b.index, True
                break
    return first, last


def _tail_start(blocks: list[Block], scores: list[float]) -> int:
    """Position of the first tail boundary ("Comments", "More stories") after the article has
    begun (a confident prose block above it); the page's length when there is none. Rule-dropped
    blocks count too: a "Comments" heading removed by a rule still ends the article."""
    begun, stamps, thread, last_stamp = False, 0, 0, -len(blocks)
    for b in blocks:
        if begun and (ends_comments(b.text) or
                      (ends_article(b.text) or is_tail_heading(b.text)) and
                      not _prose_resumes(blocks, scores, b.index)):
            return b.index
        if begun and _signs_comment(blocks, b.index):
            if b.index - last_stamp > T["comment_max_gap"]:  # a new thread, or a lone stamp
                stamps, thread = 0, b.index - (0 if _named_stamp(b.text) else 1)
            stamps, last_stamp = stamps + 1, b.index
            if stamps >= T["comment_min_stamps"]:
                return thread
        if b.kept and scores[b.index] >= T["article_begun_score"] and is_prose(b.text):
            begun = True
    return len(blocks)


def ends_comments(text: str) -> bool:
    """A comment section's heading ("Comments", "Leave a Reply", "[ 167 comments ]", "{ 12
    comments… read them below or add one }"): whatever prose follows is the readers', not the
    article's."""
    key = boundary_key(text) or boundary_key(text.strip("[]{} "))
    return key in COMMENT_PHRASES or \
        len(text.split()) <= T["comment_count_max_words"] and bool(COMMENT_COUNT.match(text))


def ends_article(text: str) -> bool:
    """A tail boundary ("Comments", "More stories"), also bracketed ("[ 167 comments ]")."""
    return is_tail_boundary(text) or is_tail_boundary(text.strip("[]{} "))


def is_tail_heading(text: str) -> bool:
    """A short heading that starts with a tail phrase ("Most Read Most Shared", "Most read in
    world news"): the heading of a story box, at the tail or inside the article."""
    if len(text) > 80 or _TERMINAL.search(text) or len(words(text)) > T["tail_heading_max_words"]:
        return False
    tokens = text.lower().split()
    return any(" ".join(tokens[:n]) in TAIL_PHRASES for n in range(1, len(tokens)))


def _prose_resumes(blocks: list[Block], scores: list[float], i: int) -> bool:
    """Prose the scorer leans to (above the region centre) follows within a few blocks of block
    ``i``, before any comment section: the box sits inside the article."""
    for b in blocks[i + 1:i + 1 + T["tail_resume_blocks"]]:
        if ends_comments(b.text):
            return False
        if b.kept and scores[b.index] >= T["region_centre"] and is_prose(b.text):
            return True
    return False


def is_timestamp(text: str) -> bool:
    """A line that is only a date or a relative time ("2 days ago at 07:52 am")."""
    return parse_date_line(text) is not None or bool(RELATIVE_TIME.match(text))


def _signs_comment(blocks: list[Block], i: int) -> bool:
    """Block ``i`` is a comment's stamp above the comment's words: a timestamp right under a
    short name line ("Gaye" / "August 8, 2018 at 3:17 pm" / "You are awesome!"), or the name
    and the timestamp on one line ("nancy October 25, 2012 at 12:37 pm", "Kathleen @ks_spice
    March 3, 2011 at 4:05 PM"), or a name line ending in a verb of saying ("MightyMidwest says:")."""
    if not 0 < i < len(blocks) - 1 or len(words(blocks[i + 1].text)) < T["comment_min_words"]:
        return False
    text = blocks[i].text
    if is_timestamp(text):
        name = blocks[i - 1].text
        return 0 < len(words(name)) <= T["comment_name_max_words"] and not is_timestamp(name) \
            and not is_prose(name)
    return _named_stamp(text)


def _named_stamp(text: str) -> bool:
    """A comment's name and timestamp on one line, or its name and a verb of saying."""
    tokens = text.split()
    if not tokens or len(tokens) > T["comment_name_max_words"] + 10:
        return False
    if COMMENT_SAYS.search(text) and len(tokens) <= T["comment_name_max_words"] + 2:
        return True
    return any(is_timestamp(" ".join(tokens[n:])) and not is_timestamp(" ".join(tokens[:n])) and
               not any(t.endswith((",", ";", ":")) for t in tokens[:n])
               for n in range(1, min(T["comment_name_max_words"], len(tokens) - 1) + 1))


def _title_before(blocks: list[Block], first: int, facts: PageFacts) -> Block | None:
    """The headline just above the region (see :mod:`cleaner.headline`)."""
    return pick_headline(blocks, first, is_headline_shaped)


def find_title(blocks: list[Block], facts: PageFacts, hint: str | None = None) -> None:
    """The headline: the block equal to the page's own title when it gives one; otherwise the first
    headline-shaped block near the top with prose soon after it. Blocks above it are chrome."""
    start = facts.region_title if facts.region_title is not None else 0
    candidates = [b for b in blocks[start:] if b.kept][: T["title_search_blocks"]]
    title = None
    if hint:
        title = next((b for b in candidates if b.text.casefold() == hint.casefold()), None)
    if facts.region:  # without the page's word for it, the headline is above the article
        candidates = [b for b in candidates if b.index <= facts.region[0]]
    if title is None:
        for b in candidates:
            following = kept(blocks[b.index + 1:])[: T["title_prose_within"]]
            if is_headline_shaped(b.text) and any(is_prose(f.text) for f in following):
                title = b
                break
    if title is None:
        return
    title.kind = "title"
    facts.title_index = title.index
    for b in blocks:
        if b is title:
            break
        if b.index not in facts.spared:
            b.drop("heuristic:above-title")


def drop_repeats(blocks: list[Block], facts: PageFacts) -> None:
    """A block printed twice (a caption, the headline under the lede) is kept once: the first time.

    Prose repeated on purpose (an interviewer's recurring question) stays; a repeat of the title
    always goes."""
    seen: set[str] = set()
    title = blocks[facts.title_index].text.casefold() if facts.title_index is not None else None
    for b in kept(blocks):
        key = b.text.casefold()
        if key in seen and b.kind != "title" and (key == title or not is_prose(b.text)):
            b.drop("heuristic:repeated-block")
        seen.add(key)


def drop_short_lines(blocks: list[Block], facts: PageFacts) -> None:
    """One or two words with no sentence punctuation between paragraphs: section words ("Asia"),
    nav words, labels. Words as :func:`word_count` counts them, so a Japanese sentence (one regex
    "word") is not taken for a label."""
    for b in _body(blocks, facts):
        if word_count(b.text) <= T["short_line_max_words"] and not _SENTENCE_END.search(b.text) and \
                b.index not in facts.listed:
            b.drop("heuristic:short-line")


def drop_teaser_headlines(blocks: list[Block], facts: PageFacts) -> None:
    """Related-story headlines inside the body: Title Case, no sentence punctuation, right after
    chrome (an image label or section word of the same teaser card). A Title Case line between
    paragraphs is a subheading and stays (measured: dropping those with no sentence under them
    cost more article text on the bench than it removed chrome)."""
    body = _body(blocks, facts)
    for b in body:
        n = len(words(b.text))
        if not (T["teaser_min_words"] <= n <= T["teaser_max_words"]) or _TERMINAL.search(b.text):
            continue
        if title_case_share(b.text) < T["teaser_title_case_share"]:
            continue
        pos = b.index
        previous = blocks[pos - 1] if pos > 0 else None
        after_chrome = previous is not None and not previous.kept and \
            (previous.reason or "").startswith(("rule:", "heuristic:short-line", "heuristic:teaser-headline"))
        if after_chrome:
            b.drop("heuristic:teaser-headline")


def _body(blocks: list[Block], facts: PageFacts) -> list[Block]:
    """Kept blocks after the title (all kept blocks when no title was found)."""
    start = facts.title_index + 1 if facts.title_index is not None else 0
    return [b for b in blocks if b.index >= start and b.kept and b.kind != "title"]


STEPS = (extract_date, drop_empty, score_blocks, select_main_region, find_title, drop_repeats,
         drop_short_lines, drop_teaser_headlines, drop_glued_teasers, drop_low_scores, drop_islands)


def apply_heuristics(blocks: list[Block], *, title_hint: str | None = None,
                     scorer: Scorer | None = None, collect_outside: bool = False) -> PageFacts:
    """Heuristics stage: run every step of :data:`STEPS` in order; return what was learned.
    ``collect_outside`` keeps the region model's feature vectors in ``facts.outside`` (training)."""
    scorer = scorer or default_scorer()
    facts = PageFacts(region_model=getattr(scorer, "region", None),
                      outside={} if collect_outside else None)
    for step in STEPS:
        if step is find_title:
            find_title(blocks, facts, title_hint)
        elif step is score_blocks:
            score_blocks(blocks, facts, scorer)
        else:
            step(blocks, facts)
    return facts
