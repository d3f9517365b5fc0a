"""The .eml download and the mailto: link, read back with Python's own parsers."""

from __future__ import annotations

import email
from datetime import UTC, datetime
from email import policy
from email.header import decode_header, make_header
from email.utils import parsedate_to_datetime
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.config import LANGUAGES
from lib.generate.eml import build_eml, header_value, mailto_link, normalised_body
from lib.generate.thank_you_mail import FORMALITIES, Interviewer, MailInput, compose
from lib.models import Profile, Story

TOKYO = ZoneInfo("Asia/Tokyo")
SENT = datetime(2026, 11, 27, 18, 30, tzinfo=TOKYO)
TO = "saiyo@minato-data.example"
FROM = "山田 太郎 <taro@example.com>"


def mail_input(lang: str, formality: str, *, markup: bool = False) -> MailInput:
    ja = lang == "ja"
    return MailInput(
        lang=lang,
        company="<b>ACME</b> & Co. **株式会社**" if markup else ("株式会社ミナトデータ" if ja else "Minato Data Inc."),
        department="人事部" if ja else "",
        interviewers=[Interviewer("中村" if ja else "Ms Nakamura", "部長")],
        interview_start=datetime(2026, 11, 27, 14, 0, tzinfo=TOKYO),
        round="final",
        interesting_topics=["<script>alert(1)</script> 😊 " + "長" * 3000 if markup else "データ基盤の刷新"],
        questions=["なぜ当社なのですか?"],
        untold_points=["顧客インタビュー 30 件の経験"],
        story=Story(title="解約率の改善", action="週次レビューを導入", result="解約率 4 ポイント減"),
        profile=Profile("山田 太郎", "やまだ たろう", "090-1234-5678", "taro@example.com", "=?utf-8?b?x?= 🌸"),
        formality=formality,
    )


def parsed(data: bytes) -> email.message.EmailMessage:
    return email.message_from_bytes(data, policy=policy.default)


def text_of(message: email.message.EmailMessage) -> str:
    """The decoded body with the file's CRLF line ends read as newlines."""
    return message.get_content().replace("\r\n", "\n")


@pytest.mark.parametrize("markup", [False, True])
@pytest.mark.parametrize("formality", FORMALITIES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_composed_mail_reads_back_equal(lang, formality, markup):
    draft = compose(mail_input(lang, formality, markup=markup))
    data = build_eml(TO, FROM, draft.subject, draft.body, SENT)
    message = parsed(data)
    assert message["To"] == TO
    assert message["From"].addresses[0].addr_spec == "taro@example.com"
    assert message["From"].addresses[0].display_name == "山田 太郎"
    assert message["Subject"] == draft.subject
    assert parsedate_to_datetime(message["Date"]) == SENT
    assert message.get_content_type() == "text/plain"
    assert message.get_content_charset() == "utf-8"
    assert text_of(message) == draft.body + "\n"
    assert message["X-Unsent"] == "1"
    assert not message.defects


def test_the_legacy_parser_decodes_the_same_headers_and_body():
    draft = compose(mail_input("ja", "standard"))
    message = email.message_from_bytes(build_eml(TO, FROM, draft.subject, draft.body, SENT))  # compat32
    assert str(make_header(decode_header(message["Subject"]))) == draft.subject
    assert message.get_payload(decode=True).decode("utf-8").replace("\r\n", "\n") == draft.body + "\n"


def test_the_file_is_ascii_with_crlf_lines_within_the_smtp_limit():
    draft = compose(mail_input("ja", "standard", markup=True))
    data = build_eml(TO, FROM, draft.subject, draft.body, SENT)
    data.decode("ascii")  # every non-ASCII character is encoded
    lines = data.split(b"\r\n")
    assert all(len(line) <= 998 for line in lines)
    assert b"\n" not in data.replace(b"\r\n", b"")


@pytest.mark.parametrize("field", ["to", "from", "subject"])
@pytest.mark.parametrize("breaker", ["\r\n", "\n", "\r", "\r\n\r\n", "\u2028", "\x85", "\v"])
def test_line_breaks_in_header_fields_cannot_inject_headers(field, breaker):
    values = {"to": TO, "from": "taro@example.com", "subject": "お礼"}
    values[field] = values[field] + f"{breaker}Bcc: evil@example.com{breaker}X-Injected: yes"
    data = build_eml(values["to"], values["from"], values["subject"], "本文", SENT)
    message = parsed(data)
    assert message.get_all("Bcc") is None and message.get_all("X-Injected") is None
    assert b"\r\nBcc:" not in data and b"\r\nX-Injected:" not in data
    assert text_of(message) == "本文\n"
    if field == "subject":
        assert message["Subject"] == "お礼 Bcc: evil@example.com X-Injected: yes"


def test_empty_addresses_are_left_out_for_the_mail_program_to_fill_in():
    message = parsed(build_eml("  ", "", "お礼", "本文", SENT))
    assert message.get_all("To") is None and message.get_all("From") is None
    assert message["Subject"] == "お礼"


def test_body_line_ends_are_normalised():
    message = parsed(build_eml(TO, FROM, "s", "a\r\nb\rc\n\n\n", SENT))
    assert text_of(message) == "a\nb\nc\n"


def test_date_must_be_aware():
    with pytest.raises(ValueError):
        build_eml(TO, FROM, "s", "b", datetime(2026, 11, 27, 18, 30))


@settings(max_examples=200, deadline=None)
@given(subject=st.text(max_size=200), body=st.text(max_size=2000))
def test_any_text_reads_back_equal(subject, body):
    message = parsed(build_eml(TO, FROM, subject, body, datetime(2026, 1, 1, tzinfo=UTC)))
    assert text_of(message) == normalised_body(body)
    assert message.get_all("Bcc") is None
    if "=?" not in subject:  # RFC 2047: text that looks like an encoded word is decoded by readers
        assert message["Subject"] == header_value(subject)


# ------------------------------------------------------------------ mailto:

def mailto_parts(link: str) -> tuple[str, dict[str, str]]:
    parts = urlsplit(link)
    assert parts.scheme == "mailto"
    fields = dict(pair.split("=", 1) for pair in parts.query.split("&"))
    return unquote(parts.path), {name: unquote(value) for name, value in fields.items()}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_mailto_link_carries_subject_and_body(lang):
    draft = compose(mail_input(lang, "standard"))
    address, fields = mailto_parts(mailto_link(TO, draft.subject, draft.body))
    assert address == TO
    assert fields == {"subject": draft.subject, "body": draft.body.replace("\n", "\r\n")}


def test_mailto_link_encodes_every_reserved_character():
    link = mailto_link("a@example.com", "Q&A? 100% #1 + more", "x=1&y=2\n<b>?</b> + #")
    assert link.startswith("mailto:a@example.com?subject=Q%26A%3F%20100%25%20%231%20%2B%20more&body=")
    assert " " not in link and "\n" not in link
    _, fields = mailto_parts(link)
    assert fields == {"subject": "Q&A? 100% #1 + more", "body": "x=1&y=2\r\n<b>?</b> + #"}


def test_mailto_link_keeps_header_breaks_out_of_address_and_subject():
    link = mailto_link("a@example.com\r\nbcc=evil@example.com", "お礼\r\nBcc: evil@example.com", "本文")
    address, fields = mailto_parts(link)
    assert "\n" not in address and "%0A" not in link.split("&body=")[0]
    assert set(fields) == {"subject", "body"}
    assert fields["subject"] == "お礼 Bcc: evil@example.com"
    assert address == "a@example.com bcc=evil@example.com"
