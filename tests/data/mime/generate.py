#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the MIME corpus: real-world message shapes, one .eml each.

The .eml files are checked in; run this again only to change them. Each
NAME.eml has its expected display model in NAME.json, written by hand.
Bytes matter here (charsets), so messages are built as bytes with CRLF.
"""

import base64
import os
import quopri

HERE = os.path.dirname(os.path.abspath(__file__))
DATE = b"Date: Thu, 26 Nov 2026 16:46:00 +0100\n"

# A 1x1 PNG, and something that starts like a PDF.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==")
PDF = b"%PDF-1.4\n% fake but typed\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def b64(data, width=76):
    text = base64.b64encode(data)
    return b"\n".join(text[i:i + width] for i in range(0, len(text), width)) + b"\n"


def write(name, message):
    message = message.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    with open(os.path.join(HERE, name + ".eml"), "wb") as f:
        f.write(message)


def main():
    write("utf8-accents",
          b"From: =?UTF-8?Q?Ren=C3=A9e_Lef=C3=A8vre?= <renee@example.fr>\n"
          b"To: =?utf-8?B?TcOpbGFuaWUgR2F1dGllcg==?= <melanie@example.fr>\n"
          b"Subject: =?UTF-8?Q?R=C3=A9union_de_l=E2=80=99=C3=A9quipe_=C3=A0_No=C3=ABl?=\n"
          + DATE +
          b"Message-ID: <utf8.1@example.fr>\n"
          b"MIME-Version: 1.0\n"
          b"Content-Type: text/plain; charset=utf-8\n"
          b"Content-Transfer-Encoding: 8bit\n"
          b"\n" +
          "Bonjour à tous,\n\nLa réunion de l’équipe aura lieu à Noël, près de la crèche.\nÇa vous va ?\n".encode("utf-8"))

    write("latin1",
          b"From: =?ISO-8859-1?B?Suly9G1lIETpc2ly6Q==?= <jerome@example.fr>\n"
          b"To: francois@example.fr\n"
          b"Subject: =?ISO-8859-1?Q?Pr=E9visions_d'=E9t=E9?=\n"
          + DATE +
          b"MIME-Version: 1.0\n"
          b"Content-Type: text/plain; charset=ISO-8859-1\n"
          b"Content-Transfer-Encoding: quoted-printable\n"
          b"\n"
          + quopri.encodestring("Les prévisions d'été sont prêtes : très ensoleillé à Nîmes.\n".encode("latin-1")))

    write("latin9-euro",
          b"From: compta@example.fr\n"
          b"To: client@example.fr\n"
          b"Subject: =?iso-8859-15?q?Facture_n=B012_:_150_=A4?=\n"
          + DATE +
          b"MIME-Version: 1.0\n"
          b"Content-Type: text/plain; charset=iso-8859-15\n"
          b"Content-Transfer-Encoding: 8bit\n"
          b"\n"
          + "Montant dû : 150 € (cent cinquante euros), à régler avant le 1ᵉʳ décembre.\n"
          .replace("ᵉʳ", "er").encode("iso-8859-15"))

    write("cp1252",
          b"From: =?windows-1252?Q?=C9lise_C=9Cur?= <elise@example.fr>\n"
          b"To: equipe@example.fr\n"
          b"Subject: =?windows-1252?Q?=93Bient=F4t=94_=96_l=92=9Cuvre?=\n"
          + DATE +
          b"MIME-Version: 1.0\n"
          b"Content-Type: text/plain; charset=windows-1252\n"
          b"Content-Transfer-Encoding: 8bit\n"
          b"\n"
          + "L’œuvre est “presque” finie… Rendez-vous à 14 h – promis.\n".encode("cp1252"))

    write("encoded-words",
          b"From: \"=?utf-8?q?Fran=C3=A7oise?=\" <francoise@example.fr>\n"
          b"To: =?UTF-8?B?w4lsb8OvcyA=?= =?UTF-8?B?TcO8bGxlcg==?= <eloise@example.de>,\n"
          b" \"Dupont, Jean\" <jean@example.fr>, bob@example.org (Bob Martin)\n"
          b"Cc: Amis: anne@example.fr, <paul@example.fr>;\n"
          b"Subject: =?UTF-8?B?w6k=?= =?UTF-8?B?w6g=?= | =?iso-8859-1?q?caf=E9?=\n"
          b" =?utf-8?q?_cr=C3=A8me?= et =?ISO-8859-1*fr?Q?=E9l=E8ve?=\n"
          b"Reply-To: =?utf-8?q?Secr=C3=A9tariat?= <secretariat@example.fr>\n"
          + DATE +
          b"Message-ID: <ew.2@example.fr>\n"
          b"In-Reply-To: <ew.1@example.fr>\n"
          b"References: <ew.0@example.fr>\n <ew.1@example.fr>\n"
          b"Organization: =?utf-8?q?Soci=C3=A9t=C3=A9_G=C3=A9n=C3=A9rale_des_Tests?=\n"
          b"List-Id: Liste =?utf-8?q?fran=C3=A7aise?= <fr.lists.example.fr>\n"
          b"MIME-Version: 1.0\n"
          b"Content-Type: text/plain; charset=us-ascii\n"
          b"\n"
          b"Encoded words everywhere.\n")

    write("rfc2231-filename",
          b"From: rh@example.fr\n"
          b"To: candidat@example.fr\n"
          b"Subject: CV\n"
          + DATE +
          b"MIME-Version: 1.0\n"
          b"Content-Type: multipart/mixed; boundary=\"=_frontier_2231\"\n"
          b"\n"
          b"This is a multi-part message in MIME format.\n"
          b"--=_frontier_2231\n"
          b"Content-Type: text/plain; charset=utf-8\n"
          b"Content-Transfer-Encoding: quoted-printable\n"
          b"\n"
          b"Voici mon CV et ma lettre de motivation d=C3=A9taill=C3=A9e.\n"
          b"--=_frontier_2231\n"
          b"Content-Type: application/pdf\n"
          b"Content-Disposition: attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf\n"
          b"Content-Transfer-Encoding: base64\n"
          b"\n"
          + b64(PDF) +
          b"--=_frontier_2231\n"
          b"Content-Type: application/pdf;\n"
          b" name*0*=utf-8'fr'lettre%20de%20motivation%20;\n"
          b" name*1*=d%C3%A9taill%C3%A9e;\n"
          b" name*2=\".pdf\"\n"
          b"Content-Disposition: attachment;\n"
          b" filename*0*=utf-8'fr'lettre%20de%20motivation%20;\n"
          b" filename*1*=d%C3%A9taill%C3%A9e;\n"
          b" filename*2=\".pdf\"\n"
          b"Content-Transfer-Encoding: base64\n"
          b"\n"
          + b64(PDF) +
          b"--=_frontier_2231\n"
          b"Content-Type: text/plain; charset=iso-8859-1;\n"
          b" name*=iso-8859-1'fr'%E9t%E9.txt\n"
          b"Content-Disposition: attachment\n"
          b"\n"
          b"Un fichier d'\xe9t\xe9.\n"
          b"--=_frontier_2231--\n")

    write("rfc2047-filename",
          b"From: =?utf-8?q?Beno=C3=AEt?= <benoit@example.fr>\n"
          b"To: equipe@example.fr\n"
          b"Subject: Compte rendu\n"
          + DATE +
          b"MIME-Version: 1.0\n"
          b"Content-Type: multipart/mixed; boundary=\"----=_NextPart_000_0012\"\n"
          b"\n"
          b"------=_NextPart_000_0012\n"
          b"Content-Type: text/plain; charset=\"utf-8\"\n"
          b"Content-Transfer-Encoding: base64\n"
          b"\n"
          + b64("Ci-joint le compte rendu de décembre.\n".encode("utf-8")) +
          b"------=_NextPart_000_0012\n"
          b"Content-Type: application/octet-stream;\n"
          b"\tname=\"=?utf-8?B?Y29tcHRlLXJlbmR1LWTDqWNlbWJyZS5wZGY=?=\"\n"
          b"Content-Disposition: attachment;\n"
          b"\tfilename=\"=?utf-8?B?Y29tcHRlLXJlbmR1LWTDqWNlbWJyZS5wZGY=?=\"\n"
          b"Content-Transfer-Encoding: base64\n"
          b"\n"
          + b64(PDF) +
          b"------=_NextPart_000_0012\n"
          b"Content-Type: application/vnd.oasis.opendocument.text;\n"
          b"\tname=\"=?iso-8859-1?Q?pr=E9sentation_finale.odt?=\"\n"
          b"Content-Transfer-Encoding: base64\n"
          b"\n"
          + b64(b"PK\x03\x04odt") +
          b"------=_NextPart_000_0012--\n")

    alternative_plain = "Bonjour,\n\nLe *programme* est en pièce jointe.\n".encode("utf-8")
    alternative_html = ("<html><head><title>Programme</title><style>p{color:red}</style></head>"
                        "<body><p>Bonjour,</p><p>Le <b>programme</b> est pr&ecirc;t &amp; "
                        "valid&eacute;.</p><script>alert(1)</script></body></html>\n").encode("utf-8")
    write("alternative",
          b"From: asso@example.fr\n"
          b"To: membres@example.fr\n"
          b"Subject: Programme\n"
          + DATE +
          b"MIME-Version: 1.0\n"
          b"Content-Type: multipart/alternative; boundary=\"alt-1\"\n"
          b"\n"
          b"--alt-1\n"
          b"Content-Type: text/plain; charset=utf-8\n"
          b"Content-Transfer-Encoding: 8bit\n"
          b"\n"
          + alternative_plain +
          b"--alt-1\n"
          b"Content-Type: text/html; charset=utf-8\n"
          b"Content-Transfer-Encoding: quoted-printable\n"
          b"\n"
          + quopri.encodestring(alternative_html) +
          b"--alt-1--\n")

    write("related-cid",
          b"From: newsletter@example.fr\n"
          b"To: abonne@example.fr\n"
          b"Subject: Nouvelles\n"
          + DATE +
          b"MIME-Version: 1.0\n"
          b"Content-Type: multipart/alternative; boundary=\"outer\"\n"
          b"\n"
          b"--outer\n"
          b"Content-Type: text/plain; charset=utf-8\n"
          b"\n"
          b"Texte seul.\n"
          b"--outer\n"
          b"Content-Type: multipart/related; boundary=\"inner\"; type=\"text/html\"\n"
          b"\n"
          b"--inner\n"
          b"Content-Type: text/html; charset=utf-8\n"
          b"\n"
          b"<p>Notre logo&nbsp;: <img src=\"cid:logo.png@01DB4C2A\"></p>\n"
          b"--inner\n"
          b"Content-Type: image/png; name=\"logo.png\"\n"
          b"Content-Transfer-Encoding: base64\n"
          b"Content-ID: <logo.png@01DB4C2A>\n"
          b"Content-Disposition: inline; filename=\"logo.png\"\n"
          b"\n"
          + b64(PNG) +
          b"--inner\n"
          b"Content-Type: image/png\n"
          b"Content-Transfer-Encoding: base64\n"
          b"Content-ID: <unused@01DB4C2A>\n"
          b"\n"
          + b64(PNG) +
          b"--inner--\n"
          b"--outer--\n")

    write("mixed-attachments",
          b"From: photo@example.fr\n"
          b"To: famille@example.fr\n"
          b"Subject: Photos et documents\n"
          + DATE +
          b"MIME-Version: 1.0\n"
          b"Content-Type: multipart/mixed; boundary=mixed\n"
          b"\n"
          b"--mixed\n"
          b"Content-Type: text/plain; charset=utf-8\n"
          b"\n"
          b"Les photos du week-end.\n"
          b"--mixed\n"
          b"Content-Type: image/png\n"
          b"Content-Disposition: inline; filename=plage.png\n"
          b"Content-Transfer-Encoding: base64\n"
          b"\n"
          + b64(PNG) +
          b"--mixed\n"
          b"Content-Type: application/zip; name=archive.zip\n"
          b"Content-Disposition: attachment; filename=archive.zip\n"
          b"Content-Transfer-Encoding: base64\n"
          b"\n"
          + b64(b"PK\x05\x06" + b"\0" * 18) +
          b"--mixed\n"
          b"Content-Type: text/plain; charset=utf-8; name=notes.txt\n"
          b"Content-Disposition: attachment; filename=\"notes.txt\"\n"
          b"\n"
          b"Ceci est une note.\n"
          b"--mixed\n"
          b"Content-Type: application/x-unknown-thing\n"
          b"\n"
          b"opaque\n"
          b"--mixed\n"
          b"Content-Type: text/plain; charset=utf-8\n"
          b"\n"
          b"Et un dernier mot apr\xc3\xa8s les pi\xc3\xa8ces jointes.\n"
          b"--mixed--\n")

    inner_most = (b"From: Alice <alice@example.org>\n"
                  b"To: Bob <bob@example.org>\n"
                  b"Subject: =?utf-8?q?L=E2=80=99origine?=\n"
                  b"Date: Mon, 23 Nov 2026 09:00:00 -0500\n"
                  b"Content-Type: text/plain; charset=utf-8\n"
                  b"\n"
                  b"Le tout premier message.\n")
    inner = (b"From: Bob <bob@example.org>\n"
             b"To: Chlo\xc3\xa9 <chloe@example.fr>\n"
             b"Subject: Fwd: =?utf-8?q?L=E2=80=99origine?=\n"
             b"Date: Tue, 24 Nov 2026 10:00:00 +0000\n"
             b"MIME-Version: 1.0\n"
             b"Content-Type: multipart/mixed; boundary=\"fwd-inner\"\n"
             b"\n"
             b"--fwd-inner\n"
             b"Content-Type: text/plain; charset=utf-8\n"
             b"\n"
             b"Voir ci-dessous.\n"
             b"--fwd-inner\n"
             b"Content-Type: message/rfc822\n"
             b"Content-Disposition: inline\n"
             b"\n"
             + inner_most +
             b"--fwd-inner\n"
             b"Content-Type: application/pdf; name=\"plan.pdf\"\n"
             b"Content-Transfer-Encoding: base64\n"
             b"\n"
             + b64(PDF) +
             b"--fwd-inner--\n")
    write("forward-nested",
          b"From: Chlo\xc3\xa9 <chloe@example.fr>\n"
          b"To: David <david@example.fr>\n"
          b"Subject: Fwd: Fwd: =?utf-8?q?L=E2=80=99origine?=\n"
          + DATE +
          b"MIME-Version: 1.0\n"
          b"Content-Type: multipart/mixed; boundary=\"fwd-outer\"\n"
          b"\n"
          b"--fwd-outer\n"
          b"Content-Type: text/plain; charset=utf-8\n"
          b"\n"
          b"Je te transf\xc3\xa8re la discussion.\n"
          b"--fwd-outer\n"
          b"Content-Type: message/rfc822; name=\"discussion.eml\"\n"
          b"Content-Disposition: attachment; filename=\"discussion.eml\"\n"
          b"\n"
          + inner +
          b"--fwd-outer--\n")

    write("flowed",
          b"From: lea@example.fr\n"
          b"To: marc@example.fr\n"
          b"Subject: Re: Vacances\n"
          + DATE +
          b"MIME-Version: 1.0\n"
          b"Content-Type: text/plain; charset=utf-8; format=flowed; delsp=yes\n"
          b"Content-Transfer-Encoding: 8bit\n"
          b"\n"
          b"Le 25/11/2026 \xc3\xa0 18:02, Marc a \xc3\xa9crit\xc2\xa0:\n"
          b"> Tu pars quand ? On pourrait se retrouver \xc3\xa0 la gare, ou alors  \n"
          b"> directement chez Paul.\n"
          b">> Paul a dit : venez  \n"
          b">> samedi.\n"
          b"\n"
          b"Je pars samedi ma \n"
          b"tin, et je pense que la gare est une tr\xc3\xa8s bonne  \n"
          b"id\xc3\xa9e. \xc3\x80 bient\xc3\xb4t\n"
          b" >pas une citation (ligne bourr\xc3\xa9e)\n"
          b"\n"
          b"-- \n"
          b"L\xc3\xa9a\n")

    write("plain-quotes",
          b"From: marc@example.fr\n"
          b"To: lea@example.fr\n"
          b"Subject: Re: Re: Vacances\n"
          + DATE +
          b"Content-Type: text/plain; charset=utf-8\n"
          b"\n"
          b"D'accord.\n"
          b"\n"
          b"> Je pars samedi.\n"
          b"> > Tu pars quand ?\n"
          b"> > Dis-moi vite.\n"
          b">\n"
          b"> L\xc3\xa9a\n")

    write("broken-boundary",
          b"From: vieux-logiciel@example.fr\n"
          b"To: quelqu-un@example.fr\n"
          b"Subject: Fronti\xc3\xa8re absente\n"
          + DATE +
          b"MIME-Version: 1.0\n"
          b"Content-Type: multipart/mixed; boundary=\"declared-but-never-used\"\n"
          b"\n"
          b"--another-boundary\n"
          b"Content-Type: text/plain; charset=utf-8\n"
          b"\n"
          b"Ce texte doit rester lisible malgr\xc3\xa9 tout.\n"
          b"--another-boundary--\n")

    write("unclosed-boundary",
          b"From: coupe@example.fr\n"
          b"To: quelqu-un@example.fr\n"
          b"Subject: Message tronque\n"
          + DATE +
          b"MIME-Version: 1.0\n"
          b"Content-Type: multipart/mixed; boundary=\"b1\"\n"
          b"\n"
          b"--b1\n"
          b"Content-Type: text/plain; charset=utf-8\n"
          b"\n"
          b"Premi\xc3\xa8re partie.\n"
          b"--b1\n"
          b"Content-Type: application/pdf; name=\"coupe.pdf\"\n"
          b"Content-Transfer-Encoding: base64\n"
          b"\n"
          b"JVBERi0xLjQK\n")

    write("no-charset",
          b"From: ancien@example.fr\n"
          b"To: quelqu-un@example.fr\n"
          b"Subject: Sans charset\n"
          + DATE +
          b"Content-Type: text/plain\n"
          b"\n"
          b"Un texte en UTF-8 sans d\xc3\xa9claration : \xc3\xa9t\xc3\xa9.\n")

    write("no-charset-latin1",
          b"From: ancien@example.fr\n"
          b"To: quelqu-un@example.fr\n"
          b"Subject: Sans charset ni MIME\n"
          + DATE +
          b"\n"
          b"Un texte en Latin-1 sans d\xe9claration : \xe9t\xe9, 10 \x80.\n")

    write("lying-charset",
          b"From: menteur@example.fr\n"
          b"To: quelqu-un@example.fr\n"
          b"Subject: =?utf-8?q?Il_dit_UTF-8_mais_=E9crit_en_Latin-1?=\n"
          + DATE +
          b"MIME-Version: 1.0\n"
          b"Content-Type: text/plain; charset=\"utf-8\"\n"
          b"Content-Transfer-Encoding: 8bit\n"
          b"\n"
          b"Le caf\xe9 est pr\xeat, la cr\xe8me aussi.\n")

    received = b"".join(b"Received: from relay%d.example.net by relay%d.example.net; "
                        b"Thu, 26 Nov 2026 16:46:00 +0100\n" % (i, i + 1) for i in range(1500))
    long_subject = b"Subject: " + b" ".join([b"tr=?utf-8?q?=C3=A8s?="] * 1) + b" " + b"long " * 16000 + b"\n"
    write("huge-headers",
          received +
          b"From: bavard@example.fr\n"
          b"To: quelqu-un@example.fr\n"
          + long_subject + DATE +
          b"X-Folded: a\n" + b"".join(b" continuation %d\n" % i for i in range(5000)) +
          b"Content-Type: text/plain; charset=utf-8\n"
          b"\n"
          b"Le corps reste lisible.\n")

    write("empty-body",
          b"From: vide@example.fr\n"
          b"To: quelqu-un@example.fr\n"
          b"Subject: (vide)\n"
          + DATE)

    calendar = (b"BEGIN:VCALENDAR\nMETHOD:REQUEST\nPRODID:Microsoft Exchange Server 2010\nVERSION:2.0\n"
                b"BEGIN:VEVENT\nSUMMARY;LANGUAGE=fr-FR:R\xc3\xa9union budg\xc3\xa9taire\n"
                b"DTSTART:20261201T090000Z\nDTEND:20261201T100000Z\nUID:040000008200E00074C5B7101A82E008\n"
                b"END:VEVENT\nEND:VCALENDAR\n")
    write("calendar",
          b"From: =?utf-8?B?R2HDq2xsZSBNYXJ0aW4=?= <gaelle@example.fr>\n"
          b"To: equipe@example.fr\n"
          b"Subject: =?utf-8?q?Invitation=C2=A0:_R=C3=A9union_budg=C3=A9taire?=\n"
          + DATE +
          b"MIME-Version: 1.0\n"
          b"Content-Type: multipart/alternative; boundary=\"_000_cal_\"\n"
          b"\n"
          b"--_000_cal_\n"
          b"Content-Type: text/plain; charset=\"utf-8\"\n"
          b"Content-Transfer-Encoding: base64\n"
          b"\n"
          + b64("Réunion budgétaire, mardi 1er décembre à 10 h.\n".encode("utf-8")) +
          b"--_000_cal_\n"
          b"Content-Type: text/html; charset=\"utf-8\"\n"
          b"Content-Transfer-Encoding: base64\n"
          b"\n"
          + b64("<html><body><div>Réunion budgétaire, mardi 1<sup>er</sup> décembre à 10&nbsp;h.</div></body></html>\n"
                .encode("utf-8")) +
          b"--_000_cal_\n"
          b"Content-Type: text/calendar; charset=\"utf-8\"; method=REQUEST\n"
          b"Content-Transfer-Encoding: base64\n"
          b"\n"
          + b64(calendar) +
          b"--_000_cal_--\n")

    write("only-attachment",
          b"From: scanner@example.fr\n"
          b"To: bureau@example.fr\n"
          b"Subject: Document scann\xc3\xa9\n"
          + DATE +
          b"MIME-Version: 1.0\n"
          b"Content-Type: application/pdf; name=\"scan-0001.pdf\"\n"
          b"Content-Disposition: attachment; filename=\"scan-0001.pdf\"\n"
          b"Content-Transfer-Encoding: base64\n"
          b"\n"
          + b64(PDF))

    write("html-only",
          b"From: boutique@example.fr\n"
          b"To: client@example.fr\n"
          b"Subject: Votre commande\n"
          + DATE +
          b"MIME-Version: 1.0\n"
          b"Content-Type: text/html\n"
          b"Content-Transfer-Encoding: 8bit\n"
          b"\n"
          b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"></head>\n"
          b"<body><h1>Merci&nbsp;!</h1><p>Votre commande n\xb0 42 est exp\xe9di\xe9e.</p>"
          b"<img src=\"https://tracker.example.com/pixel.gif\"></body></html>\n")

    write("delivery-report",
          b"From: MAILER-DAEMON@example.fr (Mail Delivery System)\n"
          b"To: expediteur@example.fr\n"
          b"Subject: Undelivered Mail Returned to Sender\n"
          + DATE +
          b"MIME-Version: 1.0\n"
          b"Content-Type: multipart/report; report-type=delivery-status; boundary=\"dsn\"\n"
          b"\n"
          b"--dsn\n"
          b"Content-Description: Notification\n"
          b"Content-Type: text/plain; charset=us-ascii\n"
          b"\n"
          b"I'm sorry to have to inform you that your message could not be delivered.\n"
          b"--dsn\n"
          b"Content-Description: Delivery report\n"
          b"Content-Type: message/delivery-status\n"
          b"\n"
          b"Reporting-MTA: dns; mx.example.fr\n"
          b"\n"
          b"Final-Recipient: rfc822; nobody@example.org\n"
          b"Action: failed\n"
          b"Status: 5.1.1\n"
          b"--dsn--\n")


if __name__ == "__main__":
    main()
