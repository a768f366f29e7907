"""Text templates for the demo book: interactions, survey comments, social mentions.

Complaints about one issue share their wording (issue shopping must find them alike);
comments and mentions are plain English a lexicon scorer such as VADER reads correctly.
"""

from __future__ import annotations

# Each issue: (interaction kind, subject variants, body variants, the reply the desk sends).
ISSUES = (
    (
        "billing",
        ("Charged twice this month", "Double charge on my invoice", "Invoice charged twice"),
        (
            "My invoice for this month charges the subscription twice. Please refund the "
            "second charge.",
            "I was charged twice for the subscription this month, the invoice shows two "
            "identical charges. I want the double charge refunded.",
            "The subscription was charged twice on my invoice. Can you refund the duplicate "
            "charge?",
        ),
        "We found the duplicate charge and refunded it; it shows on your next statement.",
    ),
    (
        "complaint",
        ("Internet keeps dropping", "Connection drops every evening", "Router disconnects"),
        (
            "My internet connection keeps dropping every evening and the router disconnects. "
            "Working from home is impossible.",
            "The connection drops again and again in the evening, the router light goes red "
            "and the internet is gone.",
            "Internet keeps dropping, the router disconnects several times an evening.",
        ),
        "An engineer checked the line remotely and reset the port; please tell us if it drops.",
    ),
    (
        "complaint",
        ("Delivery is late", "Where is my order?", "Order not delivered"),
        (
            "My order was promised for Tuesday and the delivery still has not arrived. "
            "Where is my order?",
            "The delivery of my order is late, the tracking has not moved for days.",
            "Order not delivered yet although the delivery date has passed.",
        ),
        "The courier lost the parcel; we shipped a replacement with next-day delivery.",
    ),
    (
        "support",
        ("Cannot log in to the app", "App login fails", "Password reset does not work"),
        (
            "I cannot log in to the app, the password reset email never arrives.",
            "The app login fails with an error and the password reset does not work.",
            "Login to the app fails every time, and the reset link is not sent.",
        ),
        "We fixed the reset email for your account; the link now arrives within a minute.",
    ),
    (
        "complaint",
        ("Wrong plan after upgrade", "Upgrade applied the wrong plan", "Plan change went wrong"),
        (
            "After the upgrade I am on the wrong plan and pay more than agreed.",
            "The upgrade applied the wrong plan, the price is higher than what sales told me.",
            "My plan change went wrong: wrong plan, higher price than agreed in the upgrade.",
        ),
        "We moved you to the agreed plan and credited the difference.",
    ),
    (
        "billing",
        ("Refund not received", "Still waiting for my refund", "Where is the refund?"),
        (
            "You promised a refund three weeks ago and I have still not received the refund.",
            "Still waiting for the refund you promised, nothing arrived on my account.",
            "The promised refund has not been received. When will the refund be paid?",
        ),
        "The refund was sent today; banks take up to three working days.",
    ),
    (
        "request",
        ("How do I cancel?", "Cancel my subscription", "Cancellation request"),
        (
            "I want to cancel my subscription. How do I cancel and what does it cost?",
            "Please cancel my subscription and tell me the cancellation terms.",
            "Cancellation request: please cancel the subscription at the end of the term.",
        ),
        "Your cancellation is registered; here are the end date and any fee that applies.",
    ),
    (
        "request",
        ("Transfer code needed", "Please send my transfer code", "Number porting code"),
        (
            "I need my transfer code to move my number. Please send the transfer code.",
            "Please send the number porting transfer code, I am moving my number.",
            "Where do I get the transfer code for porting my number?",
        ),
        "Your transfer code is in the portal now and stays valid for 30 days.",
    ),
    (
        "support",
        ("Mobile data not working", "No mobile data on the train", "Mobile data stopped"),
        (
            "Mobile data stopped working, no data on the train although I have signal.",
            "My mobile data is not working since yesterday, calls work but no data.",
            "No mobile data on the train, the data connection does not work at all.",
        ),
        "The network partner fixed a faulty cell on your route; data should work again.",
    ),
    (
        "complaint",
        ("Roaming charges on my bill", "Unexpected roaming charges", "Roaming fees wrong"),
        (
            "My bill shows roaming charges although roaming was included in my plan.",
            "Unexpected roaming charges on the bill, the plan says roaming is included.",
            "Roaming fees on my bill are wrong, roaming is part of my plan.",
        ),
        "The roaming charges were a rating error; we removed them from your bill.",
    ),
)

