"""Outgoing mail behind a small interface. There is no mail system yet: the
default writes each message to the log (logger ``snf.mail``); an install
replaces ``make_mailer`` (or sets ``app.extensions["snf_mailer"]``) to send.

Messages are composed by the caller in the reader's language; never put a
password or a token in one.
"""

import logging
from dataclasses import dataclass
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


def make_mailer(app: Flask) -> Mailer:
    return LogMailer()


def send_mail(message: Message) -> None:
    current_app.extensions["snf_mailer"].send(message)
