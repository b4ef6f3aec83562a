"""Our hand ratings (catalog/exposure_ratings.csv) and the emerging skills' scores."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import DataMissingError
from ..storage import read_shipped_table
from ..taxonomy.emerging import load_emerging

RATINGS_FILE = "exposure_ratings.csv"
RATING_COLUMNS = ["skill_id", "label", "exposure", "human_edge", "category"]


def load_ratings(catalog_dir: Path) -> pd.DataFrame:
    """Hand ratings plus the emerging skills, one row per skill, scores in [0, 1]."""
    path = Path(catalog_dir) / RATINGS_FILE
    ratings = read_shipped_table(path, RATING_COLUMNS, dtype={"skill_id": str, "label": str, "category": str})
    frame = pd.concat([ratings[RATING_COLUMNS], load_emerging(catalog_dir)[RATING_COLUMNS]], ignore_index=True)
    bad = frame[~frame["exposure"].between(0, 1) | ~frame["human_edge"].between(0, 1)]
    if len(bad):
        raise DataMissingError(f"ratings out of [0, 1] for {bad['skill_id'].head(3).tolist()}")
    return frame.drop_duplicates("skill_id", keep="last").reset_index(drop=True)
