"""Import the official ESCO CSV bundle (classification + relations zips, or their folder).

We use everything in it: reuse level, ISCO group, the collections (transversal, digital, green,
language, research), the skill hierarchy, skill-skill relations and the essential/optional
occupation-skill relations.
"""
from __future__ import annotations

import io
import re
import zipfile
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from ..errors import TaxonomyImportError
from ..storage import ZIP_ERRORS, file_sha256
from .model import SKILL_COLUMNS, Taxonomy

REQUIRED = ("skills", "occupations")
COLLECTIONS = {
    "transversalSkillsCollection": "transversal",
    "digitalSkillsCollection": "digital",
    "digCompSkillsCollection": "digital",
    "greenSkillsCollection": "green",
    "languageSkillsCollection": "language",
    "researchSkillsCollection": "research",
}


def _table_name(member: str) -> str | None:
    """'skills_en.csv' -> 'skills'; other files -> None."""
    m = re.fullmatch(r"(?:.*/)?([A-Za-z]+)(?:_[a-z]{2})?\.csv", member)
    return m.group(1) if m else None


def _collect_tables(path: Path) -> tuple[dict[str, bytes], dict[str, str]]:
    """Read every ESCO CSV under ``path`` (zips, a folder of zips, or a folder of CSVs)."""
    if not path.exists():
        raise TaxonomyImportError(f"{path} does not exist: give the folder holding the ESCO zips "
                                  "(classification and relations) or the CSVs unpacked from them")
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    tables, checksums = {}, {}
    for f in files:
        if f.suffix.lower() == ".zip":
            try:
                with zipfile.ZipFile(f) as zf:
                    for info in zf.infolist():
                        name = _table_name(info.filename)
                        if name and name not in tables:
                            tables[name] = zf.read(info)
            except ZIP_ERRORS as exc:  # damaged, encrypted, oddly compressed: all "download it again"
                raise TaxonomyImportError(f"{f} is not a readable zip ({type(exc).__name__}: {exc}): download "
                                          "it again from the ESCO portal") from exc
            checksums[f.name] = file_sha256(f)
        elif f.suffix.lower() == ".csv":
            name = _table_name(f.name)
            if name and name not in tables:
                tables[name] = f.read_bytes()
                checksums[f.name] = file_sha256(f)
    missing = [n for n in REQUIRED if n not in tables]
    if missing:
        raise TaxonomyImportError(
            f"no {' or '.join(n + '_en.csv' for n in missing)} found under {path}: this does not look "
            "like an ESCO CSV export; give the folder with classification_en.zip and relations.zip")
    return tables, checksums


