"""Tables for :mod:`cleaner.language`: Unicode script ranges, language codes, thresholds.

Data only, no logic (the ftfy ``chardata`` habit). Everything a reviewer may want to tune sits here
with a word on why it has the value it has; the thresholds were set on ``seeds/`` and on the dev
split of ``../shared/bench`` (``tests/test_language.py`` holds them to it).

Language codes are ISO 639-1, with one convention for languages that detectors cannot tell apart:
Serbian, Croatian, Bosnian and Montenegrin are one macrolanguage, ``sh`` (Serbo-Croatian, the code
wordfreq uses); Norwegian Bokmål and Nynorsk are ``no``; Filipino is ``tl``; Chinese is ``zh``.
"""
from __future__ import annotations

# --------------------------------------------------------------------------------------------
# Codes

#: Other spellings of a language code -> the code this package reports. Applied to the target the
#: caller passes, to langdetect's answers and to the word lists' codes, so ``target="hr"`` works.
CODE_ALIASES: dict[str, str] = {
    "hr": "sh", "sr": "sh", "bs": "sh", "cnr": "sh", "hbs": "sh",
    "nb": "no", "nn": "no",
    "fil": "tl",
    "zh-cn": "zh", "zh-tw": "zh", "zh-hans": "zh", "zh-hant": "zh",
    "iw": "he", "in": "id", "ji": "yi",
}

#: The codes of Serbo-Croatian's standard languages (and the macrolanguage's own): as a target,
#: each accepts Serbo-Croatian text in Latin and Cyrillic letters, and :func:`detect` reports
#: such text under the code the caller gave (``sr`` for ``target="sr"``), ``sh`` otherwise.
SERBO_CROATIAN = frozenset({"sr", "hr", "bs", "cnr", "sh", "hbs"})

#: Close siblings that cleaner can tell apart (each has its own word list), so that a caller may
#: want either answer: ``detect(..., siblings=True)`` takes the one's text for the other's.
#: Indonesian and Malay share most of their words; "bahawa", "kerajaan" are Malay's own.
SIBLINGS: dict[str, frozenset[str]] = {"id": frozenset({"ms"}), "ms": frozenset({"id"})}

#: wordfreq "small" lists used as vocabularies (code -> script of its words). Only the scripts that
#: several languages share are listed: for Greek, Hangul, Thai ... the script alone names the
#: language, so loading their lists would buy nothing.
WORDFREQ_LISTS: dict[str, str] = {
    **{code: "Latin" for code in (
        "ca", "cs", "da", "de", "en", "es", "fi", "fil", "fr", "hu", "id", "is", "it", "lt", "lv",
        "ms", "nb", "nl", "pl", "pt", "ro", "sh", "sk", "sl", "sv", "tr", "vi")},
    **{code: "Cyrillic" for code in ("bg", "mk", "ru", "uk")},
    **{code: "Arabic" for code in ("ar", "fa", "ur")},
    "hi": "Devanagari",
}

#: wordfreq's Serbo-Croatian list is in Latin letters (it transliterates Serbian Cyrillic). A
#: Cyrillic word spelt only with Serbian Cyrillic letters is also looked up in it, transliterated
#: with wordfreq's own table, so that "је", "рекао", "да" count for ``sh`` as "je", "rekao", "da".
SERBIAN_CYRILLIC = frozenset("абвгдђежзијклљмнњопрстћуфхцчџш")

