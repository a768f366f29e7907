"""Complaint cues in customers' own words: what a general sentiment lexicon does not see.

"thanks for losing my bag", "2 hours on hold", "still no refund", "cancelled flight, again":
no negative word, or a polite one that reads positive. Each cue has a kind, so the
sentiment analyzer can weigh them and text signals can call a text a complaint. Patterns
run on `normalise(text)`: lower case, straight apostrophes, single spaces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from accord.voice.phrases import PhraseSet, word_keys

CueKind = Literal["failure", "waiting", "still", "repeat", "negated_praise", "sarcasm", "emoji"]

_NUMBER = (
    r"(?:\d+(?:\.\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"fifteen|twenty|thirty|forty|fifty|sixty|ninety|several|many|a few|a couple of|couple of|"
    r"couple|multiple|countless|over an?|over|almost an?|nearly an?|more than an?)"
)
_SPAN = r"(?:hours?|hrs?|minutes?|mins?|days?|weeks?|wks?|months?)"
_CONTACT = (
    r"(?:times|calls|phone calls|emails|e-mails|messages|attempts|tweets|dms|chats|complaints|"
    r"letters|visits|tickets|different people|people|agents|advisors|departments|engineers)"
)
_OBJECT = (
    r"(?:bags?|luggage|suitcases?|baggage|parcels?|packages?|orders?|deliver(?:y|ies)|items?|"
    r"booking|reservation|data|files|money|payment|card|documents?|passport|keys?|post|mail|"
    r"letter|application|claim|complaint|ticket|details|stuff)"
)
_PRONOUN = r"(?:my|our|the|his|her|their|a|an|your)"

_PATTERNS: dict[CueKind, tuple[str, ...]] = {
    "failure": (
        rf"\b(?:los[a-z]*|misplac[a-z]*|misrout[a-z]*|mislaid|damag[a-z]*|smash[a-z]*|"
        rf"destroy[a-z]*|ruin[a-z]*|forg[eo]t+[a-z]*) {_PRONOUN} (?:\w+ )?{_OBJECT}\b",
        r"\bnever (?:arrived|came|turned up|showed up|showed|received|got|delivered|called|rang|"
        r"heard back|replied|responded|answered|refunded|fixed|sorted)",
        r"\b(?:has|have|had)(?:n't|nt| not) (?:even |yet )?(?:been )?(?:arrived|come|"
        r"turned up|shown up|delivered|received|refunded|heard back|called (?:me |us )?back|"
        r"rung back|replied|responded|answered|fixed|sorted|resolved|credited|processed|"
        r"dispatched|shipped|updated)\b",
        r"\b(?:did|does|do|is|was|were|are)(?:n't|nt| not) (?:even )?(?:arrive|turn up|show up|"
        r"deliver|delivered|call (?:me |us )?back|ring back|reply|respond|answer|work|working|"
        r"load|loading|connect|connecting|turn on|being delivered)\b",
        r"\bdid(?:n't|nt| not) (?:even )?(?:come|show|bother)\b",
        rf"\b(?:haven't|havent|hasn't|hasnt|didn't|didnt|never|not) (?:yet )?(?:got|get|gotten|"
        rf"received|had) {_PRONOUN} (?:\w+ )?(?:refund|money back|{_OBJECT})\b",
        r"\b(?:stopped|stops|stop|quit|quits) (?:working|charging|connecting|loading|responding)",
        r"\bkeeps? (?:on )?(?:crashing|freezing|dropping|cutting out|disconnecting|failing|"
        r"breaking|buffering|rebooting|restarting|charging me|billing me|losing|happening)",
        r"\b(?:wrong|damaged|broken|faulty|defective|missing|smashed|cracked|leaking|expired|"
        r"stale|cold|incorrect|incomplete|late|delayed|lost|dirty|used|fake) (?:\w+ )?"
        r"(?:item|order|parcel|package|product|size|colou?r|delivery|food|meal|bill|invoice|"
        r"charge|amount|address|part|screen|box|items|luggage|bag|bags|flight|train|room|"
        r"refund|payment|statement|model|router|phone|device|unit)s?\b",
        r"\b(?:arrived|came|delivered|turned up|showed up|got here|was delivered) (?:\w+ )?"
        r"(?:damaged|broken|late|opened|open|smashed|cracked|wrong|cold|empty|missing|"
        r"incomplete|dented|crushed|soaked|wet)",
        r"\b(?:charged|billed|debited|took payment|taken payment) (?:me |us )?"
        r"(?:twice|double|two times|three times|again|wrong|incorrectly|for nothing|"
        r"for something|the wrong|without)",
        r"\bdouble[- ]?(?:charged|billed|charge|billing)\b",
        r"\bover ?(?:charg|bill)[a-z]*",
        r"(?<!no )(?<!any )(?<!without )\b(?:hidden|surprise|unexpected|mystery|bogus) "
        r"(?:fees?|charges?|costs?)",
        r"\b(?:no|zero|still no) (?:refund|reply|response|answer|call ?back|update|"
        r"explanation|apology|compensation|signal|internet|wifi|wi-fi|broadband|power|"
        r"heating|hot water)\b",
        r"\b(?:cancel+ed|delayed|overbooked|diverted|missed) (?:\w+ )?(?:flights?|trains?|"
        r"orders?|appointments?|bookings?|deliver(?:y|ies)|reservations?|connections?|"
        r"buses|bus|ferry|installation|visit)",
        r"\b(?:flights?|trains?|appointments?|bookings?|deliver(?:y|ies)|engineer|technician|"
        r"driver|courier|installation|bus|parcel|package|order|refund)"
        r"(?: was| is| has been| have been| were| got| been| are)? (?:just )?"
        r"(?:cancel+ed|delayed|late|a no[- ]show|no[- ]show|missing|lost|rejected|declined)",
        r"\b(?:hung|hang|hanging|hangs) up on (?:me|us)",
        r"\bcut (?:me|us) off\b",
        r"\bdisconnected (?:me|us)\b",
        r"\b(?:nobody|no one|noone|no-one|no body) (?:has |ever |even )?(?:called|calls|rang|"
        r"rings|phoned|answered|answers|replied|replies|responded|responds|got back|gets back|"
        r"came|comes|showed|turned up|helped|helps|cares|bothered|knows|seems to know)",
        r"\b(?:waste of|wasted|wasting) (?:my |our |so much |an? )?(?:entire |whole )?"
        r"(?:time|money|day|morning|afternoon|evening|weekend|hours?)",
        r"\b(?:rip[- ]?off|ripped (?:me |us )?off|scam+(?:ed|mers?)?|daylight robbery|"
        r"shambles|shambolic|joke of a (?:company|service|airline|bank|network))\b",
        r"\b(?:internet|wifi|wi-fi|broadband|network|service|app|site|website|server|system|"
        r"line|signal|power|tv|phone line|connection|electricity|water|heating|lift|elevator)"
        r"(?: is| has been| was| went| keeps going| keeps| goes| been| still| are)"
        r"(?: \w+)? (?:down|out|dead|off|dropping|cutting out|playing up)\b",
        r"\b(?:internet|wifi|wi-fi|broadband|network|app|website|server|signal|power)"
        r"(?:,)? (?:down|dead|dropping|cutting out|playing up)\b",
        r"\b(?:outage|power cut|blackout)s?\b",
        r"\bwhere(?:'s| is| the hell is| tf is| on earth is) (?:my|our) (?:\w+ )?"
        r"(?:order|parcel|package|refund|money|delivery|bag|luggage|engineer|replacement|"
        r"compensation|callback|call back|stuff|item)",
        r"\b(?:lied|lying|lie) to (?:me|us)\b",
        r"\b(?:false|broken|empty) promises?\b",
        r"\b(?:worst|terrible|awful|horrible|horrendous|dreadful|poor|shocking|bad|rubbish|"
        r"crap|crappy|lousy|diabolical|non-existent|nonexistent|shoddy|sloppy|substandard)"
        r" (?:\w+ )?(?:customer service|service|support|experience|company|airline|provider|"
        r"network|app|quality|communication|delivery|courier|product|excuse|response)",
        r"\b(?:refused|refuses|refusing) (?:to )?(?:refund|replace|fix|help|honou?r|"
        r"compensate|take responsibility|escalate|give me|send)",
        r"\b(?:won't|wont|will not) (?:refund|replace|fix|honou?r|compensate|"
        r"take responsibility|escalate|give me (?:my|a) (?:refund|money))",
        r"\bthanks for nothing\b",
        r"\b(?:logs|logged|logging|kicks|kicked|kicking|throws|threw) (?:me|us) out\b",
        r"\b(?:was|were|been|i was|we were) promised\b",
        r"\b(?:bill|bills|price|prices|payment|payments|premium|direct debit|tariff|"
        r"subscription|renewal|fees?|charges?)(?: \w+)? (?:has |have |just |has just )?"
        r"(?:gone|went|shot|jumped|doubled|tripled|increased|risen|rose) (?:up)?\b",
        r"\b(?:doubled?|tripled?|hiked?|raised|bumped up|jacked up|put up) (?:my|the|our) "
        r"(?:bill|price|prices|direct debit|premium|tariff|subscription|monthly|payment)",
        r"\b(?:another|yet another|a further|second) (?:price|bill) (?:rise|hike|increase)",
        r"\b(?:nobody|no one|noone|no-one) (?:told|tells|warned|informed|explained|asked)\b",
        r"\bwithout (?:telling|asking|warning|notice|informing|any notice|any warning|"
        r"my (?:permission|consent|agreement))\b",
        r"\b(?:is|this is) (?:this )?how you treat\b",
        r"\b(?:going|go|goes|went|sent|run|running|passed|pushed) (?:me )?(?:round|around) in "
        r"circles\b",
        r"\b(?:can't|cant|cannot|can not|unable to|impossible to|no way to) (?:get through|"
        r"speak to|talk to|reach|contact|get hold of) (?:a |an |any )?(?:anyone|anybody|someone|"
        r"human|person|real person|manager|supervisor|agent|advisor|you)\b",
        r"\bhad to (?:explain|repeat|chase|start again|start over|call back|ring back|"
        r"resend|re-send|call again|ring again)",
        r"\b(?:is|was|it's|its|are|still)(?:n't| not) (?:been )?(?:fixed|sorted|resolved|"
        r"repaired|working)\b",
        r"\bleft (?:my|the|our) (?:\w+ )?(?:parcel|package|delivery|order|box|shopping) "
        r"(?:in the rain|outside|on the doorstep|on the step|in a bush|in the bin|"
        r"over the fence|behind|in the street|by the road|at the wrong)",
        r"\b(?:took|taken|take|taking|took all) (?:my|the|our) money\b",
        r"\bnever (?:dispatched|shipped|sent|processed|posted|turned up|honou?red)",
        r"\b(?:not|never) (?:had|got|received|heard|seen) (?:a |any |an |my )?(?:reply|response|"
        r"answer|call ?back|refund|update|word|anything|confirmation|apology|email back)",
        r"\b(?:broadband|internet|wifi|wi-fi|signal|connection|line|calls?|network|service)"
        r"(?: \w+)? (?:has |have |keeps |keep |is |was |just )?(?:dropped|dropping|cutting out|"
        r"cut out|failed|failing|crashed|disconnected|disconnecting|lagging)\b",
        r"\bdone with (?:you|u|your|y'all)\b",
    ),
    "waiting": (
        rf"\b{_NUMBER}\+? ?{_SPAN}\b[^.!?]{{0,30}}?\b(?:on hold|waiting|of waiting|in (?:a|the) "
        r"queue|and still|and counting|later and still|without (?:a |an |any )?(?:reply|"
        r"response|answer|word|update|refund|internet|wifi|broadband|signal|power|heating|"
        r"hot water|service|phone|tv|water)|with no (?:internet|wifi|broadband|signal|power|"
        r"heating|hot water|service|phone|water)|for (?:a |an |my |the |someone |somebody |"
        r"anyone |them |you )?(?:reply|response|answer|call ?back|refund|engineer|technician|"
        r"delivery|parcel|order|someone|somebody|anyone|update|them|you|it to)\b|"
        r"just to|to get through|no reply|no answer|no response|no one|nobody)",
        rf"\b(?:on hold|waiting|waited|queued|queuing|queueing|in the queue|hold music)"
        rf"\b[^.!?]{{0,25}}?\b{_NUMBER}\+? ?{_SPAN}\b",
        r"\b(?:been|still|am|i'm|im|currently|sat|sitting|stuck|left) (?:\w+ )?"
        r"(?:on hold|in (?:a|the) queue)",
        r"\b(?:i've|ive|i have|we've|we have) been waiting\b",
        r"\b(?:arrived|came|delivered|turned up|got here|showed up) (?:\w+ )?(?:\d+|two|three|"
        r"four|five|six|seven|a|an|several) (?:days?|weeks?|hours?) late",
        r"\bwhy (?:does|do|did|is|has) (?:it|this|everything|a refund|my refund|the refund) "
        r"(?:take|taking|taken|took)\b",
        r"(?<!n't )(?<!not )\b(?:takes?|took|taking|taken) (?:so long|ages|forever|weeks|months)\b",
        r"\bhow long (?:do i|do we|does it|will it|am i|are we|is it going to|must i) "
        r"(?:have to )?(?:wait|take|be on hold)",
        r"\b(?:waiting|waited|wait|holding|on hold) (?:for )?(?:ages|forever|an eternity|"
        r"days|weeks|months|hours)\b",
    ),
    "still": (
        r"\bstill (?:no|not|nothing|waiting|broken|down|charging|haven't|hasn't|havent|hasnt|"
        r"can't|cant|cannot|unresolved|missing|without|wrong|the same|having|no sign|"
        r"no word|no news|no reply|no response|no refund|doesn't|doesnt|don't|dont|isn't|"
        r"isnt|aren't|won't|wont|didn't|failing|dead|off|out|faulty|hasn't been)\b",
    ),
    "repeat": (
        rf"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|multiple|many|"
        rf"numerous|countless|a dozen|a few|so many|x)\+? {_CONTACT}\b",
        r"\b(?:2nd|second|3rd|third|4th|fourth|5th|fifth|6th|sixth|nth|\d+th|umpteenth|"
        r"hundredth|millionth) "
        r"(?:time|call|email|attempt|week|month|complaint|engineer|visit|replacement|request)",
        r"\b(?:yet again|once again|again and again|over and over|every single time|"
        r"how many (?:more )?times|same (?:problem|issue|thing|story|excuse) (?:again|every))\b",
        r"\b(?:late|delayed|down|broken|cancel+ed|wrong|missing|overcharged|charged|cut off|"
        r"lost|crashed|failed|out|gone)(?:,)? (?:yet )?again\b",
        r",\s*again\b",
        r"\b(?:keep|keeps|kept) (?:on )?(?:calling|ringing|emailing|chasing|asking|"
        r"telling|getting|having)",
    ),
    "negated_praise": (
        r"\b(?:not|never|hardly|wasn't|wasnt|isn't|isnt|aren't|arent|weren't|was not|is not|"
        r"are not|far from|anything but|less than) (?:very |so |that |too |particularly |"
        r"exactly |really |at all |remotely |even )?(?:good|great|happy|helpful|impressed|"
        r"satisfied|pleased|acceptable|fair|ok|okay|friendly|professional|useful|reliable|"
        r"worth it|worth the money|good enough|fast|quick|easy|nice|amazing|"
        r"excellent|recommended|impressive|convenient|cheap|affordable|fit for purpose)\b",
        r"\bnot (?:what|as) (?:i |we )?(?:ordered|expected|described|advertised|pictured|"
        r"promised|paid for|asked for|was promised|were promised|was told|were told)",
        r"\b(?:wouldn't|would not|won't|will not|never|cannot|can't|could not|couldn't) "
        r"(?:ever )?recommend\b(?! (?:\w+ ){0,3}(?:enough|more|highly enough))",
        r"\b(?:never|not) (?:again|using (?:you|them|this|it) again|buying (?:from )?"
        r"(?:you|them) again|flying (?:with )?(?:you|them) again)\b",
        r"\b(?:zero|no|not one|not a single|not any) (?:help|support|apology|communication|"
        r"stars?|customer service)\b",
        r"\bcould(?:'ve| have)? (?:been|be|do) (?:a lot |much |way |so much )?better\b",
    ),
    "sarcasm": (
        r"\b(?:thanks|thank you|thx|ty|cheers|great job|good job|well done|nice one|"
        r"congrats|congratulations|kudos|bravo)(?: so much| a lot| again| very much| a bunch)?"
        r"[,!]* (?:for|on) (?:\w+ )?(?:losing|breaking|cancel+ing|charging|overcharging|"
        r"ignoring|wasting|ruining|delaying|leaving|hanging up|cutting|messing|nothing|"
        r"making me wait|keeping me (?:waiting|on hold)|the (?:\d+|two|three|four|five) hours?|"
        r"the delay|the wait|damaging|forgetting|misplacing|stranding|double charging|"
        r"not (?:\w+ing)|never|another|yet another|screwing|destroying|smashing)",
        r"\b(?:love|loving|just love|gotta love|got to love|i love) (?:it )?(?:how|when|that) "
        r"(?:you|your|my|the|they|i have to|i get)\b[^.!?]{0,40}?\b(?:cancel|lose|lost|los|"
        r"charge|delay|wait|hold|break|broke|never|don't|doesn't|didn't|can't|ignore|late)",
        r"^(?:great|brilliant|fantastic|awesome|perfect|lovely|wonderful|excellent|superb|"
        r"nice|just great|oh great|oh good|oh brilliant|amazing)[.!,]+ (?:\w+ ){0,6}?"
        r"(?:another|again|still|cancel|lost|delayed|no |not )",
    ),
}

# Praise a general lexicon does not know ("went above and beyond", "will order again").
_PRAISE_PATTERNS = (
    r"\b(?:above and beyond|shout ?out to|shoutout to|hats off|kudos to|credit to|"
    r"top notch|spot on|second to none|can't fault|cant fault|couldn't fault|"
    r"couldn't be happier|could not be happier|life ?saver|5 stars|five stars|10/10|"
    r"highly recommend|will recommend|definitely recommend|"
    r"well packaged|well packed|arrived early|arrived on time|on time and|no waiting|"
    r"sorted (?:it |everything |this )?(?:in no time|straight away|quickly|immediately)|"
    r"(?:will|would|'ll) (?:definitely |certainly )?(?:order|buy|shop|use you|fly with you|"
    r"book|come back|be back|stay) again)",
)
_PRAISE: PhraseSet[str] = PhraseSet(("praise", pattern) for pattern in _PRAISE_PATTERNS)
# VADER reads most emoji as neutral: anger, eye-rolling, facepalm and tears at a company
# are a complaint; thumbs up, hearts and thanks-hands are praise.
_NEGATIVE_EMOJI = re.compile(
    "[\U0001f621\U0001f92c\U0001f624\U0001f620\U0001f612\U0001f644"
    "\U0001f926\U0001f44e\U0001f4a9\U0001f61e\U0001f622\U0001f62d"
    "\U0001f629\U0001f62b\U0001f611\U0001f92f\U0001f645]"
)
_POSITIVE_EMOJI = re.compile(
    "[\U0001f44d\u2764\U0001f64f\U0001f60a\U0001f600\U0001f603"
    "\U0001f604\U0001f601\U0001f970\U0001f60d\U0001f44f\U0001f389"
    "\U0001f4af\U0001f64c\u2b50\U0001f31f\U0001f495\U0001f496]"
)
_PHRASES: PhraseSet[CueKind] = PhraseSet(
    (kind, pattern) for kind, patterns in _PATTERNS.items() for pattern in patterns
)
_RESOLVED = re.compile(
    r"\b(?:finally|at last|now) (?:\w+ )?(?:sorted|fixed|resolved|arrived|received|got|"
    r"working|refunded|came|here|back)\b|\b(?:all sorted|sorted it|fixed it|resolved it|"
    r"back up|back on|up and running|problem solved|issue resolved)\b"
)
_SPACES = re.compile(r"\s+")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "`": "'"})


@dataclass(frozen=True, slots=True)
class Cues:
    """Kinds of complaint cue found in one text, whether it reports the problem solved, and
    whether it holds praise a general lexicon misses."""

    kinds: frozenset[CueKind]
    resolved: bool
    praise: bool = False

    @property
    def is_complaint(self) -> bool:
        # A repeat on its own ("3 emails", "again") is only a complaint beside another cue.
        return bool(self.kinds - {"repeat"}) and not (
            self.resolved and self.kinds <= {"waiting", "repeat", "still"}
        )


def normalise(text: str) -> str:
    return _SPACES.sub(" ", text.translate(_QUOTES).lower()).strip()


@lru_cache(maxsize=4096)
def find_cues(text: str) -> Cues:
    """The complaint cues in one text (pure, cached: texts repeat in a batch of mentions)."""
    clean = normalise(text)
    keys = word_keys(clean)
    found = _PHRASES.names_found(clean, keys)
    praise = bool(_PRAISE.names_found(clean, keys))
    if not clean.isascii():
        if _NEGATIVE_EMOJI.search(clean):
            found.add("emoji")
        praise = praise or _POSITIVE_EMOJI.search(clean) is not None
    kinds = frozenset(found)
    resolved = bool(kinds) and _RESOLVED.search(clean) is not None
    return Cues(kinds, resolved, praise)
