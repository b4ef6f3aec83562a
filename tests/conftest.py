"""Fixtures: a hand-built taxonomy whose right answers are known by construction."""
from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from recommender import NextSkill, Settings
from recommender.embeddings import FakeEmbedder
from recommender.taxonomy import Taxonomy, save_taxonomy

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"

SKILLS = [
    ("s:negotiate", "negotiate contracts", ["contract negotiation", "negotiate deals"], "Bargain terms of agreements.", ["S", "S1", "S1.1"]),
    ("s:data-entry", "perform data entry", ["key in data", "data entry"], "Type data into computer systems.", ["S", "S5", "S5.5"]),
    ("s:transcribe", "transcribe audio recordings", ["audio transcription"], "Write down spoken words from recordings.", ["S", "S2", "S2.2"]),
    ("s:weld", "weld metal parts", ["welding", "arc welding"], "Join metal pieces with heat.", ["S", "S7", "S7.4"]),
    ("s:drive", "drive vans", ["van driving", "delivery driving"], "Operate a van on public roads.", ["S", "S8", "S8.6"]),
    ("s:patient", "care for patients", ["patient care", "nursing care"], "Look after sick people.", ["S", "S3", "S3.2"]),
    ("s:python", "Python", ["python programming"], "The Python programming language.", ["K", "K06", "K061"]),
    ("s:visualise", "create data visualisations", ["data visualisation", "make charts"], "Show data as charts.", ["S", "S2", "S2.7"]),
]
OCCUPATIONS = [
    ("o:driver", "delivery driver", ["courier", "van driver"], "Delivery drivers carry parcels to customers."),
    ("o:nurse", "nurse", ["staff nurse", "registered nurse"], "Nurses care for patients."),
    ("o:analyst", "data analyst", ["data analytics specialist"], "Data analysts study data and make charts."),
    ("o:welder", "welder", ["arc welder"], "Welders join metal parts."),
]


def tiny_taxonomy(name: str = "tiny") -> Taxonomy:
    skills = pd.DataFrame([{
        "skill_id": sid, "label": label, "alt_labels": alts, "description": desc,
        "skill_type": "knowledge" if groups[0] == "K" else "skill/competence", "reuse_level": "",
        "groups": groups, "group_names": groups, "collections": [], "source": "test fixture",
    } for sid, label, alts, desc, groups in SKILLS])
    occupations = pd.DataFrame([{
        "occupation_id": oid, "label": label, "alt_labels": alts, "description": desc,
        "isco_group": "", "source": "test fixture",
    } for oid, label, alts, desc in OCCUPATIONS])
    return Taxonomy(skills=skills, occupations=occupations, groups={"S1.1": "negotiating"},
                    meta={"name": name, "source": "test fixture", "version": "1", "created": "2026-01-01"})


# Hand ratings of the tiny skills (exposure, human edge), known by construction.
RATINGS = {
    "s:negotiate": (0.5, 0.9), "s:data-entry": (0.9, 0.1), "s:transcribe": (0.9, 0.2),
    "s:weld": (0.1, 0.7), "s:drive": (0.1, 0.6), "s:patient": (0.1, 0.9),
}
EMERGING = [
    ("nextskill:emerging/prompt-design", "design prompts for generative AI",
     "prompt engineering | prompt writing", "Write instructions that get useful output from AI models.",
     "S5.6", 0.8, 0.4, "ai_augmented"),
    ("nextskill:emerging/mlops", "operate machine learning models in production",
     "MLOps | machine learning operations", "Deploy, monitor and retrain machine learning models.",
     "S5.1", 0.7, 0.4, "ai_builder"),
]


COURSES = [
    ("neg-101", "Negotiation course for freelancers", "negotiate contracts | negotiate deals", "beginner", 6, 0),
    ("weld-201", "Welding fundamentals", "weld metal parts | arc welding", "intermediate", 40, 300),
    ("data-301", "Data analysis with charts", "create data visualisations | data entry", "beginner", 20, 0),
    ("py-101", "Python for everybody", "Python | python programming", "beginner", 30, 0),
    ("care-101", "Patient care basics", "care for patients", "beginner", 10, 50),
]


def write_catalog(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    pd.DataFrame([{"course_id": cid, "title": title, "provider": "Test U", "url": f"https://test.example/{cid}",
                   "description": title, "skills": skills, "level": level, "hours": hours, "cost": cost,
                   "currency": "USD" if cost else "", "format": "self-paced", "language": "en",
                   "credential": "none", "prerequisites": ""}
                  for cid, title, skills, level, hours, cost in COURSES]).to_csv(folder / "courses.csv", index=False)
    labels = {sid: label for sid, label, *_ in SKILLS}
    pd.DataFrame([{"skill_id": sid, "label": labels[sid], "exposure": e, "human_edge": h,
                   "category": "at_risk" if e >= 0.5 and h < 0.4 else ("human_centric" if e < 0.5 else "ai_augmented")}
                  for sid, (e, h) in RATINGS.items()]).to_csv(folder / "exposure_ratings.csv", index=False)
    pd.DataFrame(EMERGING, columns=["skill_id", "label", "alt_labels", "description", "nearest_group",
                                    "exposure", "human_edge", "category"]).to_csv(folder / "emerging_skills.csv", index=False)
    return folder


@pytest.fixture
def catalog(tmp_path) -> Path:
    return write_catalog(tmp_path / "catalog")


@pytest.fixture
def home(tmp_path, catalog, monkeypatch) -> Path:
    home = tmp_path / "home"
    save_taxonomy(tiny_taxonomy(), home)
    monkeypatch.setenv("NEXTSKILL_CATALOG", str(catalog))
    return home


@pytest.fixture
def engine(home, catalog) -> NextSkill:
    messages = []
    ns = NextSkill(Settings(home=home, model="fake", catalog_dir=catalog), FakeEmbedder(), notify=messages.append)
    ns.messages = messages
    return ns


def needs_shared(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: this test needs the ../shared reference data beside the checkout")
    return path


def pdf_document(objects: list[bytes]) -> bytes:
    """A PDF of ``objects`` (object 1 is the catalogue) with a correct cross-reference table, written by
    hand (no PDF library needed)."""
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for i, obj in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % o for o in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()
