"""Profile text -> ESCO skills, each with its evidence.

Steps (each a plain function): check the text, cut it into pieces (segment.py), embed every
piece of a batch at once, score all skills for every piece (hybrid concept search), keep per
skill its best piece, drop what is negated or wished for, accept above a threshold, and merge
near-duplicate skills.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import numpy as np

from ..embeddings.adapter import adapt
from ..embeddings.models import encode_with_parts
from ..search import ConceptSearch, top_k_columns
from .files import ProfileError, check_text
from .platforms import NO_PLATFORMS, Platforms
from .segment import Piece, client_spans, frame_spans, pieces

ACCEPT = 0.7  # best F1 on a 500-sentence SkillSkape dev sample (benchmarks/extraction.py --grid)
MARGIN = 0.05  # a piece supports only skills within this of its best match
PER_PIECE = 1  # one skill per piece scored best; clauses and list items give more pieces
NEAR_DUPLICATE = 0.92  # cosine between two skills' label centroids
PLATFORM_CONFIDENCE = 0.5  # a skill inferred from the gig platform named (platforms.py): likely, not certain
CANDIDATES_PER_PIECE = 10
# Accepted skills with at least this confidence are "sure": 58% of them are right on our held-out
# sentences (39% of all accepted), TECH 46% / HOUSE 42% (44% / 32% of all). The rest are shown
# as guesses to check (docs/benchmarks.md).
SURE = 0.3
# HNSW breadth when reading a profile: half the default, twice as fast; recall@10 0.985 instead of
# 0.994 on real queries, extraction figures unchanged (docs/benchmarks.md).
SEARCH_EF = 128
STOPWORDS = frozenset("the and of to in a for with on as at by is was are i my we our an or from have has be "
                      "this that it you your will can".split())
# Frequent words of other languages our users write in (de, fr, es, it, pt, nl).
FOREIGN = frozenset("und der die das ich bin mit für nicht ein eine le la les et des je suis avec pour une est "
                    "el los las y que con para soy una por il di che sono per e gli em os as com não eu sou het "
                    "een ik ben niet voor".split())


@dataclass(frozen=True)
class Found:
    skill_id: str
    label: str
    score: float
    evidence: str
    stated: bool
    proficiency: str | None
    matched_label: str
    merged: tuple[str, ...] = ()
    confidence: float | None = None  # probability that it is held (learned acceptance); None in rank mode

    @property
    def sure(self) -> bool:
        """Likely right (see SURE); the others are worth a look before they count."""
        return self.confidence is None or self.confidence >= SURE

    def to_dict(self) -> dict:
        return {"skill_id": self.skill_id, "label": self.label, "score": round(self.score, 4),
                "evidence": self.evidence, "stated": self.stated, "proficiency": self.proficiency,
                "matched_label": self.matched_label, **({"merged": list(self.merged)} if self.merged else {}),
                "confidence": None if self.confidence is None else round(self.confidence, 3), "sure": self.sure}


# Why a skill seen in the text is listed in ``not_held`` (part of the JSON contract).
NEGATED, WISHED, TOPIC = "negated", "wished for", "a subject or client of the work"


@dataclass
class Extraction:
    skills: list[Found]
    not_held: list[dict] = field(default_factory=list)  # negated or wished-for skills, with the reason
    notes: list[str] = field(default_factory=list)
    refused: str | None = None  # why the text was not read at all (binary, not English, empty...)


def check_language(text: str) -> str:
    """Refuse binary junk and text that is clearly not English; return the cleaned text."""
    text = check_text(text)
    printable = sum(ch.isprintable() or ch in "\n\t" for ch in text)
    if printable / len(text) < 0.85:
        raise ProfileError("this looks like binary data, not text: paste the CV's text or upload the file itself")
    words = re.findall(r"[^\W\d_]+", text.lower())
    if len(words) >= 8:
        latin = sum(all(ord(c) < 0x250 for c in w) for w in words) / len(words)
        english = sum(w in STOPWORDS for w in words) / len(words)
        foreign = sum(w in FOREIGN for w in words) / len(words)
        # A tech-stack list has few English function words too; only other languages' ones count.
        if latin < 0.5 or (foreign > english and foreign >= 0.08):
            raise ProfileError("NextSkill reads English only, and this text does not look English: "
                               "paste an English version, or list your skills in English")
    return text


LANGUAGE_SKILL = re.compile(r"^(?:interact verbally in|write|understand (?:spoken|written)) (.+)$")


def language_fold(labels: list[str]) -> dict[int, int]:
    """Row of each language sub-skill ("write Spanish") -> row of the language itself ("Spanish")."""
    row_of = {label: i for i, label in enumerate(labels)}
    out = {}
    for i, label in enumerate(labels):
        m = LANGUAGE_SKILL.match(label)
        if m and m.group(1) in row_of:
            out[i] = row_of[m.group(1)]
    return out


def _lexical_share(label: str, text: str) -> float:
    lw = {w[:5] for w in re.findall(r"[a-z0-9+#]+", label.lower()) if len(w) > 2}
    tw = {w[:5] for w in re.findall(r"[a-z0-9+#]+", text.lower())}
    return len(lw & tw) / len(lw) if lw else 0.0


@dataclass
class Candidate:
    """A skill seen among a profile's pieces: its best sighting and how often it was seen."""

    score: float
    rank: int  # 0: the piece's best match
    gap: float  # below the piece's best
    piece: Piece
    label: str  # the label that matched
    support: int = 1  # pieces that had it among their best LEARNED_DEPTH
    rule: bool = False  # passed the hand rule in some piece: its best, within the margin, over the threshold


