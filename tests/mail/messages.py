"""Real-looking mail as clients write it: Outlook (Exchange headers, windows-1252 text
labelled iso-8859-1, quoted-printable, an attachment, HTML-only replies with an
"Original Message" block) and Gmail (RFC 2047 base64 subjects, UTF-8, "On ... wrote:").
"""

from __future__ import annotations

import base64

ANNA_FIRST_ID = "AM0PR07MB4473C1D2E5A9F0B3C2D8E1F4A6B0@AM0PR07MB4473.eurprd07.prod.outlook.com"
BOB_REPLY_ID = "9f8e7d6c-5b4a-4321-8fed-cba987654321@acme.example"
ANNA_REPLY_ID = "AM0PR07MB4473D9E8F7A6B5C4D3E2F1A0B9C8@AM0PR07MB4473.eurprd07.prod.outlook.com"
JUERGEN_ID = "CAF3kqn0xYb8QwzT6p2vGm+Lr4dN_aHs1JcK9eU7tBzWq5oXy3g@mail.gmail.com"
HANS_FIRST_ID = "20261201093012.4711.hans@web.example"
HANS_SECOND_ID = "20261202101500.4712.hans@web.example"
INTERNAL_ID = "internal-1@acme.example"

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PDF_BASE64 = base64.encodebytes(PDF).decode("ascii").replace("\n", "\r\n")


def crlf(text: str, encoding: str = "ascii") -> bytes:
    return text.replace("\r\n", "\n").replace("\n", "\r\n").encode(encoding)


# Outlook: multipart/mixed (alternative + PDF). The text part says iso-8859-1 but holds
# windows-1252 curly quotes (=93 =94), an en dash (=96) and the euro sign (=80).
ANNA_FIRST = crlf(
    f"""Received: from AM0PR07MB4473.eurprd07.prod.outlook.com (2603:10a6:208:c0::12)
 by AM0PR07MB4473.eurprd07.prod.outlook.com with HTTPS; Tue, 1 Dec 2026 08:14:55 +0000
From: =?iso-8859-1?Q?Anna_M=FCller?= <Anna.Mueller@outlook.de>
To: "Acme Sales" <sales@acme.example>
Subject: =?iso-8859-1?Q?Lieferung_f=FCr_Bestellung_4711_versp=E4tet?=
Thread-Topic: =?iso-8859-1?Q?Lieferung_f=FCr_Bestellung_4711_versp=E4tet?=
Thread-Index: AdrD3kF1m2wz8h7nQ0y6Vb1kXbJ5Qw==
Date: Tue, 1 Dec 2026 09:14:52 +0100
Message-ID: <{ANNA_FIRST_ID}>
Accept-Language: de-DE, en-US
Content-Language: de-DE
X-MS-Has-Attach: yes
X-MS-TNEF-Correlator:
x-ms-exchange-organization-authas: Anonymous
Content-Type: multipart/mixed;
\tboundary="_004_AM0PR07MB4473C1D2_"
MIME-Version: 1.0

--_004_AM0PR07MB4473C1D2_
Content-Type: multipart/alternative;
\tboundary="_000_AM0PR07MB4473C1D2_"

--_000_AM0PR07MB4473C1D2_
Content-Type: text/plain; charset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable

Sehr geehrte Damen und Herren,

meine Bestellung 4711 =96 bezahlt am 20.11. (149,00 =80) =96 ist immer noch =
nicht da. Die Sendungsverfolgung sagt nur =93in Zustellung=94.

Mit freundlichen Gr=FC=DFen
Anna M=FCller

--_000_AM0PR07MB4473C1D2_
Content-Type: text/html; charset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable

<html><head><meta http-equiv=3D"Content-Type" content=3D"text/html; charset=
=3Diso-8859-1"><style>p{{margin:0}}</style></head><body><p>Sehr geehrte Damen =
und Herren,</p><p>meine Bestellung 4711 =96 HTML-Fassung</p></body></html>

--_000_AM0PR07MB4473C1D2_--

--_004_AM0PR07MB4473C1D2_
Content-Type: application/pdf; name="Rechnung_4711.pdf"
Content-Description: Rechnung_4711.pdf
Content-Disposition: attachment; filename="Rechnung_4711.pdf"; size={len(PDF)};
\tcreation-date="Tue, 01 Dec 2026 08:14:00 GMT"
Content-Transfer-Encoding: base64

{PDF_BASE64}
--_004_AM0PR07MB4473C1D2_--
"""
)

# Bob answers from his own mail client (it lands in his Sent folder), quoting Outlook-style.
BOB_REPLY = crlf(
    f"""From: Bob <bob@acme.example>
To: =?utf-8?Q?Anna_M=C3=BCller?= <anna.mueller@outlook.de>
Subject: =?utf-8?Q?AW:_Lieferung_f=C3=BCr_Bestellung_4711_versp=C3=A4tet?=
Date: Tue, 1 Dec 2026 11:02:10 +0100
Message-ID: <{BOB_REPLY_ID}>
In-Reply-To: <{ANNA_FIRST_ID}>
References: <{ANNA_FIRST_ID}>
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

Guten Tag Frau Müller,

das Paket ging verloren; wir senden heute Ersatz per Express.

Viele Grüße
Bob

-----Original Message-----
From: Anna Müller <anna.mueller@outlook.de>
Sent: Tuesday, December 1, 2026 9:14 AM
To: Acme Sales <sales@acme.example>
Subject: Lieferung für Bestellung 4711 verspätet

Sehr geehrte Damen und Herren,
""",
    "utf-8",
)

