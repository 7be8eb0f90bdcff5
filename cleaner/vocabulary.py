"""Word lists the heuristics read: site-chrome vocabulary and section-boundary phrases.

Data only (the habit of ftfy's ``chardata.py``): the logic that uses these lives in
:mod:`cleaner.features` and :mod:`cleaner.heuristics`. Lower case; matched on whole words.
"""
from __future__ import annotations

import re

#: Words typical of site chrome (menus, widgets, footers), rare in article prose.
CHROME_WORDS = frozenset("""
subscribe subscription subscribers newsletter newsletters login log sign signup register
account password cookie cookies javascript browser privacy terms conditions copyright rights
reserved advertisement advertising advertise sponsored share shares tweet facebook twitter
instagram linkedin pinterest whatsapp reddit youtube email e-mail print comments comment reply
replies permalink related recommended trending popular newsletter menu search home contact
download app apps follow rss feed podcast podcasts video videos gallery photos click tap
skip content navigation toggle loading loader careers jobs faq sitemap
""".split())

#: Boundaries after which nothing is article any more: comment threads and story lists that close
#: a page. The first one after the article has begun ends the article (see heuristics); a story
#: list's heading (:data:`STORY_LIST_PHRASES`) only when no article prose resumes under it (an
#: in-body "Related coverage" box sits inside the article).
COMMENT_PHRASES = frozenset("""
comments
leave a comment
leave a reply
post a comment
add a comment
join the conversation
join the discussion
show comments
view comments
responses
about the author
""".strip().splitlines())
STORY_LIST_PHRASES = frozenset("""
related articles
related stories
related posts
related content
related coverage
more stories
more news
you may also like
you might also like
recommended for you
recommended stories
most popular
most read
trending now
around the web
sponsored stories
sponsored content
from the web
what to read next
read next
up next
""".strip().splitlines())
TAIL_PHRASES = COMMENT_PHRASES | STORY_LIST_PHRASES

#: Lines that open a section which is not the article (comments, related stories, footers): the
#: tail boundaries above, and headings that can also stand inside a page's chrome.
#: Matched against the whole block, lower-cased, without trailing punctuation and counters.
BOUNDARY_PHRASES = TAIL_PHRASES | frozenset("""
also on
comment
conversation
discussion
filed under
latest news
latest stories
more from
more in
more on this
more on this story
newsletter
popular
read more
recommended
related
related news
share this
share this article
share this story
sign up for our newsletter
tags
top stories
topics
trending
""".strip().splitlines())

#: A relative timestamp, as comment threads and feeds print it ("2 days ago at 07:52 am").
#: A comment section's count line: "{ 12 comments… read them below or add one }", "126 Comments Add A Comment".
COMMENT_COUNT = re.compile(r"(?i)^[\[{(]?\s*\d+\s+(comments?|responses?|replies)\b")

#: A comment's name line in a thread: "MightyMidwest says:", "Anna sagt:", "Pedro dice:".
COMMENT_SAYS = re.compile(r"(?i)\b(says|said|wrote|sagt|schrieb|dice|dit|disse|scrive|zegt|pisze)\s*:$")

RELATIVE_TIME = re.compile(r"(?i)^(about |updated |posted )?\d+ (seconds?|minutes?|mins?|hours?|hrs?|days?|"
                           r"weeks?|months?|years?) ago\b.{0,30}$")


#: Headline-shaped lines that are no headline (see :mod:`cleaner.headline`): captions and photo
#: credits, bylines and datelines, share bars and account links. Matched anywhere in the line.
HEADLINE_IMPOSTORS = re.compile(
    r"(?i)"
    # a photo credit or caption
    r"\b(?:photo|photograph|image|picture|pic|credit|foto|bild)s?\s*(?:by\b|:|copyright\b)"
    r"|\bimage copyright\b|getty images|shutterstock|\bistock\b|\bap photo\b|science photo library"
    r"|/\s*(?:afp|ap|reuters|epa)\b|\((?:[^()]*(?:/|\bafp\b|\bap\b|reuters|press|getty|photo|credit|"
    r"published|file)[^()]*)\)\s*$"
    # a byline, a dateline, a filing note
    r"|^(?:posted|written|reported|published|edited|filed|tested|reviewed|updated|last updated)"
    r"(?:\s+(?:by|to|on|in|under|at))?\b\s*:?"
    r"|\|\s*by\b|,\s*(?:associated press|ap|reuters|afp)\b|\bassociated press\s*$"
    r"|\d{1,2}:\d{2}|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b"
    r"|\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b"
    # share bars, players and account links
    r"|\bcopy link\b|\burl copied\b|\bsharing\b|\bshare (?:on|via|this)\b|\bmedia playback\b"
    r"|(?:\b|(?<=[a-z])(?-i:(?=S)))sign ?(?:in|out|up)\b|\blog (?:in|out)\b|\bedit profile\b|\bterms? of (?:use|service)\b"
    r"|\bback to\b|\bread more\b|\bsee all\b|\bview all\b")


#: The word for "by" that opens a byline, in the languages the byline and scorer know.
BYLINE_WORDS = ("by", "von", "por", "par", "di", "door", "av", "af")
#: Where a byline's names end: a separator, an e-mail or web address, a digit (a date, a phone
#: number), or a word saying that a date follows.
BYLINE_END = re.compile(r"(?i)\s*(?:[|•·—–/／(]|\s-\s|\S+@\S+|https?:|www\.|\d"
                        r"|\b(?:published|updated|posted|publiziert|publicado|pubblicato|publié|am|on)\b).*$")
#: Job titles printed after a name ("Staff Writer", "Business Columnist", "IGN Staff").
BYLINE_ROLE = re.compile(r"(?i)\s*\b(?:(?:senior|chief|special|business|sports|political|science|health|"
                         r"tech|technology|entertainment|opinion|news|staff|contributing|associate|"
                         r"executive|managing|national|international|foreign)\s+)*"
                         r"(?:staff writer|writer|columnist|contributor|correspondent|editor|reporter|"
                         r"staff|journalist|photographer|producer|analyst)\b.*$")