# Routine interactions: (kind, direction) -> (subject, body) variants.
ROUTINE = {
    ("offer", "outbound"): (
        (
            "A faster plan for the same price",
            "Upgrade to Fibre 1000 this month at your current price.",
        ),
        ("Spring offer for you", "Add TV Plus free for three months with your current plan."),
        ("Exclusive customer offer", "As a customer you get a new smartphone at 20 percent off."),
    ),
    ("renewal", "outbound"): (
        ("Your contract renews soon", "Your contract renews next month; here are your options."),
        ("Time to review your plan", "Before your renewal, let us check the plan still fits you."),
    ),
    ("pricing", "outbound"): (
        ("Price change notice", "From next quarter the monthly price changes; details inside."),
        ("Your new price", "We reviewed your plan and can offer a better monthly price."),
    ),
    ("upsell", "outbound"): (
        ("Add a second line", "Add a second mobile line for the family at half price."),
        ("Mesh Wi-Fi for every room", "A mesh Wi-Fi kit brings full speed to every room."),
    ),
    ("onboarding", "outbound"): (
        ("Welcome to Accord Telecom", "Welcome! Here is how to set up your service and the app."),
        ("Your installation visit", "Your installation visit is booked; the engineer will call."),
    ),
    ("other", "outbound"): (
        ("Checking in", "Just checking in: is everything working well for you?"),
        ("Your quarterly review", "A short review of your usage and what we can improve."),
    ),
    ("billing", "outbound"): (
        ("Your invoice", "Your monthly invoice is ready in the portal."),
        ("Payment received", "Thank you, we received your payment."),
    ),
    ("support", "outbound"): (
        ("Service update", "Planned maintenance tonight may interrupt service briefly."),
    ),
    ("praise", "inbound"): (
        ("Thank you", "Great service, the engineer was friendly and fixed everything fast."),
        ("Happy with the upgrade", "The new plan works perfectly, thanks for the help."),
    ),
    ("request", "inbound"): (
        ("Question about my plan", "Can you tell me what my plan includes abroad?"),
        ("Change of address", "I am moving next month; please update my address."),
    ),
    ("other", "inbound"): (
        ("Feedback", "A small suggestion: the app could show data usage per day."),
    ),
    ("billing", "inbound"): (
        ("Invoice copy", "Could you send me a copy of last month's invoice?"),
    ),
}

# A contested relationship: the customer notices several desks pushing different deals.
CONFUSED = (
    "Which offer is real?",
    "I got three different offers from three people this month. Who is my contact?",
)
OWNER_FOLLOW_UP = ("Following up", "Following up on your message; I am on it and will call you.")

POSITIVE_COMMENTS = (
    "Great service and friendly people, I am very happy with it.",
    "Excellent value, reliable connection and helpful support. Love it!",
    "Very good experience, the team is always helpful and kind.",
    "Happy customer for years, everything works and support is great.",
    "Fast, friendly and fair. I recommend it to my friends.",
)
NEUTRAL_COMMENTS = (
    "It does the job.",
    "Good enough for the price.",
    "Okay overall, nothing to report.",
)
NEGATIVE_COMMENTS = (
    "Terrible service, I feel trapped in this contract and the exit fee is outrageous.",
    "Awful support, nobody answers and the connection is bad. Very disappointed.",
    "Horrible experience, wrong bills every month and nobody fixes it. I hate this.",
    "Worst provider ever, broken promises and useless support.",
    "Bad value, poor service and angry about the hidden fees.",
)

POSITIVE_MENTIONS = (
    "Shout-out to @AccordTelecom, best support team ever! Fixed my issue in minutes. Love it",
    "Really happy with @AccordTelecom, great fibre speed and friendly people. Recommended!",
    "Switched to @AccordTelecom last year and it is excellent. Great value, great service.",
)
NEGATIVE_MENTIONS = (
    "@AccordTelecom is the worst. Broken promises, terrible support, avoid them!",
    "Awful experience with @AccordTelecom, charged twice and nobody helps. Disgusting.",
    "Stay away from @AccordTelecom, horrible service and they make leaving impossible.",
)
NEUTRAL_MENTIONS = (
    "Anyone else on @AccordTelecom fibre in this area?",
    "@AccordTelecom what time does the shop open on Saturday?",
)
VIRAL_MENTION = (
    "Warning to everyone: @AccordTelecom charged me twice for months, broke every promise, "
    "and refuses to release my transfer code. Horrible, dishonest company. Do NOT sign up!"
)
# Echoes of the viral post, all about the same thing (double charging: one topic), so
# they burst on one topic within the hour.
BURST_MENTIONS = (
    "Same thing happened to me with @AccordTelecom, charged twice on my bill. Dishonest.",
    "Ugh, @AccordTelecom double charged my mum too. Awful billing, awful company.",
    "@AccordTelecom this is disgusting, refund the double charge on my invoice now!",
    "Never signing up with @AccordTelecom after reading this. Charged twice? Horrible.",
    "@AccordTelecom overcharged me for three months. Terrible, awful billing.",
    "Wow @AccordTelecom billing is a scam, charged twice here as well. Avoid.",
)

PROMISE_TEXTS = {
    "callback": "Call back about the open question",
    "fix": "Fix the reported fault",
    "delivery": "Deliver the order by the promised date",
    "refund": "Refund the overcharge",
    "price": "Keep the agreed monthly price",
    "payment": "Pay the outstanding invoice",
}