@dataclass(frozen=True)
class Acceptance:
    """A logistic model over a candidate's features, trained on the project's own inputs only:
    1,769 CV, profile, gig-history and job-ad sentences we wrote and labelled
    (benchmarks/data/own_sentences_*.csv) and 4,000 texts made from the embedded taxonomy
    (benchmarks/acceptance.py); measured on SkillSkape dev, TECH and HOUSE (docs/benchmarks.md)."""

    mean: tuple = (0.607, 0.068, 0.3192, 0.3331, 0.4811, 1.8181, 1.4802, 0.8167, 0.2037, 0.0021)
    scale: tuple = (0.1141, 0.0892, 0.4662, 0.4713, 0.2683, 0.7309, 0.3249, 0.2384, 0.4027, 0.0462)
    weights: tuple = (0.638, -0.424, 0.612, -0.131, 0.786, 0.366, -0.012, 0.206, -0.045, 0.054)
    bias: float = -3.179
    accept: float = 0.09  # probability; picked by F1 on our own labelled sentences

    def probability(self, x: np.ndarray) -> np.ndarray:
        z = ((x - np.array(self.mean)) / np.array(self.scale)) @ np.array(self.weights) + self.bias
        return 1 / (1 + np.exp(-z))


FEATURES = ("score", "gap", "top1", "top2", "lexical", "piece_words", "label_words", "support", "knowledge", "gated")
LEARNED = Acceptance()
LEARNED_DEPTH = 3  # candidates per piece the learned acceptance looks at


def masked_spans(text: str, platforms: Platforms = NO_PLATFORMS) -> list[tuple[int, int]]:
    """Spans of a text left out of its vector: who the work was for, what it was about, the
    sentence's frame ("We expect you to") and the gig platforms it was found on (they say where,
    not what: platforms.py)."""
    return sorted(client_spans(text) + frame_spans(text) + platforms.spans(text))


def for_words(text: str, platforms: Platforms) -> str:
    """The text with its frame and platform names blanked, for the word-level (BM25) signal and the AI gate."""
    for a, b in sorted(frame_spans(text) + platforms.spans(text), reverse=True):
        text = text[:a] + " " * (b - a) + text[b:]
    return text


