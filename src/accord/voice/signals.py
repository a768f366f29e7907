"""What a customer's own words say beyond sentiment: exit intent, a complaint, its topics.

A complaint is a text with a complaint cue (accord.voice.complaints) or one the default
analyzer scores at most COMPLAINT_SCORE; topics come from word lists, in TOPICS order.

Pure functions on one text (a message, request, survey comment or mention), so batch and
incremental scoring read the same thing. Exit intent is the customer asking to go
("how do I cancel", "send my PAC code", "porting my number", "I'm done with you guys"),
not talk about it: "I'm not cancelling, just asking about the bill" and "you cancelled
my flight" are not. docs/sentiment.md lists what the rules catch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from accord.voice.analyzers import build_analyzer
from accord.voice.complaints import find_cues, normalise

ExitKind = Literal["cancel", "leave", "port_number", "transfer_code", "unlock", "close_account"]
Topic = Literal["delivery", "billing", "price", "service", "product", "outage", "staff", "other"]

EXIT_KINDS: tuple[ExitKind, ...] = (
    "transfer_code",
    "port_number",
    "unlock",
    "close_account",
    "cancel",
    "leave",
)
TOPICS: tuple[Topic, ...] = (
    "delivery",
    "billing",
    "price",
    "service",
    "product",
    "outage",
    "staff",
    "other",
)

# A message this negative is a complaint even without a cue ("Absolutely useless.").
COMPLAINT_SCORE = -0.5

_MY = r"(?:my|our|the|this|me|us|his|her|a|an)"

# Checked in this order; the first kind found is the one reported (the most specific).
_EXIT_PATTERNS: dict[ExitKind, str] = {
    "transfer_code": (
        # "PAC" alone is also a political action committee: only as something sent or asked.
        r"\b(?:n-?pac|pac|stac) (?:code|key|number|no)\b|\b(?:my|a|the|your|me|request|"
        r"requested|requesting|send|sent|text|texted|get|got|need|want|give|for|no|still no)"
        r" (?:my |a |the |me |me my )?(?:pac|stac)\b(?!'| money| director| giv| receipt| fund)|"
        r"\b(?:epp|transfer|migration|porting|switching|mac) (?:code|key)\b|"
        r"\bmigration authori[sz]ation\b|\bporting authori[sz]ation\b|"
        r"\b(?:auth|authori[sz]ation) code (?:for|of|to) (?:my |the |our )?(?:domain|transfer|"
        r"move|moving|[a-z0-9-]+\.[a-z]{2,})|"
        r"\b(?:domain|registrar) (?:auth|authori[sz]ation|transfer) code\b"
    ),
    "port_number": (
        rf"\bport(?:ing|ed)? (?:out )?{_MY}? ?(?:mobile |phone |cell |landline |old |existing )?"
        r"(?:numbers?|line|mobile|phone|sim)\b|\bport(?:ing)? (?:out|away|it|over)\b|"
        r"\bnumber port(?:ing|ability|ation)?\b|"
        r"\brelease (?:my|our) (?:mobile )?(?:number|line)\b|\b(?:keep|take|transfer|move|bring) "
        r"(?:my|our) (?:mobile |phone |existing |old )?numbers? (?:to|with|over|across|if|when)"
    ),
    "unlock": (
        r"\bunlock(?:ing)? codes?\b|\b(?:network|sim|carrier) unlock|\bunlock(?:ing|ed)? "
        rf"{_MY}? ?(?:\w+ )?(?:phone|handset|device|sim|mobile|iphone|galaxy|pixel|tablet|"
        r"ipad|router|modem)\b|\b(?:phone|handset|device|sim) unlock"
    ),
    "close_account": (
        r"\b(?:close|closing|closed|delete|deleting|terminate|terminating|deactivate|"
        r"deactivating|shut|shutting|remove|removing|cancel|cancell?ing) (?:down )?"
        rf"{_MY}? ?(?:\w+ )?accounts?\b|\baccount (?:closure|deletion|termination)\b"
    ),
    "cancel": (
        r"\bcanc(?:el|le)(?:l?ing|l?ed|s)? (?:my |our |the |this |your )?(?:\w+ )?(?:contract|"
        r"subscription|sub|membership|plan|service|policy|broadband|package|direct debit|"
        r"line|tariff|insurance|cover|agreement|renewal|standing order|gym|deal|bundle|"
        r"sky|netflix|phone)\b|\bcanc(?:el|le)l?ation\b|\b(?:how|where|want|wanna|need|going|"
        r"trying|tried|like|able|possible|way|option|let me|can i|could i|do i|i'd|try) "
        r"(?:do i |can i |to |i |we |do we |can we |is it |you )?(?:\w+ )?canc(?:el|le)\b|"
        r"\bcanc(?:el|le)(?:l?ing)?(?: it| everything| now| today| asap| immediately)?[.!?]*$|"
        r"\b(?:end|ending|terminate|terminating|stop|stopping|get out of|exit|exiting|"
        r"break|leave) (?:my |our |the |this )?(?:\w+ )?(?:contract|subscription|"
        r"membership|plan|agreement|direct debit)\b|\b(?:not|won't|wont|will not|don't) "
        r"(?:be )?renew(?:ing)?\b|\bunsubscribe me\b|"
        r"\bcanc(?:el|le)l?ing\b|\bcanc(?:el|le) (?:please|pls|plz|thanks|thank you|asap)\b|"
        r"\b(?:give|giving|serve|serving|hand in|handing in|send|sending) (?:you )?(?:my |our )?"
        r"(?:\d+ (?:days?|weeks?|months?)(?:'|s')? )?notice\b|\b(?:my|our) (?:\d+ "
        r"(?:days?|weeks?|months?)(?:'|s')? |one months?'?s? |formal |written )notice\b|"
        r"\bnotice (?:of|to) "
        r"(?:terminat|canc|end)|\btermination (?:notice|letter|request|form|fee|of (?:my |our |"
        r"the )?(?:contract|agreement|service|subscription))|\bright to canc|"
        r"\bcooling[- ]off (?:period|right)|\bnotice period\b|"
        r"\b(?:turn off|switch off|stop|disable|cancel|opt out of) (?:the |my )?auto-? ?"
        r"renew(?:al)?\b|\bearly (?:termination|exit|cancell?ation) (?:fee|charge|penalty|"
        r"cost)|\b(?:leave|leaving|exit|get out|end it) early\b|\bstop paying (?:for|you)\b|"
        r"\b(?:want|need|let me|get me) out of (?:this|my|the|our) (?:contract|plan|deal|"
        r"agreement|subscription)"
    ),
    "leave": (
        # "switch to raw format" is not leaving: a named target needs words of intent.
        r"\b(?:thinking of|thinking about|considering|going to|gonna|about to|want to|wanna|"
        r"plan to|planning to|planning on|decided to|ready to|time to|i'll|we'll|i will|"
        r"we will|i'm|im|we're|i am|we are) (?:switch|switching|swap|swapping|change over|"
        r"changing over|move|moving) (?:over )?to (?!(?:the|a|an|your|you|my|our|this|that|"
        r"paperless|dark|online|annual|monthly|e-?billing|direct|card|smart|new plan|"
        r"unlimited|raw|manual|auto|digital|email|cash|a new house|a new flat)\b)[a-z0-9&]+|"
        r"\b(?:switch|switching|move|moving|go|going|change|changing|went|moved|switched) "
        r"(?:over )?(?:to|from you to) (?:a |an )?(?:another|other|different|new|rival|"
        r"competitor|cheaper|better) (?:provider|supplier|network|bank|company|insurer|"
        r"broadband|energy|carrier|operator|isp|service|firm|courier|airline)|"
        r"\b(?:switch|switching|move|moving|go|going) (?:over )?to (?:someone|somebody|"
        r"a competitor)|\b(?:switch|switching|move|moving) (?:over )?to [a-z0-9&]+ "
        r"(?:instead|next month|asap|when my contract)|\bswitch(?:ing)? (?:provider|supplier|"
        r"network|bank|energy|broadband|carrier|company|companies|providers|suppliers|"
        r"networks|banks|away)\b|\bleav(?:e|ing) (?:(?:you|u)(?: guys| lot| people)?"
        r"(?=[.!,;]|$| for | and (?:go|switch|move))|your (?:\w+ )?(?:company|network|"
        r"service|bank)|this (?:company|network|bank|provider)|for (?:a |an |another|other)"
        r")|\b(?:take|taking) (?:my|our) (?:business|custom|money) (?:elsewhere|somewhere|"
        r"to)|\b(?:go|going|shop|shopping) elsewhere\b|\b(?:i'm|im|i am|we're|we are|i'm so|"
        r"i am so) (?:so |totally |absolutely |officially |completely )?done with "
        r"(?:you|u|your|this|y'all)|\b(?:find|finding|found|look(?:ing)? for|look(?:ing)? "
        r"at) (?:a |an )?(?:new|another|other|different|better|cheaper) (?:provider|"
        r"supplier|network|bank|company|insurer|broadband|energy)|\b(?:never|not) "
        r"(?:using|use|buying from|flying with|banking with|dealing with) (?:you|u|"
        r"your company|them) again\b|\b(?:last|final) time (?:i|we)(?:'ll| will)? "
        r"(?:use|fly|buy|shop|bank|deal)|\bwon't be (?:using|staying|renewing|back|"
        r"coming back)\b|\bgoodbye (?:forever|for good)\b|"
        r"\b(?:go|going|went|gone) with (?:another|a different|a new|other|a cheaper|"
        r"a competitor) (?:vendor|provider|supplier|company|agency|partner|platform|bank|"
        r"lender|insurer|network|firm)|\bshop(?:ping)? around\b|\b(?:cheaper|better deal|"
        r"better offer|better price|better service|better rate) elsewhere\b|"
        r"\b(?:i'll|ill|i will|we'll|we will|going to|gonna) (?:just )?(?:leave|switch|"
        r"walk away)\b(?! (?:a |an |the |it|my |this |that |feedback|you |us |a review|"
        r"a message|a note|on|in|out|to (?:my|the) ))|"
        r"\bleaving (?:when|once|at the end of|as soon as) (?:my|our|the)|"
        r"\b(?:want|wanna|need|going|trying|try|like|plan|planning|decided|allowed|able|wish|"
        r"how|time|ready|free) to leave\b(?! (?:a |an |feedback|my |it |a review|a message|a note|"
        r"a comment|a tip|work|home|the (?:house|office|country|building|store|shop|car|parcel|"
        r"package)|for |on |at |in |early|before|after|now for|tomorrow for))|"
        r"\b(?:thinking of|thinking about|considering|about to|planning on|ready to|tempted to|"
        r"seriously considering) leav(?:e|ing)\b(?! (?:a |an |feedback|a review|work|home|"
        r"for (?:work|holiday|the)))|\bleav(?:e|ing) (?:the|your) (?:company|network|bank|"
        r"provider|service|platform|gym)\b"
    ),
}
_EXIT_COMPILED = tuple((kind, re.compile(_EXIT_PATTERNS[kind])) for kind in EXIT_KINDS)

# Words that turn a request into something else just before it in the same clause:
# "I'm not cancelling", "no plans to leave", "please don't cancel my account".
_NEGATION_BEFORE = re.compile(
    r"(?:\bnot|\bnever|\bno (?:plans?|intention|intentions|desire|need|reason|way i|wish)|"
    r"\bdon't|\bdont|\bdo not|\bwon't|\bwont|\bwill not|\bwouldn't|\bwould not|"
    r"\bhaven't|\bhave no|\bnot going|\bisn't|\baren't|\bdidn't|\bdid not)"
    r"(?: \w+){0,3} ?$"
)
# ... unless the customer is blocked from leaving: that is exit intent at its strongest.
_BLOCKED = re.compile(
    r"\b(?:how|can't|cant|cannot|can not|couldn't|could not|unable|let me|won't let|"
    r"wont let|not able|impossible|refuse|refused|refusing|why)\b"
)
# Talk about something else: the company cancelled a flight, a customer cancelled an order.
_OTHER_NOUNS = (
    r"(?:order|booking|appointment|flight|reservation|delivery|payment|request|meeting|"
    r"ticket|trip|transfer|card|visit|call|event|holiday|train|class|session|cheque|check)s?"
)
_OTHER_AFTER = re.compile(
    rf"^canc\w* (?:my |our |the |this |your |a |that )?(?:\w+ )?{_OTHER_NOUNS}\b|"
    # A company's own line, often quoted back: "you can cancel at any time".
    r"^canc\w* (?:at )?any ?time\b"
)
_OTHER_BEFORE = re.compile(
    rf"\b{_OTHER_NOUNS} (?:was |is |has been |been |got |were |are )?(?:just )?$|"
    r"\b(?:you|they|u) (?:have |just |guys )?$"
)
_REPLY_HEADER = re.compile(
    r"^\s*(?:on\b.{0,200}\bwrote:\s*$|-+ ?original message ?-+|from:\s.+\bsent:|"
    r"le\b.{0,200}\ba écrit ?:\s*$|am\b.{0,200}\bschrieb\b.*:\s*$)",
    re.IGNORECASE,
)
_FROM = re.compile(r"^\s*from:\s", re.IGNORECASE)
_CLAUSE = re.compile(r"[.!?;\n]|\bbut\b|\bjust\b|\bonly\b")

_TOPIC_WORDS: dict[Topic, str] = {
    "delivery": (
        r"\b(?:deliver(?:y|ies|ed|ing)?|parcels?|packages?|couriers?|shipping|shipped|"
        r"shipment|dispatch(?:ed)?|tracking|arriv(?:e|ed|al)|postman|postage|luggage|"
        r"baggage|bags?|suitcases?|dpd|ups|fedex|hermes|evri|royal mail|amazon logistics|"
        r"click and collect|collection slot)\b"
    ),
    "billing": (
        r"\b(?:bill(?:s|ed|ing)?|invoices?|charg(?:e|es|ed|ing)|payments?|direct debit|"
        r"refund(?:s|ed)?|debited|statement|overcharg\w*|paid|credit card|account balance|"
        r"late fee|penalty)\b"
    ),
    "price": (
        r"\b(?:prices?|pricing|expensive|pricey|overpriced|costs?|costly|rip[- ]?off|"
        r"price (?:rise|hike|increase)|fees?|tariff|cheaper|afford|affordable|rates?|"
        r"went up|gone up|increase[ds]?|value for money|too much money)\b"
    ),
    "service": (
        r"\b(?:customer service|customer care|support|help ?desk|helpline|call cent(?:re|er)|"
        r"on hold|hold music|queue|waiting|response|reply|replied|call ?back|complaints? "
        r"(?:team|department)|appointment|flights?|cancel+ed|delayed|delay|booking|"
        r"chat ?bot|live chat|no one|nobody|service)\b"
    ),
    "product": (
        r"\b(?:products?|items?|broken|faulty|defective|quality|device|handset|phone|"
        r"laptop|app|update|bug|crash(?:es|ed|ing)?|battery|screen|router|modem|model|"
        r"doesn't work|stopped working|does not work|not working|size|fit|material|"
        r"ingredients|taste|tastes)\b"
    ),
    "outage": (
        r"\b(?:outages?|down|no signal|no internet|no service|no power|no connection|"
        r"offline|power cut|blackout|wifi|wi-fi|broadband|internet|network|connection|"
        r"signal|coverage|dropping|cutting out|disconnect(?:ed|s|ing)?)\b"
    ),
    "staff": (
        r"\b(?:staff|agents?|reps?|representatives?|advisors?|advisers?|managers?|"
        r"employees?|rude|engineers?|technicians?|cashiers?|crew|attendants?|drivers?|"
        r"operators?|supervisors?|hung up|the (?:guy|lady|woman|man|girl|person) (?:on|at|i)|"
        r"sales ?(?:person|man|woman|guy)|consultant|receptionist|waiter|waitress|"
        r"condescending|patronising|patronizing|unprofessional)\b"
    ),
}
_TOPIC_COMPILED = tuple((topic, re.compile(words)) for topic, words in _TOPIC_WORDS.items())


@dataclass(frozen=True, slots=True)
class TextSignals:
    """exit_intent: the kind of leaving asked about, or None; complaint: the text complains;
    topics: what the text is about, in TOPICS order ("other" only for a complaint with none)."""

    exit_intent: ExitKind | None
    complaint: bool
    topics: tuple[Topic, ...]


def _is_negated(clean: str, start: int, end: int) -> bool:
    clause = _CLAUSE.split(clean[:start])[-1]
    # Blocking words count inside the match too: "won't let me cancel", "how to cancel".
    return bool(_NEGATION_BEFORE.search(clause)) and not _BLOCKED.search(clause + clean[start:end])


def _about_something_else(clean: str, start: int) -> bool:
    at = clean.find("canc", start)
    if at < 0:
        return False
    return bool(_OTHER_AFTER.match(clean[at:]) or _OTHER_BEFORE.search(clean[max(0, at - 30) : at]))


def own_words(text: str) -> str:
    """The text without what an email reply quotes: "> " lines and all after "On ... wrote:"
    or an "Original Message" / "From: ... Sent:" header (the company's words, not theirs)."""
    if (
        ">" not in text
        and "wrote:" not in text
        and "Original Message" not in text
        and ("From:" not in text)
    ):
        return text
    kept: list[str] = []
    for line in text.splitlines():
        # "From:" opens a quoted header only below the customer's own words.
        if _REPLY_HEADER.match(line) or (_FROM.match(line) and any(k.strip() for k in kept)):
            break
        if not line.lstrip().startswith(">"):
            kept.append(line)
    return "\n".join(kept)


def read_exit_intent(text: str) -> ExitKind | None:
    clean = normalise(own_words(text))
    for kind, pattern in _EXIT_COMPILED:
        for match in pattern.finditer(clean):
            if kind == "cancel" and _about_something_else(clean, match.start()):
                continue
            if not _is_negated(clean, match.start(), match.end()):
                return kind
    return None


def read_topics(text: str) -> tuple[Topic, ...]:
    clean = normalise(text)
    return tuple(topic for topic, pattern in _TOPIC_COMPILED if pattern.search(clean))


def read_signals(text: str, score: float | None = None) -> TextSignals:
    """Exit intent, complaint and topics of one text; blank text has none of them.

    `score`: the text's sentiment if the caller has it already (saves scoring it again);
    otherwise the default "accord" analyzer scores it when no complaint cue settles it.
    """
    text = own_words(text)
    if not text.strip():
        return TextSignals(None, False, ())
    topics = read_topics(text)
    complaint = find_cues(text).is_complaint
    if not complaint:
        if score is None:
            score = build_analyzer("accord").analyze([text])[0].score
        complaint = score <= COMPLAINT_SCORE
    if complaint and not topics:
        topics = ("other",)
    return TextSignals(read_exit_intent(text), complaint, topics)