#: Letters that, inside their script, only some languages write: the letter -> those languages
#: (of the languages cleaner knows). Decisive evidence both ways: a word with such a letter is
#: no evidence for a language outside its set (Serbian "рађају" is not Macedonian, whatever a
#: list holds), a language outside the set does not spell it (so it is clear evidence against
#: such a target), and a block with such a letter in one of its words is not in a language
#: outside the set (:func:`cleaner.language._judge_words`). These override what the word lists
#: say of their alphabets, which the lists' stray words blur (the Bulgarian list has words with
#: "і", the Ukrainian one with "ы"). Serbian ђ ћ; Macedonian ќ ѓ ѕ; Ukrainian ї є ґ (і with
#: Belarusian and Kazakh); Belarusian ў (and no и, щ, ъ); Turkish and Azerbaijani ı ğ,
#: Azerbaijani ə; Romanian ș ț; Hungarian ő ű; Polish ł ś ź; Czech ř ů ě; Slovak ľ ĺ ŕ;
#: Czech, Slovak and Turkmen ň ý; German ß; Icelandic þ ð.
_RU_LIKE = frozenset({"ru", "uk", "bg", "be", "kk", "ky", "cv"})
LETTER_WRITERS: dict[str, frozenset[str]] = {
    **{ch: frozenset({"sh"}) for ch in "ђћ"},
    **{ch: frozenset({"sh", "mk"}) for ch in "јљњџ"},
    **{ch: frozenset({"mk"}) for ch in "ќѓѕ"},
    **{ch: frozenset({"uk"}) for ch in "їєґ"},
    "і": frozenset({"uk", "be", "kk"}),
    "ў": frozenset({"be"}),
    **{ch: frozenset({"ru", "be", "kk", "ky", "cv"}) for ch in "ыэё"},
    "ъ": frozenset({"ru", "bg", "kk"}),
    "щ": _RU_LIKE - {"be"},
    "и": _RU_LIKE - {"be"} | {"sh", "mk"},
    **{ch: _RU_LIKE for ch in "йьюя"},
    **{ch: frozenset({"tr", "az"}) for ch in "ığİ"},
    "ə": frozenset({"az"}),
    "ş": frozenset({"tr", "az", "ro", "ku", "tk"}),
    **{ch: frozenset({"ro"}) for ch in "șț"},
    **{ch: frozenset({"hu"}) for ch in "őű"},
    **{ch: frozenset({"pl"}) for ch in "łśź"},
    **{ch: frozenset({"cs"}) for ch in "řůě"},
    **{ch: frozenset({"sk"}) for ch in "ľĺŕ"},
    "ň": frozenset({"cs", "sk", "tk"}),
    "ý": frozenset({"cs", "sk", "is", "fo", "tk"}),
    "ß": frozenset({"de"}),
    "þ": frozenset({"is"}),
    "ð": frozenset({"is", "fo"}),
}

#: jusText stop-word list name -> ISO 639-1 code. Lists of languages without an ISO 639-1 code
#: (Asturian, Lombard, Samogitian ...) are left out. A stop-word list only adds evidence for a
#: language that has no wordfreq list (Welsh, Basque, Estonian, Swahili ...): where both exist the
#: frequency list is better. Serbian, Croatian, Bosnian and Serbo_Croatian all map to ``sh``.
JUSTEXT_ISO: dict[str, str] = {
    "Afrikaans": "af", "Albanian": "sq", "Arabic": "ar", "Aragonese": "an", "Armenian": "hy",
    "Azerbaijani": "az", "Basque": "eu", "Belarusian": "be", "Belarusian_Taraskievica": "be",
    "Bengali": "bn", "Bosnian": "sh", "Breton": "br", "Bulgarian": "bg", "Catalan": "ca",
    "Chuvash": "cv", "Croatian": "sh", "Czech": "cs", "Danish": "da", "Dutch": "nl",
    "English": "en", "Esperanto": "eo", "Estonian": "et", "Finnish": "fi", "French": "fr",
    "Galician": "gl", "Georgian": "ka", "German": "de", "Greek": "el", "Gujarati": "gu",
    "Haitian": "ht", "Hebrew": "he", "Hindi": "hi", "Hungarian": "hu", "Icelandic": "is",
    "Ido": "io", "Igbo": "ig", "Indonesian": "id", "Irish": "ga", "Italian": "it",
    "Javanese": "jv", "Kannada": "kn", "Kazakh": "kk", "Korean": "ko", "Kurdish": "ku",
    "Kyrgyz": "ky", "Latin": "la", "Latvian": "lv", "Lithuanian": "lt", "Luxembourgish": "lb",
    "Macedonian": "mk", "Malay": "ms", "Malayalam": "ml", "Maltese": "mt", "Marathi": "mr",
    "Nepali": "ne", "Norwegian_Bokmal": "no", "Norwegian_Nynorsk": "no", "Occitan": "oc",
    "Persian": "fa", "Polish": "pl", "Portuguese": "pt", "Quechua": "qu", "Romanian": "ro",
    "Russian": "ru", "Serbian": "sh", "Serbo_Croatian": "sh", "Simple_English": "en",
    "Slovak": "sk", "Slovenian": "sl", "Spanish": "es", "Sundanese": "su", "Swahili": "sw",
    "Swedish": "sv", "Tagalog": "tl", "Tamil": "ta", "Telugu": "te", "Turkish": "tr",
    "Turkmen": "tk", "Ukrainian": "uk", "Urdu": "ur", "Uzbek": "uz", "Vietnamese": "vi",
    "Volapuk": "vo", "Walloon": "wa", "Welsh": "cy", "West_Frisian": "fy", "Yoruba": "yo",
}

