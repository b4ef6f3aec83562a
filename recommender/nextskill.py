"""The facade: one object that owns the taxonomy, the embedder and the indexes.

    ns = NextSkill.default()
    ns.search_skills(["negotiate contracts"])

Everything is passed in (settings, embedder); ``default()`` builds the embedded default.
Indexes are built on first use, or by ``build()``, and checked against their header on load.
"""
from __future__ import annotations

import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
import pandas as pd

from .catalog import import_catalog, load_catalog, remove_catalog
from .embeddings import Embedder, VectorCache, embed_cached, load_embedder
from .embeddings.adapter import load_adapter
from .errors import IndexMismatchError, QueryError
from .exposure import load_ratings, score_skills
from .exposure.evidence import apply_evidence, evidence_scores, read_task_file
from .index import IndexHeader, VectorIndex, build_index
from .lexical import BM25, Lexicon
from .plan import Limits, PlanError, make_plan
from .profile import Extraction, ProfileError, extract_batch, skill_list_items
from .profile.extract import language_fold
from .profile.platforms import load_platforms
from .recommend import Advisor, Held, Requirements, SkillSpace, infer, official
from .recommend.requirements import REQUIREMENTS_VERSION
from .search import ConceptSearch, Gate, Match, centroids, check_query
from .settings import Settings
from .storage import atomic_write, texts_hash
from .taxonomy import Taxonomy, label_bags, label_rows, load_taxonomy, save_taxonomy
from .taxonomy.aliases import aliases_fingerprint, load_aliases, with_aliases
from .taxonomy.emerging import AI_WORDS, emerging_fingerprint, load_emerging, with_emerging
from .taxonomy.esco_bundle import import_esco_bundle
from .taxonomy.packaged import PACKAGED_BUILDER, build_packaged_taxonomy
from .taxonomy.store import active_name, taxonomy_fingerprint

Report = Callable[[str, int, int], None]  # (stage, done, total)
# Tables whose "label. description" texts are embedded too: it lifts title search (MRR +0.02,
# docs/benchmarks.md); for the 14k skills it would add a minute to the first build.
DESCRIBED = ("occupations",)
EXTRACT_CHUNK = 64  # texts read per embedding pass in a batch
EXPOSURE_VERSION = "exposure-3"  # bump when score_skills changes, to invalidate saved scores
LEXICON_VERSION = "lexicon-2"  # bump when label_rows or BM25 change
# Course search scores for a skill: at TEACH_FLOOR a course says nothing of it; from TEACH_FULL on
# it teaches it fully (a good course scores 0.74-0.80 on its skills; benchmarks/courses.py).
TEACH_FLOOR, TEACH_FULL = 0.6, 0.85


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)


