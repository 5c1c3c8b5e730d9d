"""Amazon SES: one plain-text e-mail to one recipient (the removal confirmation link).

Addresses are personal data: nothing here logs them, and a failure is reported by SES's error
code only (SES puts the address in some of its messages, e.g. "Email address not verified")."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import BotoCoreError, ClientError


class MailUnavailable(Exception):
    """SES did not take the message; the text is SES's error code, never an address."""


class SesMailer:
    """Sends from one verified sender identity (`REMOVAL_SENDER`)."""

    def __init__(self, ses: Any, sender: str) -> None:
        if "@" not in sender:
            raise ValueError("the sender must be an e-mail address (REMOVAL_SENDER)")
        self._ses = ses
        self.sender = sender

    def send(self, to: str, subject: str, text: str) -> str:
        """Send; returns SES's message id."""
        try:
            reply = self._ses.send_email(
                Source=self.sender,
                Destination={"ToAddresses": [to]},
                Message={
                    "Subject": {"Data": subject, "Charset": "UTF-8"},
                    "Body": {"Text": {"Data": text, "Charset": "UTF-8"}},
                },
            )
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code", "unknown")
            raise MailUnavailable(f"SES refused the message: {code}") from None
        except BotoCoreError as error:
            raise MailUnavailable(f"SES did not answer: {type(error).__name__}") from None
        return str(reply["MessageId"])
