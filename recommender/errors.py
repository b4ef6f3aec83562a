"""Domain errors. Each message says what went wrong and what to do about it."""


class NextSkillError(Exception):
    """Base class: the CLI and the app show the message and exit non-zero / show it in the page."""


class DataMissingError(NextSkillError):
    """Data the product needs is not installed or not built yet."""


class TaxonomyImportError(NextSkillError):
    """An ESCO bundle could not be imported; the active taxonomy is unchanged."""


class ModelLoadError(NextSkillError):
    """The embedding model could not be loaded."""


class IndexMismatchError(NextSkillError):
    """A saved index does not match the data or model it is asked to serve."""


class QueryError(NextSkillError, ValueError):
    """A query or argument is unusable (empty, too long, wrong value)."""
