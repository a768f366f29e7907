"""Exit intent, complaints and topics read from real-looking customer text: tweets, emails,
support tickets and survey comments, with their typos, shouting and negations."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.voice.analyzers.corpus import read_rated_texts
from accord.voice.signals import EXIT_KINDS, TOPICS, read_exit_intent, read_signals

EXIT_INTENT = [
    # cancel
    ("How do I cancel?", "cancel"),
    ("how do i cancel my subscription", "cancel"),
    ("Hi, I would like to cancel my contract please. Account ref 88213.", "cancel"),
    ("Can I cancel online or do I have to ring you??", "cancel"),
    ("I want to cancel. Nothing works and nobody answers.", "cancel"),
    ("please cancel my membership from next month", "cancel"),
    ("Whats the cancellation fee if i leave early", "cancel"),
    ("I need to end my contract, moving abroad in june", "cancel"),
    ("How can I get out of this contract?", "cancel"),
    ("I won't be renewing when it runs out in March.", "cancel"),
    ("cancel my direct debit immediately", "cancel"),
    ("Tried to cancel 3 times on the phone and they keep transferring me", "cancel"),
    ("Why can't I cancel my plan in the app", "cancel"),
    ("you wont let me cancel!!! this is ridiculous", "cancel"),
    ("I don't know how to cancel my broadband, can someone help", "cancel"),
    ("Stop my subscription. Now.", "cancel"),
    ("how do i cancle my sky", "cancel"),
    (
        "Hi, I'd like to cancel my subscription effective end of this month. Please confirm.",
        "cancel",
    ),
    ("Please accept this email as my 30 days notice.", "cancel"),
    ("what is the notice period on my contract", "cancel"),
    ("How much is the early termination fee?", "cancel"),
    ("Can I leave early without paying the rest of the contract?", "cancel"),
    ("turn off auto renewal please, I won't need it next year", "cancel"),
    ("We will not be renewing our contract with you this year.", "cancel"),
    ("I'm cancelling. Nobody has answered me in a week.", "cancel"),
    ("cancel pls", "cancel"),
    ("I want out of this contract", "cancel"),
    # leave / switch
    ("want to switch provider", "leave"),
    ("Thinking of switching to Vodafone tbh", "leave"),
    ("I'm done with you guys", "leave"),
    ("im so done with your company", "leave"),
    ("Honestly looking for a new provider after this", "leave"),
    ("Taking my business elsewhere. Bye.", "leave"),
    ("never using you again", "leave"),
    ("I'm leaving you for Octopus, their prices are better", "leave"),
    ("We are moving to another supplier at the end of the month", "leave"),
    ("We've decided to go with another vendor for next year.", "leave"),
    ("@EE I want to leave, how do I do it?", "leave"),
    ("Thinking of leaving @BT after 10 years of this", "leave"),
    ("how to leave the network without paying a fortune", "leave"),
    ("RE: termination of contract", "cancel"),
    ("I wish to exercise my right to cancel within the cooling off period", "cancel"),
    ("Why is it so hard to cancel?", "cancel"),
    ("The PAC code you sent doesn't work", "transfer_code"),
    ("Match this quote or I will leave", "leave"),
    ("I can get the same package cheaper elsewhere", "leave"),
    ("been shopping around, your renewal price is a joke", "leave"),
    ("I'm switching banks, what do I need to do?", "leave"),
    # port number / transfer code / unlock / close account
    ("porting my number to EE next week, what do I need?", "port_number"),
    ("Can I keep my number if I switch?", "port_number"),
    ("How do I port out my mobile number", "port_number"),
    ("Please send my transfer code", "transfer_code"),
    ("PAC code please", "transfer_code"),
    ("text PAC to 65075? it didn't work, still no pac", "transfer_code"),
    ("Requested my STAC twice and still nothing", "transfer_code"),
    ("I need the EPP code for my domain, moving it to another registrar", "transfer_code"),
    ("can you give me the auth code for example.com", "transfer_code"),
    ("Please can you provide my PAC as I am moving to Three", "transfer_code"),
    ("How do I get my porting code?", "transfer_code"),
    ("Need the authorisation code for my domain, transferring to Gandi", "transfer_code"),
    ("please release my number, I'm porting it", "port_number"),
    ("unlock code for my iphone please", "unlock"),
    ("How do I unlock my phone so I can use a different sim?", "unlock"),
    ("need a network unlock on my handset before I go", "unlock"),
    ("close my account", "close_account"),
    ("Please close my account and delete my data.", "close_account"),
    ("I want my account closed. How do I delete my account?", "close_account"),
    ("hi i wish to terminate my account with you effective immediately", "close_account"),
]

NOT_EXIT_INTENT = [
    "I'm not cancelling, just asking about the bill",
    "I don't want to cancel, I just want the wifi to work",
    "No plans to leave, love the service",
    "please don't cancel my account, I've paid now",
    "you cancelled my flight again",
    "My flight was cancelled and no one told me",
    "Can I cancel my order from yesterday? Bought the wrong size",
    "need to cancel my appointment on tuesday, can we rebook?",
    "I'm locked out, can you unlock my account?",
    "Thanks again for switching me to the cheaper tariff",
    "Renewed for another year, great deal",
    "What's my account balance?",
    "The engineer is coming on Monday",
    "Just switched on the new router, works great",
    "I will never leave you, best bank ever",
    "How do I change my password?",
    "I didn't get the auth code to log in, can you resend it?",
    "What's the bank transfer number for paying my invoice?",
    "Thanks for cancelling the duplicate order so quickly",
    "Stop cancelling my trains!",
    "I'll leave a review once it arrives",
    "I'm leaving for holiday on Friday, can you hold my parcel?",
    "Can I pause my membership over the summer?",
    "Is there a fee for paying by card?",
    "I'd like to leave feedback about the engineer, he was great",
    "What time do I need to leave the parcel out for collection?",
    "I don't want to leave but the price has to come down",
    "Can you cancel the engineer visit on Tuesday?",
    "Please cancel my order #1234",
    "I cancelled my card because it was stolen, please send a new one",
    "",
]


@pytest.mark.parametrize(("text", "kind"), EXIT_INTENT)
def test_exit_intent_is_read(text: str, kind: str) -> None:
    assert read_exit_intent(text) == kind
    assert read_signals(text).exit_intent == kind


@pytest.mark.parametrize("text", NOT_EXIT_INTENT)
def test_no_exit_intent_where_there_is_none(text: str) -> None:
    assert read_signals(text).exit_intent is None


COMPLAINTS = [
    ("thanks for losing my bag", {"delivery"}),
    ("2 hours on hold", {"service"}),
    ("still no refund", {"billing"}),
    ("cancelled flight, again", {"service"}),
    ("My parcel never arrived and the tracking hasnt updated in 5 days", {"delivery"}),
    ("You've charged me twice this month. Fix it.", {"billing"}),
    ("Your prices went up AGAIN, 3rd time this year. Rip off", {"price"}),
    ("Internet down since this morning, no signal either", {"outage"}),
    ("The app keeps crashing since the update", {"product"}),
    ("The guy on the phone was so rude and hung up on me", {"staff"}),
    ("Been waiting 3 weeks for an engineer. Still nothing.", {"staff"}),
    ("Screen arrived cracked and the box was smashed", {"product", "delivery"}),
    ("Absolutely useless.", {"other"}),
]

NOT_COMPLAINTS = [
    "Thanks so much for the quick help!",
    "Parcel arrived today, cheers",
    "Finally arrived after 2 weeks, all good now, thanks",
    "What are your opening hours?",
    "Can I upgrade my plan to the 500Mb one?",
    "Love the new app update, much faster",
    "",
]


@pytest.mark.parametrize(("text", "topics"), COMPLAINTS)
def test_complaints_and_their_topics(text: str, topics: set[str]) -> None:
    signals = read_signals(text)
    assert signals.complaint
    assert topics <= set(signals.topics)
    assert signals.topics == tuple(t for t in TOPICS if t in signals.topics)


@pytest.mark.parametrize("text", NOT_COMPLAINTS)
def test_ordinary_messages_are_not_complaints(text: str) -> None:
    signals = read_signals(text)
    assert not signals.complaint
    assert "other" not in signals.topics


def test_kinds_are_the_documented_ones() -> None:
    assert set(EXIT_KINDS) == {
        "cancel",
        "leave",
        "port_number",
        "transfer_code",
        "unlock",
        "close_account",
    }
    assert {kind for _, kind in EXIT_INTENT} == set(EXIT_KINDS)


def test_exit_intent_is_rare_in_general_text() -> None:
    # 7,908 tweets and product reviews that nobody wrote to a company: almost none asks to go.
    data = Path(__file__).resolve().parents[1] / "data" / "sentiment"
    found = [
        row.text
        for corpus in ("tweets", "amazon")
        for row in read_rated_texts(data / f"{corpus}.tsv.gz")
        if read_exit_intent(row.text)
    ]
    assert len(found) <= 3, found


def test_an_email_reply_is_read_without_what_it_quotes() -> None:
    reply = (
        "Thanks, that's fixed now.\r\n\r\n"
        "On Tue, 3 Mar 2026 at 09:12, Acme Support <help@acme.example> wrote:\r\n"
        "> You can cancel at any time from your account page.\r\n"
        "> If you want to switch provider, ask us for your PAC code.\r\n"
    )
    assert read_signals(reply) == read_signals("Thanks, that's fixed now.")
    assert read_signals(reply).exit_intent is None
    outlook = "Please cancel my contract.\n\n-----Original Message-----\nFrom: Acme\nHi"
    assert read_signals(outlook).exit_intent == "cancel"
    quoted_only = "> how do I cancel?\nThat was my wife, we are staying :)"
    assert read_signals(quoted_only).exit_intent is None
    assert read_exit_intent("You can cancel at any time.") is None
    assert read_signals("From: Jo Bloggs\nHow do I cancel my plan?").exit_intent == "cancel"