#: Script of each language langdetect knows (after CODE_ALIASES), so that a Cyrillic block is only
#: ever compared with Cyrillic profiles (langdetect is told so through its prior map).
LANGDETECT_SCRIPT: dict[str, str] = {
    **{code: "Latin" for code in (
        "af", "ca", "cs", "cy", "da", "de", "en", "es", "et", "fi", "fr", "sh", "hu", "id", "it",
        "lt", "lv", "nl", "no", "pl", "pt", "ro", "sk", "sl", "so", "sq", "sv", "sw", "tl", "tr",
        "vi")},
    **{code: "Cyrillic" for code in ("bg", "mk", "ru", "uk")},
    **{code: "Arabic" for code in ("ar", "fa", "ur")},
    **{code: "Devanagari" for code in ("hi", "mr", "ne")},
    "bn": "Bengali", "el": "Greek", "gu": "Gujarati", "he": "Hebrew", "ja": "Kana",
    "kn": "Kannada", "ko": "Hangul", "ml": "Malayalam", "pa": "Gurmukhi", "ta": "Tamil",
    "te": "Telugu", "th": "Thai", "zh": "Han",
}

# --------------------------------------------------------------------------------------------
# Scripts

#: Fewer (weighted) letters than this have no language: "en", "TV", "o", a lone index letter.
MIN_LETTERS = 3

#: (first, last, script) code point ranges of letters, sorted, not overlapping. Anything else that
#: ``str.isalpha()`` accepts is script "Other" (it counts as a letter but names no language).
SCRIPT_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0041, 0x005A, "Latin"), (0x0061, 0x007A, "Latin"), (0x00AA, 0x00AA, "Latin"),
    (0x00BA, 0x00BA, "Latin"), (0x00C0, 0x02AF, "Latin"),
    (0x0370, 0x03FF, "Greek"),
    (0x0400, 0x052F, "Cyrillic"),
    (0x0530, 0x058F, "Armenian"),
    (0x0590, 0x05FF, "Hebrew"),
    (0x0600, 0x06FF, "Arabic"), (0x0750, 0x077F, "Arabic"),
    (0x0780, 0x07BF, "Thaana"),
    (0x08A0, 0x08FF, "Arabic"),
    (0x0900, 0x097F, "Devanagari"), (0x0980, 0x09FF, "Bengali"), (0x0A00, 0x0A7F, "Gurmukhi"),
    (0x0A80, 0x0AFF, "Gujarati"), (0x0B00, 0x0B7F, "Oriya"), (0x0B80, 0x0BFF, "Tamil"),
    (0x0C00, 0x0C7F, "Telugu"), (0x0C80, 0x0CFF, "Kannada"), (0x0D00, 0x0D7F, "Malayalam"),
    (0x0D80, 0x0DFF, "Sinhala"), (0x0E00, 0x0E7F, "Thai"), (0x0E80, 0x0EFF, "Lao"),
    (0x0F00, 0x0FFF, "Tibetan"), (0x1000, 0x109F, "Myanmar"), (0x10A0, 0x10FF, "Georgian"),
    (0x1100, 0x11FF, "Hangul"), (0x1200, 0x139F, "Ethiopic"), (0x1780, 0x17FF, "Khmer"),
    (0x1800, 0x18AF, "Mongolian"), (0x1C80, 0x1C8F, "Cyrillic"), (0x1C90, 0x1CBF, "Georgian"),
    (0x1D00, 0x1DBF, "Latin"), (0x1E00, 0x1EFF, "Latin"), (0x1F00, 0x1FFF, "Greek"),
    (0x2C60, 0x2C7F, "Latin"), (0x2D00, 0x2D2F, "Georgian"), (0x2DE0, 0x2DFF, "Cyrillic"),
    (0x2E80, 0x2FDF, "Han"), (0x3005, 0x3007, "Han"), (0x3040, 0x30FF, "Kana"),
    (0x3130, 0x318F, "Hangul"), (0x31F0, 0x31FF, "Kana"), (0x3400, 0x4DBF, "Han"),
    (0x4E00, 0x9FFF, "Han"), (0xA640, 0xA69F, "Cyrillic"), (0xA720, 0xA7FF, "Latin"),
    (0xA8E0, 0xA8FF, "Devanagari"), (0xAB30, 0xAB6F, "Latin"), (0xAC00, 0xD7AF, "Hangul"),
    (0xF900, 0xFAFF, "Han"), (0xFB00, 0xFB06, "Latin"), (0xFB13, 0xFB17, "Armenian"),
    (0xFB1D, 0xFB4F, "Hebrew"), (0xFB50, 0xFDFF, "Arabic"), (0xFE70, 0xFEFF, "Arabic"),
    (0xFF21, 0xFF3A, "Latin"), (0xFF41, 0xFF5A, "Latin"), (0xFF66, 0xFF9F, "Kana"),
    (0xFFA0, 0xFFDC, "Hangul"), (0x20000, 0x3134F, "Han"),
)