# Anna's Outlook answers in HTML only, windows-1252, the history under a rule and a
# From:/Sent: block; References lists the whole thread.
ANNA_REPLY = crlf(
    f"""From: =?iso-8859-1?Q?Anna_M=FCller?= <anna.mueller@outlook.de>
To: Bob <bob@acme.example>
CC: "Acme Sales" <sales@acme.example>
Subject: =?iso-8859-1?Q?AW:_AW:_Lieferung_f=FCr_Bestellung_4711_versp=E4tet?=
Thread-Topic: =?iso-8859-1?Q?Lieferung_f=FCr_Bestellung_4711_versp=E4tet?=
Thread-Index: AdrD3kF1m2wz8h7nQ0y6Vb1kXbJ5QwAEb3Xg
Date: Wed, 2 Dec 2026 16:40:03 +0000
Message-ID: <{ANNA_REPLY_ID}>
References: <{ANNA_FIRST_ID}>
 <{BOB_REPLY_ID}>
In-Reply-To: <{BOB_REPLY_ID}>
Content-Language: de-DE
X-MS-Has-Attach:
Content-Type: text/html; charset="windows-1252"
Content-Transfer-Encoding: quoted-printable
MIME-Version: 1.0

<html><head><style><!-- p.MsoNormal {{margin:0cm}} --></style></head><body lan=
g=3D"DE"><div class=3D"WordSection1"><p class=3D"MsoNormal">Danke, das Paket=
 ist heute angekommen &#8211; alles gut!</p><p class=3D"MsoNormal">Anna</p>=
<div><div style=3D"border:none;border-top:solid #E1E1E1 1.0pt"><p class=3D"=
MsoNormal">__________________________________</p><p class=3D"MsoNormal"><b>=
From:</b> Bob &lt;bob@acme.example&gt;<br><b>Sent:</b> Tuesday, December 1,=
 2026 11:02 AM<br><b>Subject:</b> AW: Lieferung f=FCr Bestellung 4711</p></=
div></div><p class=3D"MsoNormal">das Paket ging verloren</p></div></body></html>
"""
)

# Gmail: a contact of an organization customer; base64 RFC 2047 subject, UTF-8 text
# and HTML alternatives, quoted-printable soft line breaks.
JUERGEN = crlf(
    f"""MIME-Version: 1.0
Date: Mon, 30 Nov 2026 17:21:44 +0100
Message-ID: <{JUERGEN_ID}>
Subject: =?UTF-8?B?VmVybMOkbmdlcnVuZyAyMDI3IOKAkyBBbmdlYm90IGbDvHIgNTAgTGl6ZW56ZW4=?=
From: =?UTF-8?Q?J=C3=BCrgen_Schmidt?= <juergen.schmidt@gmail.com>
To: sales@acme.example
Content-Type: multipart/alternative; boundary="000000000000b1f2c305f0a1d2e3"

--000000000000b1f2c305f0a1d2e3
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

Hallo zusammen,

k=C3=B6nnen Sie uns ein Angebot f=C3=BCr die Verl=C3=A4ngerung mit 50 Lizenz=
en schicken?

Gr=C3=BC=C3=9Fe
J=C3=BCrgen

--000000000000b1f2c305f0a1d2e3
Content-Type: text/html; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

<div dir=3D"ltr">Hallo zusammen,<div><br></div><div>k=C3=B6nnen Sie uns ein A=
ngebot schicken?</div></div>

--000000000000b1f2c305f0a1d2e3--
"""
)

# Nobody knows this address yet: cp1252 text declared as windows-1252, 8bit, and an
# encoded subject with a cp1252 en dash.
HANS_FIRST = crlf(
    f"""From: Hans Becker <h.becker@web.example>
To: sales@acme.example
Subject: =?windows-1252?Q?Anfrage_=96_Preise_f=FCr_Wartung?=
Date: Tue, 1 Dec 2026 10:30:12 +0100
Message-ID: <{HANS_FIRST_ID}>
MIME-Version: 1.0
Content-Type: text/plain; charset=windows-1252
Content-Transfer-Encoding: 8bit

"""
) + crlf(
    "Guten Tag,\nwas kostet die Wartung für 3 Geräte? Unser Budget: 2.000 €.\n\n"
    "Grüße\nHans Becker\n",
    "cp1252",
)

HANS_SECOND = crlf(
    f"""From: Hans Becker <h.becker@web.example>
To: sales@acme.example
Subject: Nachtrag
Date: Wed, 2 Dec 2026 11:15:00 +0100
Message-ID: <{HANS_SECOND_ID}>
Content-Type: text/plain; charset=us-ascii

Es sind doch 4 Geraete.
"""
)

INTERNAL = crlf(
    f"""From: Acme Sales <sales@acme.example>
To: Bob <bob@acme.example>
Subject: FYI: Anna Mueller
Date: Tue, 1 Dec 2026 09:30:00 +0100
Message-ID: <{INTERNAL_ID}>
Content-Type: text/plain; charset=us-ascii

Bob, can you look after this one?
"""
)
