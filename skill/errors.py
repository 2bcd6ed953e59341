"""The errors callers can act on: each names the thing that is wrong."""


class HeartlineError(Exception):
    """Base of every error Heartline raises on purpose."""


class ContentError(HeartlineError):
    """A content file is missing, malformed or fails validation; the message names the file and entry."""


class StoreError(HeartlineError):
    """The store cannot be opened or does not answer."""


class ConflictError(StoreError):
    """Someone else saved the household since we loaded it (optimistic concurrency)."""


class RequestError(HeartlineError):
    """A request lacks what every Alexa request carries (a user id): nothing to load, nothing to answer."""


class ConfigError(HeartlineError):
    """A setting from the environment or a flag has a value Heartline cannot use."""


class ModelError(HeartlineError):
    """The interaction model source is inconsistent (unknown slot, bad template)."""