#: Scripts written by one language only (for news pages): the script is the answer.
SCRIPT_LANGUAGE: dict[str, str] = {
    "Greek": "el", "Armenian": "hy", "Hebrew": "he", "Thaana": "dv", "Bengali": "bn",
    "Gurmukhi": "pa", "Gujarati": "gu", "Oriya": "or", "Tamil": "ta", "Telugu": "te",
    "Kannada": "kn", "Malayalam": "ml", "Sinhala": "si", "Thai": "th", "Lao": "lo",
    "Tibetan": "bo", "Myanmar": "my", "Georgian": "ka", "Hangul": "ko", "Ethiopic": "am",
    "Khmer": "km", "Mongolian": "mn", "Kana": "ja", "Han": "zh",
}

#: A block mostly in the target's script is still not the target's when whole words in a script
#: the target does not write make at least this share of its (weighted) letters: "redirect
#: хаанаас", "True яке False", "ឈ្មោះ python model class" are translations around technical
#: words. The English lines of the bench pages with such words stay under it ("Hwajeontae Dance
#: (花前態舞)" 0.12); "中文 (Chinese)" (0.46) is a Chinese link, like "日本語 (Japanese)".
FOREIGN_SCRIPT_MIN_SHARE = 0.2

#: Scripts a target is written in besides its word list's (Serbo-Croatian: Latin and Cyrillic;
#: Japanese: kanji beside kana).
#: A block in a script the target does not use is not the target's, named or not.
EXTRA_SCRIPTS: dict[str, tuple[str, ...]] = {"sh": ("Cyrillic",), "ja": ("Han",)}

#: Scripts shared by several languages -> the answer when nothing better can be said (langdetect
#: unsure or naming a language of another script). Latin has no such default.
SCRIPT_DEFAULT: dict[str, str] = {"Cyrillic": "ru", "Arabic": "ar", "Devanagari": "hi"}

#: A Han, kana or Hangul character carries about a syllable, an alphabet letter a third of one:
#: weight them so that "中文 (Chinese)" is decided by the Latin word and a Japanese line with a
#: brand name in it by the Japanese.
SCRIPT_WEIGHT: dict[str, int] = {"Han": 3, "Kana": 3, "Hangul": 3}

#: Han text with at least this share of kana (of Han + kana) is Japanese, not Chinese. Japanese
#: prose runs at 30-60 % kana; Chinese has none.
JA_MIN_KANA_SHARE = 0.1

# --------------------------------------------------------------------------------------------
# Word evidence (all frequencies on wordfreq's Zipf scale: log10 of occurrences per billion words;
# "the" is 7.7, the small lists stop at 3.0)

#: Score of a word a language's list does not hold. Lists stop at 3.0, so an absent word is rarer
#: than that; 1.0 rather than 2.9 because absence from a list is itself evidence.
FLOOR_ZIPF = 1.0
#: What a word of a jusText stop-word list is worth for a language that has no frequency list.
#: Below the frequency of English function words, so that Wikipedia noise in those lists ("the",
#: "and" in the Lithuanian list) never outvotes a real frequency list.
STOPWORD_ZIPF = 3.5
#: What a word nobody knows is worth for the languages whose alphabet can spell it (a word with
#: "ć" the lists do not hold still says Serbo-Croatian or Polish, not English).
LETTER_ZIPF = 3.0
#: A letter belongs to a language's alphabet when at least this many words of its list use it
#: (English uses "é" in 9 loanwords of its list: not an English letter).
ALPHABET_MIN_WORDS = 20
#: ... or, for a language known only from a stop-word list, this many.
ALPHABET_MIN_STOPWORDS = 2