def _frame(tables: dict[str, bytes], name: str, required: tuple[str, ...]) -> pd.DataFrame:
    if name not in tables:
        return pd.DataFrame(columns=list(required))
    try:
        frame = pd.read_csv(io.BytesIO(tables[name]), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        raise TaxonomyImportError(f"{name}.csv could not be parsed ({exc}): re-download the bundle") from exc
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise TaxonomyImportError(f"{name}.csv lacks columns {missing}: is this an ESCO v1.1+ CSV export?")
    return frame


def _split_labels(value: str) -> list[str]:
    return [a.strip() for a in re.split(r"\n|\|", value or "") if a.strip()]


def import_esco_bundle(path: Path) -> Taxonomy:
    """Parse an official ESCO CSV bundle into a :class:`Taxonomy` (nothing is written here)."""
    path = Path(path)
    tables, checksums = _collect_tables(path)
    skills = _frame(tables, "skills", ("conceptUri", "skillType", "reuseLevel", "preferredLabel",
                                       "altLabels", "description"))
    occupations = _frame(tables, "occupations", ("conceptUri", "iscoGroup", "preferredLabel",
                                                 "altLabels", "description"))
    hierarchy = _frame(tables, "skillsHierarchy", ())
    broader = _frame(tables, "broaderRelationsSkillPillar", ("conceptUri", "broaderUri"))
    occ_rel = _frame(tables, "occupationSkillRelations", ("occupationUri", "relationType", "skillUri"))
    skill_rel = _frame(tables, "skillSkillRelations", ("originalSkillUri", "relationType", "relatedSkillUri"))

    group_code, group_name, group_path = _hierarchy(hierarchy)
    skill_groups = _skill_groups(broader, set(skills["conceptUri"]), group_path)
    collections = defaultdict(list)
    for table, tag in COLLECTIONS.items():
        for uri in _frame(tables, table, ("conceptUri",))["conceptUri"]:
            if tag not in collections[uri]:
                collections[uri].append(tag)

    records = []
    for row in skills.itertuples(index=False):
        codes = skill_groups.get(row.conceptUri, [])
        label = row.preferredLabel.strip()
        records.append({
            "skill_id": row.conceptUri, "label": label,
            "alt_labels": [a for a in dict.fromkeys(_split_labels(row.altLabels)) if a != label],
            "description": row.description.strip(), "skill_type": row.skillType or "skill/competence",
            "reuse_level": row.reuseLevel, "groups": codes,
            "group_names": [group_name.get(c, "") for c in codes],
            "collections": collections.get(row.conceptUri, []),
            "source": "ESCO official bundle",
        })
    skill_frame = pd.DataFrame.from_records(records, columns=SKILL_COLUMNS)
    occ_frame = pd.DataFrame({
        "occupation_id": occupations["conceptUri"],
        "label": occupations["preferredLabel"].str.strip(),
        "alt_labels": [list(dict.fromkeys(_split_labels(v))) for v in occupations["altLabels"]],
        "description": occupations["description"].str.strip(),
        "isco_group": occupations["iscoGroup"],
        "source": "ESCO official bundle",
    })
    occ_skills = pd.DataFrame({
        "occupation_id": occ_rel["occupationUri"], "skill_id": occ_rel["skillUri"],
        "relation": occ_rel["relationType"],
    }).drop_duplicates(ignore_index=True)
    skill_skills = pd.DataFrame({
        "skill_id": skill_rel["originalSkillUri"], "related_skill_id": skill_rel["relatedSkillUri"],
        "relation": skill_rel["relationType"],
    })
    meta = {
        "name": "esco-bundle",
        "source": f"official ESCO CSV bundle imported from {path.resolve()}",
        "version": "ESCO (official CSV export)",
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "inputs": checksums,
        "tables": sorted(tables),
    }
    return Taxonomy(skills=skill_frame, occupations=occ_frame, occupation_skills=occ_skills,
                    skill_relations=skill_skills, groups=group_name, meta=meta)


def _hierarchy(hierarchy: pd.DataFrame) -> tuple[dict, dict, dict]:
    """Group URI -> code, code -> name, and group URI -> list of codes from the root down."""
    code_of, name_of, path_of = {}, {}, {}
    for row in hierarchy.to_dict("records"):
        path = []
        for level in range(4):
            uri, code = row.get(f"Level {level} URI", ""), row.get(f"Level {level} code", "")
            if not uri:
                break
            code = code or uri
            path.append(code)
            code_of[uri] = code
            name_of[code] = row.get(f"Level {level} preferred term", "")
            path_of[uri] = list(path)
    return code_of, name_of, path_of


def _skill_groups(broader: pd.DataFrame, skill_ids: set, group_path: dict) -> dict[str, list[str]]:
    """Hierarchy codes of each skill: its groups' paths, inherited through broader skills."""
    parents = defaultdict(list)
    for uri, parent in zip(broader["conceptUri"], broader["broaderUri"]):
        if uri in skill_ids:
            parents[uri].append(parent)
    memo: dict[str, list[str]] = {}

    def codes(uri: str, depth: int = 0) -> list[str]:
        if uri in memo:
            return memo[uri]
        out = []
        for parent in parents.get(uri, []):
            if parent in group_path:
                out.extend(group_path[parent])
            elif parent in skill_ids and depth < 10:
                out.extend(codes(parent, depth + 1))
        memo[uri] = list(dict.fromkeys(out))
        return memo[uri]

    return {uri: codes(uri) for uri in skill_ids}
