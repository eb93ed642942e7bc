"""Is the claim about an event, or about what someone said?

"US forces train defectors in Hasakah" is an **event** claim: seven outlets relaying the Russian
centre's statement are one origin, the centre, and confirm nothing beyond that it spoke.
"The Kremlin spokesman said the visit lasted four hours" is a **speech** claim: each outlet
that reported the statement is an independent witness that it was made, so relays are counted
as witnesses, and the verdict is about whether the speaker *said* it. Whether what was said is
true is another claim, the statement without its attribution, which the report names so a
reader can check it separately.

A claim is a speech claim when the quote extractor finds a reported statement whose verb opens
the claim (within its first :data:`SPEECH_VERB_WITHIN` share of characters) and whose content
covers most of what follows the speaker (:data:`MIN_CONTENT_SHARE`): «قال X إن …»,
«نقلت وكالة … عن X قوله إن …», «نفى X أن …». A quote buried at the end of an event claim
(«… بحسب ما قال مسؤول») leaves it an event claim.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import regex

from tahqiq.provenance.gazetteer import default_gazetteer
from tahqiq.provenance.quotes import extract_quotes
from tahqiq.text import normalize, split_sentences
from tahqiq.text.clitics import ONE_CONJUNCTION

ClaimKind = Literal["event", "speech"]

# The speech verb must start within the first 40% of the claim, and its content must cover at
# least 60% of what follows the speaker and the verb. Both read off the speech claims of the
# Baly development fold's claim texts (verb in the first third, content most of the rest).
SPEECH_VERB_WITHIN = 0.4
MIN_CONTENT_SHARE = 0.6


@dataclass(frozen=True)
class ClaimShape:
    """What kind of claim this is; for a speech claim, who spoke, how, and what was said."""

    kind: ClaimKind
    speaker: str | None = None
    verb_class: str | None = None
    statement: str | None = None


def claim_shape(claim: str) -> ClaimShape:
    """The claim's kind, from the quote extractor run on the claim itself."""
    text = claim.strip()
    if not text:
        return ClaimShape("event")
    quotes = extract_quotes(text, split_sentences(text), default_gazetteer())
    for q in quotes:
        if q.nested or q.verb_span.start > SPEECH_VERB_WITHIN * len(text):
            continue
        # The speaker is named before what was said, and the content is introduced as speech
        # («إن», «أن», «قوله», a colon or a quotation mark): «أقر المجلس عقوبات» passed a law,
        # and «أنباء تفيد بأن …» is a rumour about an event, not someone's statement.
        if q.speaker_span is None or q.speaker_span.start >= q.content_span.start:
            continue
        after_speaker = len(text) - max(q.speaker_span.end, q.verb_span.end)
        if q.content_span.end - q.content_span.start < MIN_CONTENT_SHARE * after_speaker:
            continue
        if not _INTRODUCES_SPEECH.search(normalize(text[q.verb_span.end : q.content_span.start + 1])):
            continue
        return ClaimShape("speech", q.speaker_canonical or q.speaker, q.verb_class, q.content.strip() or None)
    return ClaimShape("event")


# «إن/أن/بأن» (with a pronoun: «إنه», «أنها»), «قوله», a colon or an opening quotation mark,
# matched on normalized text (hamza forms folded to ا).
_INTRODUCES_SPEECH = regex.compile(
    rf"(?:^|\s|\()(?:{ONE_CONJUNCTION}ب?ان(?:ه|ها|هم|هما|نا|ني)?|قول(?:ه|ها|هم|هما))(?:\s|$)|[:«\"“]"
)
