"""Use cases: plain functions that combine the domain with adapters handed to them."""


class NotFound(Exception):
    """The thing asked for does not exist (or may not be shown); the message says which."""