def piece_vectors(cut: list[list[Piece]], embedder, adapter: np.ndarray | None = None,
                  mask_clients: bool = True, platforms: Platforms = NO_PLATFORMS) -> tuple[list[str], np.ndarray]:
    """The distinct piece texts of many profiles and their vectors, in one embedding pass.

    Sentences and list items are encoded; a clause is read inside its sentence (late chunking:
    the mean of its tokens' vectors there), which halves the tokens a CV costs. Words naming who
    the work was for ("for an online bakery") are left out of the vectors (``mask_clients``).
    Then every vector goes through the query ``adapter`` (embeddings/adapter.py), where there is one.
    """
    wholes: dict[str, list[str]] = {}
    for ps in cut:
        for p in ps:
            if p.listed or p.text == p.sentence:
                wholes.setdefault(p.text, [])
    for ps in cut:
        for p in ps:
            if p.text in wholes or p.text in wholes.get(p.sentence, ()):
                continue
            if p.sentence in wholes:
                wholes[p.sentence].append(p.text)
            else:  # a piece without its sentence among the pieces: read on its own
                wholes[p.text] = []
    texts = list(wholes)
    vectors, parts = encode_with_parts(embedder, texts, [wholes[t] for t in texts],
                                       [masked_spans(t, platforms) if mask_clients else () for t in texts])
    unique = texts + [c for t in texts for c in wholes[t]]
    return unique, adapt(np.vstack([vectors, *[v for v in parts if len(v)]]), adapter)


def extract_batch(texts: list[str], search: ConceptSearch, embedder, skill_ids: list[str], labels: list[str],
                  threshold: float = ACCEPT, rank: int | None = None, margin: float = MARGIN,
                  per_piece: int = PER_PIECE, knowledge: np.ndarray | None = None,
                  learned: Acceptance | None = LEARNED, adapter: np.ndarray | None = None,
                  fold: dict[int, int] | None = None, platforms: Platforms = NO_PLATFORMS) -> list[Extraction]:
    """Extract skills from many texts at once (one embedding call for all their pieces).

    ``fold``: skill row -> the row to report instead (``language_fold``: "interact verbally in
    Spanish" is reported as the language, Spanish, with the sub-skill under ``merged``).
    ``platforms`` (resolved to skill rows): gig platforms named are masked, and the work they stand
    for is added as inferred skills (not in ``rank`` mode)."""
    cut, refused = [], {}
    for i, t in enumerate(texts):
        try:
            cut.append(pieces(check_language(t)))
        except ProfileError as exc:  # one bad text in a batch does not sink the others
            cut.append([])
            refused[i] = str(exc)
    if not any(cut):
        return [Extraction([], notes=[refused[i]], refused=refused[i]) if i in refused else
                Extraction([], notes=["no sentences found"]) for i in range(len(texts))]
    unique, vectors = piece_vectors(cut, embedder, adapter, platforms=platforms)
    position = {t: i for i, t in enumerate(unique)}
    top_rows, top_scores, matched = _candidates(search, unique, vectors, platforms)
    out = []
    for i, ps in enumerate(cut):
        if i in refused:
            out.append(Extraction([], notes=[refused[i]], refused=refused[i]))
            continue
        found = _extract_one(ps, position, top_rows, top_scores, matched, search, skill_ids, labels, threshold, rank,
                             margin, per_piece, knowledge, learned, fold)
        if rank is None and platforms.rows:
            found = with_platform_work(found, ps, platforms, search, skill_ids, labels, threshold)
        out.append(found)
    return out


