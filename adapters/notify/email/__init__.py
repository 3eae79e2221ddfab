"""E-mail over SMTP: client (stdlib ``smtplib`` in a thread) and a real SMTP mock receiver."""

from adapters.notify.email.client import EmailOptions, EmailSender

__all__ = ["EmailOptions", "EmailSender"]
