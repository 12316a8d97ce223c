"""Outgoing mail behind a small interface: SMTP when ``SNF_SMTP_HOST`` is set
(smtplib; ``SNF_SMTP_PORT``, ``SNF_SMTP_USER``/``SNF_SMTP_PASSWORD``,
``SNF_SMTP_STARTTLS``, sender ``SNF_MAIL_FROM``), otherwise the embedded default
that writes each message to the log (logger ``snf.mail``).

Messages are composed by the caller in the reader's language; never put a
password or a token in one.
"""

import logging
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Protocol

from flask import Flask, current_app

log = logging.getLogger("snf.mail")


@dataclass(frozen=True)
class Message:
    to: str
    subject: str
    body: str


class Mailer(Protocol):
    def send(self, message: Message) -> None: ...


class LogMailer:
    """Writes the message to the log instead of sending it."""

    def __init__(self) -> None:
        self.sent: list[Message] = []  # the last messages, for tests and demos

    def send(self, message: Message) -> None:
        self.sent = [*self.sent[-99:], message]
        log.info("mail to %s: %s\n%s", message.to, message.subject, message.body)


class SmtpMailer:
    """Sends each message over SMTP, one connection per message (mail is sent
    from jobs, a few at a time)."""

    def __init__(self, config) -> None:
        self.host = config["SNF_SMTP_HOST"]
        self.port = int(config.get("SNF_SMTP_PORT") or 25)
        self.user = config.get("SNF_SMTP_USER")
        self.password = config.get("SNF_SMTP_PASSWORD")
        self.starttls = bool(config.get("SNF_SMTP_STARTTLS"))
        self.sender = config.get("SNF_MAIL_FROM") or "register@snf.example"

    def send(self, message: Message) -> None:
        mail = EmailMessage()
        mail["From"], mail["To"] = self.sender, message.to
        mail["Subject"], mail["Message-ID"] = message.subject, make_msgid("snf")
        mail.set_content(message.body)
        with smtplib.SMTP(self.host, self.port, timeout=30) as smtp:
            if self.starttls:
                smtp.starttls()
            if self.user:
                smtp.login(self.user, self.password or "")
            smtp.send_message(mail)
        log.info("mail sent to %s: %s", message.to, message.subject)


def make_mailer(app: Flask) -> Mailer:
    if app.config.get("SNF_SMTP_HOST"):
        return SmtpMailer(app.config)
    return LogMailer()


def send_mail(message: Message) -> None:
    current_app.extensions["snf_mailer"].send(message)