def with_platform_work(extraction: Extraction, ps: list[Piece], platforms: Platforms, search: ConceptSearch,
                       skill_ids, labels, score: float) -> Extraction:
    """The extraction plus the skills of the gig work the text says it did on named platforms.

    A platform counts where the smallest piece naming it is neither negated, wished-for nor a
    topic ("I have never driven for Uber", "I want to start driving for Bolt": neither). Its skills are
    inferred (stated False), scored at the acceptance bar, with PLATFORM_CONFIDENCE, and skipped
    when already found or near-duplicates of a found one."""
    smallest: dict[tuple[str, str], Piece] = {}
    for piece in ps:
        for _, _, platform in platforms.find(piece.text):
            key = (piece.sentence, platform.name)
            if key not in smallest or len(piece.text) < len(smallest[key].text):
                smallest[key] = piece
    found = list(extraction.skills)
    rows = [skill_ids.index(f.skill_id) for f in found] if found and smallest else []
    for (_, name), piece in smallest.items():
        if piece.negated or piece.wished or piece.topic:
            continue
        platform = platforms.by_name[name]
        for row in platforms.rows.get(name, ()):
            if _duplicate_of(rows, row, search) is not None:
                continue
            rows.append(row)
            found.append(Found(skill_ids[row], labels[row], score, piece.sentence, stated=False,
                               proficiency=piece.proficiency, matched_label=f"{name} ({platform.kind})",
                               confidence=PLATFORM_CONFIDENCE))
    if len(found) == len(extraction.skills):
        return extraction
    notes = [n for n in extraction.notes if not found or not n.startswith("no recognisable skills")]
    return replace(extraction, skills=found, notes=notes)


def _duplicate_of(kept_rows: list[int], row: int, search: ConceptSearch) -> int | None:
    """Index in ``kept_rows`` of the skill ``row`` repeats or nearly repeats (NEAR_DUPLICATE), if any."""
    return next((j for j, r in enumerate(kept_rows)
                 if r == row or float(search.concepts[r] @ search.concepts[row]) >= NEAR_DUPLICATE), None)


def _candidates(search: ConceptSearch, texts: list[str], vectors: np.ndarray, platforms: Platforms = NO_PLATFORMS,
                chunk: int = 256):
    """For every piece: its best skills, their scores and the label each matched."""
    k = CANDIDATES_PER_PIECE
    rows = np.zeros((len(texts), k), dtype=np.int64)
    scores = np.zeros((len(texts), k), dtype=np.float32)
    matched: list[list[str]] = []
    for start in range(0, len(texts), chunk):
        part = texts[start:start + chunk]
        words = [for_words(t, platforms) for t in part]
        combined, best_row = search.scores(words, vectors[start:start + chunk], fetch=100, ef=SEARCH_EF)
        top = top_k_columns(combined, k)
        rows[start:start + len(part)] = top
        scores[start:start + len(part)] = np.take_along_axis(combined, top, axis=1)
        for qi in range(len(part)):
            matched.append([search.texts[r] if r >= 0 else "" for r in best_row[qi, top[qi]]])
    return rows, scores, matched


def features(c: Candidate, label: str, knowledge: bool, gated: bool) -> np.ndarray:
    """The candidate as the numbers ``Acceptance`` weighs (order: FEATURES)."""
    return np.array([c.score, c.gap, float(c.rank == 0), float(c.rank == 1), _lexical_share(c.label or label, c.piece.text),
                     np.log1p(len(c.piece.text.split())), np.log1p(len(label.split())), np.log1p(c.support),
                     float(knowledge), float(gated)], dtype=np.float64)


