"""Course catalogues: the shipped one, bootcamp imports, and the schema they share."""
from .importer import CatalogError, ImportResult, import_table, parse_mapping, read_table
from .schema import COURSE_COLUMNS
from .store import import_catalog, load_catalog, remove_catalog

__all__ = ["COURSE_COLUMNS", "CatalogError", "ImportResult", "import_catalog", "import_table",
           "load_catalog", "parse_mapping", "read_table", "remove_catalog"]
