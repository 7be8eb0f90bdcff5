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
#: a page. The first one after the article has begun ends the article (see heuristics).
TAIL_PHRASES = frozenset("""
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
about the author
""".strip().splitlines())

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
RELATIVE_TIME = re.compile(r"(?i)^(about |updated |posted )?\d+ (seconds?|minutes?|mins?|hours?|hrs?|days?|"
                           r"weeks?|months?|years?) ago\b.{0,30}$")