#: A jusText stop-word list speaks for a script only when this share of its words is in it: the
#: Hindi and Marathi lists hold English words ("the", "and"), the Serbian list is Cyrillic.
STOPLIST_MIN_SCRIPT_SHARE = 0.25

#: The target's words are looked up in its wordfreq "large" list where there is one (down to Zipf
#: 1: names and rare words its texts use). Words at or above this are its common vocabulary (the
#: depth of the "small" lists): they make its coverage of a block.
TARGET_KNOWN_ZIPF = 3.0
#: Words the target uses at least this often make its coverage of a block ("newsletters" 2.95,
#: "backstroke" 2.65 are English words even if not common ones), unless clearly foreign.
COVERAGE_ZIPF = 2.0
#: A capitalised word the target does not count as common but still uses at least this often is a
#: name its texts mention ("Lavrov" 2.7, "Sputnik" 2.8, "Erdoğan" 2.6 in English) and says
#: nothing; "Izvor" and "Komentari" (absent from the English list) are Serbo-Croatian words.
NAME_ZIPF = 2.0

#: Addresses say nothing about the language around them: URLs, e-mail addresses, @handles and
#: bare domains ("realtor.com", "WSJ.com") are blanked before letters and words are counted. A
#: handle glued to the word before it is still a handle ("Фото@paulinaporizkov", "Keris
#: Lahiff@kerisalison": the word stays, the handle goes).
URL_PATTERN = (r"(?i:https?://|www\.)\S+|\S+@\S+\.\w+|@\w+"
               r"|\b(?:[\w-]+\.)+(?-i:[a-z]{2,})\b")

#: A capitalised word the target's deep list does not hold at all (not even as a name), outside
#: a run of capitals, counts against it when another language's list holds it at least this
#: often (every entry of a "small" list: "Hebrejski" 3.45, "Schots" 3.25, "Tailandés" 3.2).
FOREIGN_NOUN_ZIPF = 3.0
#: A capitalised word the target does not know, clearly common in another language, counts
#: fully at a sentence start ("Izvor: Tanjug") and this much inside a sentence, where it is more
#: likely a name. In a run of capitals ("Recep Tayyip Erdoğan", "RIA Novosti") it counts nothing.
LONE_CAPITAL_WEIGHT = 0.5

#: Language A against language B: p(A) = 1 / (1 + 10 ** (-(score A - score B) / TEMPERATURE)),
#: scores being sums of Zipf values. Words of a sentence are not independent evidence, so the
#: naive sum overstates certainty; 2 halves it.
TEMPERATURE = 2.0
#: A language whose probability reaches this is decided without langdetect.
DECIDE_PROBABILITY = 0.9
#: A word at least this frequent in another language, and at least CLEAR_FOREIGN_GAP commoner
#: there than in the target (300 times), is clear foreign evidence: Serbo-Croatian "izvor" (5.1,
#: absent from English), "zanima" (4.5), "komentari" (3.6); Portuguese "mais" (6.2, English 3.0).
#: Spanish "ascender" (3.6, English 1.6) is not: English uses it too.
CLEAR_FOREIGN_ZIPF = 3.5
CLEAR_FOREIGN_GAP = 2.5
#: In a page in the target language, a block resists the page prior only when clearly foreign
#: words are more than this share of its counted words ("Izvor: Tanjug" yes; "corso Monforte,
#: 15, Milan", an Italian street in an English text, no).
CLEAR_MIN_SHARE = 0.5
#: Share of the counted words the target's list knows above which a block without clear foreign
#: evidence is the target's (and langdetect's disagreement on a short block is ignored).
TARGET_COVERAGE_MIN = 0.5
#: ... unless the foreign languages score this much more than the target (Spanish "no es un
#: problema" is made of words English lists know too, but they are far commoner in Spanish).
FOREIGN_OVERRIDE_MARGIN = 4.0
#: A block with at most this many counted words is "short": langdetect is not trusted on it when
#: it contradicts good target coverage (it calls "Subscribe" Romanian, "Post a Comment" French).
SHORT_WORDS = 6
#: An ordinary (not capitalised) word the target's deep list holds below this Zipf is one its
#: texts hardly use ("altes" 1.6, "dilys" 1.65 in English; absent words are 0). When such words
#: are more than STRANGE_MIN_SHARE of a block's ordinary words, the block is not the target's:
#: English lines almost never are mostly made of words English does not use.
STRANGE_ZIPF = 2.0
#: ... such a word the target does use a little ("dilys" 1.65), or one no list holds at all
#: (a user name, "jdadmin"), counts this much; one another language's list holds, fully: a
#: single rare or unknown word is not enough to call a fragment foreign.
RARE_WEIGHT = 0.5
STRANGE_MIN_SHARE = 0.5
#: ... and with at least this many such words the evidence stands against the page prior.
STRANGE_CLEAR_WEIGHT = 2.0
#: A fragment of two words is not the target's when each is at least this much commoner (Zipf)
#: in another language than in the target and one is clearly foreign ("Bahasa Hindi": "hindi"
#: is Tagalog's "not", 6.95, English 3.8), capitalised or not.
PAIR_MARGIN = 0.5
#: A word with an apostrophe that no list holds whole is looked up without what comes before
#: the last apostrophe when at least this many letters are left ("l'utilisateur").
ELISION_MIN_LETTERS = 3
#: Letters a block without any word evidence (all words unknown to every list) needs before
#: langdetect is asked; below it the block is a name or a code and its language is unknown.
LANGDETECT_MIN_LETTERS = 20

