"""A drafted mail as a real .eml file and as a mailto: link.

The .eml is UTF-8 text in a 7-bit file: RFC 2047 encoded headers and a quoted-printable or
base64 body (whichever is shorter), CRLF line ends. Headers: To, From, Subject, Date, and
``X-Unsent: 1`` so that Outlook opens the file as a draft to send, not as a received message.
Header fields are forced onto one line first: a CR or LF typed into the subject or an
address can never start a new header.
"""

from __future__ import annotations

import re
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime
from urllib.parse import quote

# CRLF line ends (RFC 5322) and only 7-bit bytes: the body becomes quoted-printable or base64,
# whichever is shorter, so the file survives any tool that handles text.
EML_POLICY = policy.SMTP.clone(cte_type="7bit")

# Every character Python's str.splitlines() treats as a line break.
_LINE_BREAKS = re.compile(r"[ \t]*[\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029]+[ \t]*")


def header_value(value: str | None) -> str:
    """A header field value on a single line: line breaks become one space."""
    return _LINE_BREAKS.sub(" ", value or "").strip()


def normalised_body(body: str) -> str:
    """The body as it is written to the .eml: one final newline; every line end becomes
    CRLF in the file (a parser returns CRLF line ends)."""
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    return text.rstrip("\n") + "\n"


def build_eml(to_addr: str, from_addr: str, subject: str, body: str, date: datetime) -> bytes:
    """The mail as .eml bytes (CRLF line ends). An empty To or From is left out, so the
    user fills it in in the mail program. `date` must be aware."""
    if date.tzinfo is None or date.utcoffset() is None:
        raise ValueError("date must be an aware datetime")
    message = EmailMessage(policy=EML_POLICY)
    if to := header_value(to_addr):
        message["To"] = to
    if sender := header_value(from_addr):
        message["From"] = sender
    message["Subject"] = header_value(subject)
    message["Date"] = format_datetime(date)
    message["X-Unsent"] = "1"
    message.set_content(normalised_body(body), charset="utf-8")
    return message.as_bytes()


def mailto_link(to: str, subject: str, body: str) -> str:
    """A mailto: URI (RFC 6068) that opens the mail program with the draft filled in.
    Very long bodies may be cut by some mail programs or browsers (about 2,000 characters)."""
    address = quote(header_value(to), safe="@,")
    text = body.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")
    return f"mailto:{address}?subject={quote(header_value(subject), safe='')}&body={quote(text, safe='')}"