def gather(ps: list[Piece], position, top_rows, top_scores, matched, threshold: float, margin: float,
           per_piece: int, depth: int | None) -> tuple[dict[int, Candidate], dict[int, tuple[float, Piece]]]:
    """Per skill row, its best sighting among the pieces (``depth`` best per piece; None: all);
    and, apart, the skills of negated, wished-for or topic pieces."""
    held: dict[int, Candidate] = {}
    excluded: dict[int, tuple[float, Piece]] = {}
    for piece in ps:
        i = position[piece.text]
        order = np.argsort(-top_scores[i])[:depth]
        best = float(top_scores[i][order[0]])
        for k, o in enumerate(order):
            row, score, label = int(top_rows[i][o]), float(top_scores[i][o]), matched[i][o]
            rule = k < per_piece and score >= best - margin
            if piece.negated or piece.wished or piece.topic:
                if (rule or depth is None) and score > excluded.get(row, (-1.0,))[0]:
                    excluded[row] = (score, piece)
                continue
            c = held.get(row)
            if c is None or score > c.score:
                held[row] = Candidate(score, k, best - score, piece, label, (c.support + 1) if c else 1,
                                      (c.rule if c else False) or (rule and score >= threshold))
            else:
                c.support += 1
                c.rule = c.rule or (rule and score >= threshold)
    return held, excluded


def _extract_one(ps: list[Piece], position, top_rows, top_scores, matched, search: ConceptSearch,
                 skill_ids, labels, threshold, rank, margin, per_piece, knowledge=None,
                 learned: Acceptance | None = LEARNED, fold: dict[int, int] | None = None) -> Extraction:
    held, excluded = gather(ps, position, top_rows, top_scores, matched, threshold, margin, per_piece,
                            None if rank is not None else LEARNED_DEPTH)
    ranked = sorted(held.items(), key=lambda kv: -kv[1].score)
    confidence: dict[int, float] = {}  # the learned acceptance's probability that the skill is held
    if rank is not None:
        chosen = ranked
    else:
        # The hand rule (a piece's best match over the threshold), or the learned model.
        gated = search.gate.concepts if search.gate is not None else np.zeros(search.n_concepts, bool)
        if learned is not None and ranked:
            x = np.stack([features(c, labels[r], bool(knowledge[r]) if knowledge is not None else False,
                                   bool(gated[r])) for r, c in ranked])
            confidence = dict(zip((r for r, _ in ranked), learned.probability(x).tolist()))
        passed = {r for r, c in ranked if not c.rule and confidence.get(r, 0.0) >= learned.accept} if learned else set()

        def unsaid(r: int, c: Candidate) -> bool:
            """A skill named for AI ("write content with AI assistance") is held only by a text that names AI."""
            return bool(gated[r]) and not search.gate.pattern.search(c.piece.text)

        chosen = [(r, c) for r, c in ranked if (c.rule or r in passed) and not unsaid(r, c)]
    found, kept_rows = [], []
    for seen, c in chosen:
        if rank is not None and len(found) == rank:
            break
        row = fold.get(seen, seen) if fold else seen
        # A ranked list keeps near-duplicates apart (they are what "did you mean" offers), but
        # names a language once, not as "write", "speak" and "understand" it.
        duplicate_of = (_duplicate_of(kept_rows, row, search) if rank is None
                        else kept_rows.index(row) if row in kept_rows else None)
        if duplicate_of is not None:
            f = found[duplicate_of]
            merged = tuple(m for m in dict.fromkeys((*f.merged, labels[seen])) if m != f.label)
            found[duplicate_of] = replace(f, merged=merged)
            continue
        kept_rows.append(row)
        found.append(Found(skill_ids[row], labels[row], c.score, c.piece.sentence,
                           stated=c.piece.listed or _lexical_share(c.label or labels[seen], c.piece.text) >= 0.6,
                           proficiency=c.piece.proficiency, matched_label=c.label or labels[seen],
                           merged=(labels[seen],) if seen != row else (), confidence=confidence.get(seen)))
    not_held = [{"skill_id": skill_ids[r], "label": labels[r], "score": round(s, 4), "evidence": p.sentence,
                 "reason": NEGATED if p.negated else WISHED if p.wished else TOPIC}
                for r, (s, p) in sorted(excluded.items(), key=lambda kv: -kv[1][0])
                if s >= threshold and (r not in held or held[r].score < s)]
    notes = [] if found else ["no recognisable skills: add a list of skills (e.g. 'Skills: Excel, customer service')"]
    return Extraction(found, not_held, notes)