# --------------------------------------------------------------------------------------------
# Page context (apply_language)

#: In a page whose main language is the target, a block called foreign without clear evidence
#: (no foreign script, no clearly foreign word) and with fewer letters than this is the target's:
#: the page is the prior. Longer blocks keep what the detector said.
PRIOR_MAX_LETTERS = 60
#: The words pass reads at most this many characters of a block (a long paragraph's language is
#: plain from its first twenty-five words; reading all of it only costs time). On the 236 bench
#: pages (HTML and dumps) 160 gives the same languages and flags as reading every word; 120 not.
WORDS_SAMPLE_CHARS = 160
#: Blocks of at most this many characters are remembered once judged (when langdetect was not
#: needed): chrome, captions and headings recur across a site's pages; long paragraphs rarely do.
REMEMBER_MAX_CHARS = 120
#: ... at most this many (the memory is emptied when full: a few MB per process at most).
REMEMBER_BLOCKS = 1 << 14
#: The per-word caches (word pieces, evidence, entries: up to 2**16 words each) keep only words
#: of up to this many characters, so they hold a few tens of MB at most whatever the pages hold
#: (a "word" of 530,000 letters is judged, not kept).
CACHED_WORD_MAX_CHARS = 64
#: Confidence given to a block whose language comes from the page prior alone.
PRIOR_CONFIDENCE = 0.5

#: Seed for langdetect's random sampling: the same text always gets the same answer.
LANGDETECT_SEED = 0

# --------------------------------------------------------------------------------------------
# Letter trigrams (cleaner.ngrams), for words no list holds

#: Words of each wordfreq list the trigram model is counted over (the commonest first).
NGRAM_WORDS = 4000
#: A jusText stop-word list gives a language a trigram model when it has this many words in the
#: script (shorter lists say too little about how the language's words are spelt).
NGRAM_MIN_STOPWORDS = 100
#: Add-alpha smoothing of the trigram counts.
NGRAM_SMOOTHING = 0.5
#: A word no list holds (not even the target's deep one) is taken for another language's when
#: that language's trigrams make it at least this much likelier (log10, a hundred times) than the
#: target's do. The uncapitalised English words no list holds on the English lines of the dev set,
#: the seeds and the bench pages, once run-together words are set aside, are few (9) and score at
#: most 1.4 ("uuuuuu"); foreign ones mostly above ("hutswaarde", "omdirigeringer"). Capitalised
#: words no list holds are names far too often (Matuszewski 6.5, Walikali 5.6) and get none.
NGRAM_MIN_LLR = 2.0
#: ... shorter words say too little.
NGRAM_MIN_LETTERS = 4
#: What such a word is worth to that language: as much as a letter only its alphabet has.
NGRAM_ZIPF = LETTER_ZIPF
#: A word that splits into common words of the target of at least this many letters each is
#: the target's words run together ("breakfastcanningeasy"), and gets no trigram evidence.
RUN_TOGETHER_MIN_LETTERS = 3