@dataclass
class NextSkill:
    settings: Settings
    embedder: Embedder
    notify: Callable[[str], None] = _stderr
    _taxonomy: Taxonomy | None = None
    _searches: dict | None = None
    _exposure: pd.DataFrame | None = None
    _catalog: tuple | None = None
    _advisor: Advisor | None = None
    _skill_rows: dict | None = None
    _adapter: tuple | None = None  # (W or None,) once loaded
    _reader: tuple | None = None  # (taxonomy, skill ids, labels, knowledge mask, language fold, platforms) for extract

    @classmethod
    def default(cls, settings: Settings | None = None, embedder: Embedder | None = None, **kw) -> "NextSkill":
        settings = settings or Settings.from_env()
        return cls(settings, embedder or load_embedder(settings.model, settings.batch_size, settings.precision), **kw)

    # --- taxonomy -------------------------------------------------------------------------
    @property
    def taxonomy(self) -> Taxonomy:
        if self._taxonomy is None:
            if active_name(self.settings.home) is None:
                self.notify("No taxonomy yet: building the embedded default from the PyPI data wheels.")
                save_taxonomy(build_packaged_taxonomy(self.settings.vendor_dir), self.settings.home)
            taxonomy = load_taxonomy(self.settings.home)
            if taxonomy.meta.get("name") == "packaged" and taxonomy.meta.get("builder") != PACKAGED_BUILDER:
                self.notify("The embedded default taxonomy was built by an older version: rebuilding it.")
                taxonomy = build_packaged_taxonomy(self.settings.vendor_dir)
                save_taxonomy(taxonomy, self.settings.home)
            catalog_dir = self.settings.catalog_dir
            self._taxonomy = with_aliases(with_emerging(taxonomy, load_emerging(catalog_dir)), load_aliases(catalog_dir))
        return self._taxonomy

    def import_taxonomy(self, path: Path) -> dict:
        """Import an official ESCO bundle and make it active; returns its summary."""
        taxonomy = import_esco_bundle(Path(path))
        save_taxonomy(taxonomy, self.settings.home)
        self._forget_taxonomy()
        return self.taxonomy.summary()

    def rebuild_packaged(self) -> dict:
        save_taxonomy(build_packaged_taxonomy(self.settings.vendor_dir), self.settings.home)
        self._forget_taxonomy()
        return self.taxonomy.summary()

    def _forget_taxonomy(self) -> None:
        self._taxonomy, self._searches, self._exposure, self._advisor, self._skill_rows = None, None, None, None, None

    def skill_row(self, skill_id: str) -> int:
        """Row of a skill id in the taxonomy's skills table; unknown ids are a QueryError."""
        if self._skill_rows is None:
            self._skill_rows = {s: i for i, s in enumerate(self.taxonomy.skills["skill_id"])}
        row = self._skill_rows.get(skill_id)
        if row is None:
            raise QueryError(f"unknown skill id: {skill_id}; find ids with `python -m recommender skills search QUERY`")
        return row

    # --- indexes --------------------------------------------------------------------------
    def _cache(self) -> VectorCache:
        return VectorCache(self.settings.home / "vectors", self.embedder.model_id, self.embedder.dim)

    def _vector_index(self, name: str, texts: list[str], report: Report | None, rebuild: bool,
                      folder: str | None = None) -> VectorIndex:
        """Load the saved index for ``texts`` or (re)build it; a stale one is rebuilt with a message."""
        expected = IndexHeader(self.embedder.model_id, self.embedder.dim, len(texts), texts_hash(texts))
        path = self.settings.home / "indexes" / (folder or self.taxonomy.meta["name"]) / f"{name}.faiss"
        if path.exists() and not rebuild:
            try:
                return VectorIndex.load(path, expected)
            except IndexMismatchError as exc:
                self.notify(f"{exc}: rebuilding it.")
        progress = (lambda done, total: report(f"embedding {name}", done, total)) if report else None
        vectors = embed_cached(self.embedder, texts, self._cache(), progress)
        index = build_index(vectors, self.embedder.model_id, expected.source_hash, self.settings.exact_limit)
        index.save(path)
        return index

    def _lexicon(self, table: str, frame: pd.DataFrame, rebuild: bool) -> Lexicon:
        """Label rows and BM25 of a taxonomy table, saved beside its indexes."""
        key = texts_hash([taxonomy_fingerprint(self.settings.home, self.taxonomy.meta["name"]),
                          emerging_fingerprint(self.settings.catalog_dir), aliases_fingerprint(self.settings.catalog_dir),
                          LEXICON_VERSION, str(len(frame))])
        path = self.settings.home / "indexes" / self.taxonomy.meta["name"] / f"{table}-lexicon.npz"
        lexicon = None if rebuild else Lexicon.load(path, key)
        if lexicon is None:
            texts, owners = label_rows(frame)
            lexicon = Lexicon(texts, np.asarray(owners, dtype=np.int64), BM25.build(label_bags(frame)))
            lexicon.save(path, key)
        return lexicon

    def _concept_search(self, table: str, report: Report | None = None, rebuild: bool = False) -> ConceptSearch:
        frame = getattr(self.taxonomy, table)
        lexicon = self._lexicon(table, frame, rebuild)
        labels = self._vector_index(f"{table}-labels", lexicon.texts, report, rebuild)
        descriptions = None
        if table in DESCRIBED:
            desc_texts = [f"{label}. {desc}".strip() for label, desc in zip(frame["label"], frame["description"])]
            descriptions = self._vector_index(f"{table}-descriptions", desc_texts, report, rebuild).vectors()
        gate = Gate.of(AI_WORDS, frame["label"]) if table == "skills" else None
        return ConceptSearch(labels, lexicon.texts, lexicon.owners,
                             centroids(labels.vectors(), lexicon.owners, len(frame)), descriptions, lexicon.bm25,
                             gate=gate)

    # --- courses --------------------------------------------------------------------------
    def catalog(self) -> pd.DataFrame:
        """Every course of the shipped and imported catalogues (see catalog/README.md)."""
        if self._catalog is None:
            self._catalog = load_catalog(self.settings.home, self.settings.catalog_dir)
        return self._catalog[0]

    def catalog_info(self) -> dict:
        self.catalog()
        return {"courses": int(len(self._catalog[0])), "sources": self._catalog[1]}

    def import_catalog(self, path: Path, name: str | None = None, mapping: dict | None = None) -> dict:
        """Import a bootcamp's catalogue; returns the row-level report."""
        result = import_catalog(self.settings.home, Path(path), name, mapping)
        self._forget_catalog()
        return {**result.summary(), **self.catalog_info()}

    def remove_catalog(self, name: str) -> dict:
        remove_catalog(self.settings.home, name)
        self._forget_catalog()
        return self.catalog_info()

    def _forget_catalog(self) -> None:
        """The catalogue changed on disk: reload it and its course index on next use."""
        self._catalog = None
        if self._searches:
            self._searches.pop("courses", None)

    def _course_search(self, report: Report | None = None, rebuild: bool = False) -> ConceptSearch:
        courses = self.catalog()
        # A course is found by its title and declared skills (labels) and by its whole text.
        frame = pd.DataFrame({"label": courses["title"], "alt_labels": courses["skills"]})
        texts, owners = label_rows(frame)
        labels = self._vector_index("courses-labels", texts, report, rebuild, folder="catalog")
        full = [f"{t}. {d} Skills: {', '.join(sk)}".strip() for t, d, sk in
                zip(courses["title"], courses["description"], courses["skills"])]
        described = self._vector_index("courses-descriptions", full, report, rebuild, folder="catalog").vectors()
        return ConceptSearch(labels, texts, owners, centroids(labels.vectors(), owners, len(frame)),
                             described, BM25.build(label_bags(frame)))

    def _course_records(self, matches: list[Match]) -> list[dict]:
        courses = self.catalog()
        out = []
        for m in matches:
            row = courses.iloc[m.row]
            out.append({"course_id": row["course_id"], "title": row["title"], "provider": row["provider"],
                        "url": row["url"], "score": round(m.score, 4), "matched": m.matched_label,
                        "level": row["level"], "hours": None if pd.isna(row["hours"]) else float(row["hours"]),
                        "cost": None if pd.isna(row["cost"]) else float(row["cost"]), "currency": row["currency"],
                        "format": row["format"], "skills": list(row["skills"]), "source": row["source"]})
        return out

    def search_courses(self, queries: Sequence[str], top_k: int = 10) -> list[list[dict]]:
        """Best courses per query: ``[{"course_id", "title", "provider", "url", "score", ...}]``."""
        return [self._course_records(m) for m in self._run("courses", queries, top_k)]

    def courses_for_skill(self, skill_id: str, top_k: int = 10) -> list[dict]:
        """Courses that teach a skill, by declared skills and text, best first."""
        skills = self.taxonomy.skills
        rows = np.flatnonzero(skills["skill_id"].to_numpy() == skill_id)
        if not len(rows):
            raise QueryError(f"unknown skill id: {skill_id}; find ids with `python -m recommender skills search QUERY`")
        row = int(rows[0])
        vector = self._search("skills").concepts[row:row + 1]
        matches = self._search("courses").search([skills.at[row, "label"]], vector, top_k)[0]
        return self._course_records(matches)

    def recommend_batch(self, texts: Sequence[str], targets: Sequence[str] = (), top_k: int = 10) -> list[dict]:
        """``recommend`` for many profiles at once (one embedding pass over all of them); a profile
        that cannot be read gets ``{"error": message}`` instead of stopping the batch."""
        from .recommend.advisor import MAX_TARGETS, TargetError

        if len(targets) > MAX_TARGETS:
            raise TargetError(f"compare at most {MAX_TARGETS} targets at once")
        advisor = self.advisor()
        resolved = [advisor.occupation_target(t) for t in targets]
        out = []
        for extraction in self.extract(list(texts)):
            held = advisor.held(extraction)
            if held:
                out.append(advisor.advise(held, resolved, top_k, extraction.notes))
            else:
                out.append({"error": extraction.notes[0] if extraction.notes else "no recognisable skills"})
        return out

    def course_coverage(self, skill_ids: Sequence[str], top_k: int = 20) -> dict[str, list[tuple[int, float]]]:
        """How well the catalogue's courses teach each skill: ``{skill_id: [(course row, 0..1)]}``.

        The search score is mapped onto 0..1 between TEACH_FLOOR (says nothing) and TEACH_FULL.
        """
        skills = self.taxonomy.skills
        rows = [self.skill_row(s) for s in skill_ids]
        if not rows:
            return {}
        found = self._search("courses").search(skills["label"].iloc[rows].tolist(),
                                               self._search("skills").concepts[rows], top_k)
        return {sid: [(m.row, float(np.clip((m.score - TEACH_FLOOR) / (TEACH_FULL - TEACH_FLOOR), 0, 1)))
                      for m in matches if m.score > TEACH_FLOOR] for sid, matches in zip(skill_ids, found)}

    def plan(self, limits: Limits, text: str | None = None, targets: Sequence[str] = (),
             job_ads: Sequence[str] = (), skill_ids: Sequence[str] = (), top_k: int = 10,
             evidence: dict | None = None, levels: dict | None = None) -> dict:
        """A learning plan for the recommended skills within ``limits`` (hours, weeks, money,
        level, language): ``recommend``'s document plus ``plan`` (see recommender/plan/)."""
        if not isinstance(limits, Limits):
            raise PlanError("limits must be a Limits(hours_per_week=..., weeks=...)")
        advice = self.recommend(text, targets, job_ads, skill_ids, top_k, evidence, levels)
        wanted = [{"skill_id": r["skill_id"], "label": r["label"], "weight": r["score"]}
                  for r in advice["recommendations"]]
        if not wanted:
            raise PlanError("nothing to plan: no skills were recommended (add a target or more of your skills)")
        coverage = self.course_coverage([w["skill_id"] for w in wanted])
        return {**advice, "plan": make_plan(wanted, self.catalog(), coverage, limits)}

    def _search(self, table: str) -> ConceptSearch:
        self._searches = self._searches or {}
        if table not in self._searches:
            self._searches[table] = self._course_search() if table == "courses" else self._concept_search(table)
        return self._searches[table]

    def build(self, report: Report | None = None, rebuild: bool = False) -> dict:
        """Build or refresh every cache for the active taxonomy; returns what was built."""
        summary = self.taxonomy.summary()
        self._searches = {t: self._concept_search(t, report, rebuild) for t in ("skills", "occupations")}
        self._searches["courses"] = self._course_search(report, rebuild)
        # What recommendations stand on, so that the first one (and the app's first page) is quick.
        for stage, step in (("exposure scores", self.exposure), ("occupation requirements", self.requirements)):
            if report:
                report(stage, 0, 1)
            step()
            if report:
                report(stage, 1, 1)
        summary["indexes"] = {t: asdict(s.labels.header) for t, s in self._searches.items()}
        summary["catalog"] = self.catalog_info()
        return summary

    # --- exposure -----------------------------------------------------------------------
    def exposure(self) -> pd.DataFrame:
        """Exposure, human edge, category and reasons of every skill (row order of the taxonomy).

        With an imported task file (evidence mode) the exposure is the mean of the built-in
        score and the score of the skill's nearest rated tasks, which are named in the reasons.
        """
        if self._exposure is not None:
            return self._exposure
        skills, ratings = self.taxonomy.skills, load_ratings(self.settings.catalog_dir)
        evidence = self._evidence_tasks()
        # The scores depend on the skill vectors, so on the label rows behind them too.
        key = texts_hash([self._search("skills").labels.header.source_hash, self.embedder.model_id,
                          EXPOSURE_VERSION, *skills["skill_id"], ratings.to_csv(index=False),
                          evidence.to_csv(index=False) if evidence is not None else ""])
        path = self.settings.home / "exposure" / f"{self.taxonomy.meta['name']}-{key}.parquet"
        if path.exists():
            try:
                frame = pd.read_parquet(path)
                frame["reasons"] = frame["reasons"].map(list)
                self._exposure = frame
                return frame
            except (OSError, ValueError) as exc:
                self.notify(f"exposure cache {path} is unreadable ({exc}): recomputing it.")
        vectors = self._search("skills").concepts
        frame = score_skills(skills, vectors, ratings, self.taxonomy.groups)
        if evidence is not None:
            texts = evidence["task"].tolist()
            task_vectors = self._vector_index("evidence-tasks", texts, None, False).vectors()
            scores, task_reasons = evidence_scores(vectors, task_vectors, evidence)
            frame = apply_evidence(frame, scores, task_reasons)
        atomic_write(path, lambda tmp: frame.to_parquet(tmp, index=False))
        self._exposure = frame
        return frame

    def _evidence_path(self) -> Path:
        return self.settings.home / "evidence" / "tasks.parquet"

    def _evidence_tasks(self) -> pd.DataFrame | None:
        path = self._evidence_path()
        if not path.exists():
            return None
        try:
            return pd.read_parquet(path)
        except (OSError, ValueError) as exc:
            self.notify(f"imported task file {path} is unreadable ({exc}); using the built-in scores. "
                        "Run `exposure import PATH` again.")
            return None

    def import_evidence(self, path: Path | None) -> dict:
        """Use a task-level exposure file from now on (None: go back to the built-in scores)."""
        target = self._evidence_path()
        if path is None:
            target.unlink(missing_ok=True)
            self._exposure, self._advisor = None, None
            return {"evidence": None}
        tasks, skipped = read_task_file(Path(path))  # raises before anything is written
        atomic_write(target, lambda tmp: tasks.to_parquet(tmp, index=False))
        self._exposure, self._advisor = None, None
        return {"evidence": str(Path(path).resolve()), "tasks": int(len(tasks)),
                "label_column": tasks.attrs.get("label_column"), "skipped_rows": len(skipped),
                "skipped": skipped[:20], "labels": tasks["label"].value_counts().to_dict()}

    def skill_exposure(self, skill_ids: Sequence[str] | None = None) -> list[dict]:
        """Exposure records for the given skills (all when None); unknown ids are an error."""
        frame = self.exposure()
        if skill_ids is None:
            return frame.to_dict("records")
        by_id = frame.set_index("skill_id", drop=False)
        unknown = [s for s in skill_ids if s not in by_id.index]
        if unknown:
            raise QueryError(f"unknown skill id{'s' if len(unknown) > 1 else ''}: {', '.join(unknown[:5])}; "
                             "find ids with `python -m recommender skills search QUERY`")
        return by_id.loc[list(skill_ids)].to_dict("records")

    def explain_exposure(self, query: str, top_k: int = 3) -> list[dict]:
        """Exposure records of the skills best matching a typed skill name, best first."""
        matches = self.search_skills([query], top_k=top_k)[0]
        records = self.skill_exposure([m["skill_id"] for m in matches])
        return [{**r, "match_score": m["score"]} for r, m in zip(records, matches)]

    # --- reading a person -------------------------------------------------------------------
    def extract(self, texts: Sequence[str], rank: int | None = None, **tuning) -> list[Extraction]:
        """Skills held per text, with evidence; ``rank`` returns the K best regardless of threshold.

        ``tuning``: threshold, margin, per_piece (see profile/extract.py; defaults are tuned).
        """
        if self._reader is None or self._reader[0] is not self.taxonomy:
            skills = self.taxonomy.skills
            labels = skills["label"].tolist()
            self._reader = (self.taxonomy, skills["skill_id"].tolist(), labels,
                            (skills["skill_type"] == "knowledge").to_numpy(), language_fold(labels),
                            load_platforms(self.settings.catalog_dir).resolve(labels))
        _, ids, labels, knowledge, fold, platforms = self._reader
        texts = list(texts)
        out: list[Extraction] = []
        for start in range(0, len(texts), EXTRACT_CHUNK):  # a big batch in slices: memory stays flat
            out += extract_batch(texts[start:start + EXTRACT_CHUNK], self._search("skills"), self.embedder, ids,
                                 labels, rank=rank, knowledge=knowledge, adapter=self.query_adapter(), fold=fold,
                                 platforms=platforms, **tuning)
        return out

    def query_adapter(self) -> np.ndarray | None:
        """The learned map profile pieces go through before the skill search (embeddings/adapter.py),
        when one was fitted for this model."""
        if self._adapter is None:
            self._adapter = (load_adapter(self.embedder.model_id, notify=self.notify),)
        return self._adapter[0]

    def match_skill_list(self, text: str, top_k: int = 3) -> list[dict]:
        """An explicit list (comma-, semicolon- or line-separated): each item with its best matches.

        Meant for confirming: the person picks which match, if any, is theirs.
        """
        items = skill_list_items(text)
        if not items:
            raise QueryError("the skill list is empty: separate skills with commas or new lines, "
                             "e.g. `Excel, customer service, route planning`")
        return [{"item": item, "matches": matches} for item, matches in zip(items, self.search_skills(items, top_k))]

    # --- what to learn next --------------------------------------------------------------
    def requirements(self) -> Requirements:
        """Occupations x skills weights: the official relations, or inferred (cached on disk)."""
        tax = self.taxonomy
        if len(tax.occupation_skills):
            return official(tax.occupations["occupation_id"], tax.skills["skill_id"], tax.occupation_skills)
        skills, occupations = self._search("skills"), self._search("occupations")
        key = texts_hash([skills.labels.header.source_hash, occupations.labels.header.source_hash,
                          self.embedder.model_id, REQUIREMENTS_VERSION, str(len(tax.occupations))])
        path = self.settings.home / "indexes" / tax.meta["name"] / "requirements.npz"
        def compute() -> Requirements:
            self.notify("Inferring what each occupation asks for (once per taxonomy and model, about 20 s).")
            return infer(*self.requirement_signals())

        return Requirements.cached(path, key, compute)

    def requirement_signals(self) -> tuple:
        """The texts and vectors requirements are inferred from (see recommend/requirements.py)."""
        tax, skills, occupations = self.taxonomy, self._search("skills"), self._search("occupations")
        occ_texts = [" ".join([l, *a, d]) for l, a, d in
                     zip(tax.occupations["label"], tax.occupations["alt_labels"], tax.occupations["description"])]
        skill_texts = [" ".join([l, *a, d]) for l, a, d in
                       zip(tax.skills["label"], tax.skills["alt_labels"], tax.skills["description"])]
        return (occupations.descriptions, occupations.labels.vectors(), occupations.owners, occ_texts,
                skills.concepts, skill_texts, (tax.skills["skill_type"] == "knowledge").to_numpy(np.float32))

    def advisor(self) -> Advisor:
        if self._advisor is None:
            requirements = self.requirements()
            exposure = self.exposure()
            space = SkillSpace(self.taxonomy.skills["skill_id"].tolist(), self.taxonomy.skills["label"].tolist(),
                               self._search("skills").concepts, exposure["category"].to_numpy(),
                               exposure["exposure"].to_numpy(np.float32), exposure["human_edge"].to_numpy(np.float32),
                               requirements.breadth(),
                               [SkillSpace.branch_codes(g) for g in self.taxonomy.skills["groups"]])
            self._advisor = Advisor(self, space, requirements)
        return self._advisor

    def recommend(self, text: str | None = None, targets: Sequence[str] = (), job_ads: Sequence[str] = (),
                  skill_ids: Sequence[str] = (), top_k: int = 10, evidence: dict | None = None,
                  levels: dict | None = None) -> dict:
        """Profile skills, gaps to the targets, at-risk skills with pivots, next skills, reachable
        occupations (the ``recommend`` document of docs/cli.md).

        text: a CV or profile (skills are read from it); skill_ids: skills the person confirmed
        (``evidence``: skill_id -> the sentence it came from, kept when a reviewed list comes back;
        ``levels``: skill_id -> "beginner" | "intermediate" | "advanced"; a beginner's skill counts as
        partly held, so it can still be recommended).
        targets: up to three occupation titles or ids; job_ads: up to five ads' texts (one more target).
        """
        from .recommend.advisor import MAX_TARGETS, TargetError

        if len(targets) + bool(job_ads) > MAX_TARGETS:
            raise TargetError(f"compare at most {MAX_TARGETS} targets at once (job ads count as one)")
        if text is None and not skill_ids:
            raise QueryError("give a profile text or a list of skills")
        advisor = self.advisor()
        resolved = [advisor.occupation_target(t) for t in targets]  # bad targets fail before extraction
        if job_ads:
            resolved.append(advisor.job_ads_target(job_ads))
        evidence, levels = evidence or {}, levels or {}
        held: list[Held] = [Held(self.skill_row(s), 1.0, evidence.get(s) or "confirmed by you", level=levels.get(s))
                            for s in dict.fromkeys(skill_ids)]
        notes: list[str] = []
        if text is not None:
            extraction = self.extract([text])[0]
            if extraction.refused:  # a refused text is an error here, not an empty profile
                raise ProfileError(extraction.refused)
            known = {h.row for h in held}
            held += [h for h in advisor.held(extraction) if h.row not in known]
            notes += [n for n in extraction.notes if held or not n.startswith("no recognisable")]
        if not held:
            message = ("no recognisable skills in the profile: add a list of skills, e.g. "
                       "'Skills: Excel, customer service, route planning'")
            if not resolved:
                raise QueryError(message)
            notes.append(message + "; every requirement of the target is shown as a gap")
        return advisor.advise(held, resolved, top_k, notes)

    # --- search ---------------------------------------------------------------------------
    def _run(self, table: str, queries: Sequence[str], top_k: int) -> list[list[Match]]:
        queries = [check_query(q) for q in queries]
        search = self._search(table)
        return search.search(queries, self.embedder.encode(queries), top_k)

    def search_skills(self, queries: Sequence[str], top_k: int = 10) -> list[list[dict]]:
        """Best skills per query: ``[{"skill_id", "label", "score", "matched_label"}]``."""
        frame = self.taxonomy.skills
        return [[{"skill_id": frame.at[m.row, "skill_id"], "label": frame.at[m.row, "label"],
                  "score": round(m.score, 4), "matched_label": m.matched_label} for m in matches]
                for matches in self._run("skills", queries, top_k)]

    def search_occupations(self, queries: Sequence[str], top_k: int = 10) -> list[list[dict]]:
        """Best occupations per query: ``[{"occupation_id", "label", "score", "matched_label"}]``."""
        frame = self.taxonomy.occupations
        return [[{"occupation_id": frame.at[m.row, "occupation_id"], "label": frame.at[m.row, "label"],
                  "score": round(m.score, 4), "matched_label": m.matched_label} for m in matches]
                for matches in self._run("occupations", queries, top_k)]
