"""Cut a profile into the pieces skills are read from, and read what each piece says about them.

A piece is a sentence, a clause of a long sentence, or an item of a skill list. Each piece
knows whether it is negated ("no experience with SQL") or wished for ("I want to learn
Python"), and any proficiency hint it gives ("5 years", "expert").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

BULLET = re.compile(r"^\s*(?:[-*•·▪‣◦–]|\d{1,2}[.)])\s+")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")
CLAUSE = re.compile(r"\s*;\s*|\s*,\s+(?:and\s+|or\s+)?|\s+(?:and|&|as well as)\s+|\s+/\s+")
LIST_HEAD = re.compile(r"^\s*(?:(?:key|core|technical|soft|other)\s+)?(?:skills?|tools?|technologies|tech stack|"
                       r"software|languages?|competenc(?:e|ies)|expertise|strengths?)\s*[:\-–]\s*", re.I)
NEGATION = re.compile(
    r"\b(?:no|not|never|without|lack(?:ing|s)?|limited|(?<!\ba )little|zero)\b[^.;]{0,30}?"  # "a little": some
    r"\b(?:experience|knowledge|familiar(?:ity)?|background|exposure|skills?|idea|training|used|worked|done)\b"
    r"|\b(?:never|not)\s+(?:used|worked|done|touched|tried|studied)\b|\bunfamiliar\b"
    # "I have never driven for Uber", but not the idioms of doing well ("never missed a deadline")
    r"|\bnever\s+(?:ever\s+|really\s+|actually\s+)?(?!(?:miss\w*|fail\w*|lose|lost|let|had|forg[eo]t\w*|"
    r"compromise\w*|stop\w*|skip\w*|late|once|give|gave|cut|been\s+(?:late|absent))\b)[a-z]+"
    # "I don't cook", "I won't install fixtures", "I'm not trained on VNA trucks", "No electrical work"
    r"|\b(?:don'?t|do not|doesn'?t|does not|didn'?t|did not|won'?t|will not|haven'?t|have not|hasn'?t|has not)"
    r"\s+(?:also\s+|yet\s+|currently\s+|really\s+)?(?!(?:miss|missed|worry|mind|hesitate|stop|forget|just|only|"
    r"wait|compromise|settle|shy|cut|fail|failed|lose|lost|let)\b)[a-z]+"  # any verb but the idioms of doing well
    r"|\b(?:can'?t|cannot|am not|i'?m not|not yet)\s+(?:\w+\s+){0,2}?(?:do|did|offer|provide|take|cover|handle|"
    r"write|design|film|shoot|edit|cook|drive|install|operate|run|sell|speak|post|manage|produce|teach|"
    r"work|use|have|hold|know|trained|qualified|accredited|certified|licensed|familiar|able|fluent)\b"
    r"|^\s*no\s+\w+(?:\s+\w+)?\s+(?:work|jobs?|projects?|tasks?)\b|^\W{0,3}no\s+\w+ing\b"  # "No welding, plumbing"
    # "I am not a prescriber"; work others do: "done by the pharmacist, not by me", "sits with the architect"
    r"|\b(?:i am|i'?m) not an?\s+\w+|\bnot by me\b|\bsits with (?:the|our)\b"
    r"|\b(?:is|are|was|were) (?:done|handled|covered|made|carried out)\s+(?:\w+\s+){0,3}?by (?:the|our|a|an)\b", re.I)
WISH = re.compile(
    r"\b(?:want|wants|wanting|would like|'d like|wish|hope|hoping|plan|planning|looking|eager|keen|aim|aiming|"
    r"intend|intending|hoping|aspire|aspiring)\s+to\s+(?:learn|study|improve|get into|pick up|start|try|become|"
    r"develop|move into|move toward|moving into|transition|switch|get better at|master)\b"
    r"|\binterested in (?:learning|studying)\b"
    # "I'm learning Python", "currently studying for the CPA", "Learning SQL at the moment", but not
    # the fields and things named for learning ("machine learning", "e-learning", "learning
    # management systems"), which are skills a person holds.
    r"|\b(?:i am|i'm|im|am|currently|now|still|been|was|were)\s+(?:also\s+|currently\s+|now\s+|still\s+)?"
    r"(?:learning|studying)\b(?! from)"
    r"|(?:^|[,;:]|\b(?:so|and|but|then|plus)\b)\W{0,5}(?:learning|studying)\s+(?!(?:from|management|systems?|"
    r"platforms?|materials?|design|experiences?|outcomes?|objectives?|environments?|analytics|technolog\w*|"
    r"strateg\w*|disabilit\w*|difficult\w*|support|"
    r"curve|needs|styles?|resources?|programm?es?|programs?|modules?|paths?|pathways?|content|activit\w*|"
    r"opportunit\w*|culture|cent(?:re|er)s?|journeys?|units?|events?|sessions?|tools?|apps?|games?|"
    r"communit\w*|partners?|specialists?|consultants?|designers?|and\b|&)\b)\w", re.I)
# "wrote for law firms, pet brands and...", "topics such as payroll, mortgages...": the clauses
# that follow name the work's subjects or clients, not skills the writer holds, until one starts
# a new predicate ("..., using WordPress").
CLIENT_WORDS = "clients|customers|companies|brands|businesses|firms|studios|agencies|publications|outlets|magazines|startups"
CLIENTS = f"(?:{CLIENT_WORDS})"
TOPIC = re.compile(
    r"\b(?:writ\w*|wrote|blog\w*|translat\w*|transcrib\w*|edit\w*|design\w*|illustrat\w*)\s+(?:\w+\s+){0,3}?about\b"
    r"|\b(?:written|wrote)\s+for\b|\bfor\s+(?:[\w+-]+\s+){0,3}?" + CLIENTS + r"\b"
    r"|\b(?:topics?|subjects?|niches?|industries|sectors|" + CLIENTS + r")\s+(?:such as|like|including|incl\.)", re.I)
# Who the work was for, inside a sentence: "page speed for an online bakery", "emails for two small
# businesses". Its words are left out of the sentence's and its clauses' vectors (a bakery's site is
# not a baker's skill); the work itself is still read.
CLIENT_NOUNS = (r"(?:" + CLIENT_WORDS + r"|client|customer|company|brand|business|firm|studio|agency|startup|"
                r"bakery|bakeries|restaurants?|caf[eé]s?|shops?|stores?|salons?|gyms?|clinics?|hotels?|schools?|"
                r"charit(?:y|ies)|ngos?|non-?profits?|dentists?|retailers?|landlords?|estate agen(?:ts?|cies)|"
                r"law firms?|families|households)")
CLIENT_SPAN = re.compile(r"\bfor\s+(?:(?:a|an|the|my|our|their|local|small|large|two|three|several|many|various|"
                         r"\d[\d,+]*|[\w&'-]+)\s+){0,3}?" + CLIENT_NOUNS + r"\b", re.I)
# What the work was about: "lectures on organic chemistry", "articles about mortgages", "clients
# include a cardiology congress...": the subject (group 1) is masked like a client.
SUBJECT_SPAN = re.compile(
    r"\b(?:lectures?|interviews?|podcasts?|articles?|videos?|books?|papers?|documents?|texts?|"
    r"webinars?|blog posts?|blogs?|newsletters?|episodes?|recordings?|focus groups?|theses|thesis)"
    r"\s+(?:on|about|covering)\s+([^,;.()]+)"
    r"|\b(?:recent |past |my |our )?clients?\s+(?:include|included|including|such as|like)\s+([^.;]+)", re.I)
# The frame of a job ad's or CV's sentence: "We expect you to:", "You must have", "Are you able to",
# "The successful candidate will be expected to", "I was responsible for". Its words say who must do
# the work, not what the work is ("expect" read as "meet expectations"), so they are left out of the
# vectors and the word search like a client's name.
FRAME = re.compile(
    r"\b(?:we|they|i)\s+(?:expect|require|need|want|seek|are\s+seeking|are\s+looking\s+for|look\s+for)"
    r"(?:\s+(?:that\s+)?(?:you|candidates?|someone|applicants?)(?:\s+to)?)?\b"
    r"|\b(?:you|candidates?|applicants?)\s+(?:are|will\s+be)\s+expected\s+to\b"
    r"|\b(?:you|candidates?|applicants?)\s+(?:must|should|will\s+need\s+to|need\s+to|have\s+to)"
    r"(?:\s+(?:have|possess|be))?\b"
    r"|\b(?:are|do|would)\s+you\s+(?:be\s+)?(?:able|ready|want|willing|like)(?:\s+to)?\b"
    r"|\b(?:is|are)\s+(?:looking|searching)\s+for\b"
    r"|\b(?:the\s+)?successful\s+(?:candidate|applicant)\s+will(?:\s+be\s+expected\s+to)?\b"
    r"|\bin\s+this\s+(?:position|role|job)(?:\s+you\s+(?:will|need\s+to|must))?\b"
    r"|\b(?:you\s+will\s+be|i\s+was|i\s+am|i'm)\s+responsible\s+for\b", re.I)
NEW_PREDICATE = re.compile(r"^(?:using|with|by|via|in|through|on|from|to|while|and then|\w+ing)\b", re.I)
YEARS = re.compile(r"\b(\d{1,2})\+?\s*(?:years?|yrs?)\b", re.I)
LEVEL = re.compile(r"\b(basic|beginner|elementary|intermediate|good|strong|solid|advanced|proficient|expert|"
                   r"fluent|native|senior|junior)\b", re.I)


FILLER = frozenset("a an the of in on at for to and or with my our i we as years year yrs months month weeks "
                   "experience over about more than plus".split())


def has_content(text: str) -> bool:
    """False for clauses like "5 years" or "and more" that name no activity or topic."""
    return any(w not in FILLER and len(w) > 1 for w in re.findall(r"[a-z+#]+", text.lower()))


@dataclass(frozen=True)
class Piece:
    text: str
    sentence: str  # the sentence it came from: the evidence shown to the person
    negated: bool = False
    wished: bool = False
    proficiency: str | None = None
    listed: bool = False  # an item of an explicit skill list
    topic: bool = False  # names a subject or client of the work ("wrote for law firms, pet brands")


def _hint(text: str) -> str | None:
    hints = []
    years = YEARS.search(text)
    if years:
        hints.append(f"{years.group(1)} years")
    level = LEVEL.search(text)
    if level:
        hints.append(level.group(1).lower())
    return ", ".join(hints) or None


HEADINGS = frozenset("summary profile about experience work history employment education skills languages "
                     "other interests hobbies references contact projects certifications certificates "
                     "achievements training volunteering volunteer personal details objective key skills".split())


def lines(text: str) -> list[str]:
    """Lines with bullets removed; a line wrapped mid-sentence is joined to the next one."""
    out: list[str] = []
    for raw in text.split("\n"):
        bullet = bool(BULLET.match(raw))
        line = " ".join(BULLET.sub("", raw).split())  # runs of spaces made splitting quadratic
        if not line:
            out.append("")
            continue
        if out and out[-1] and not bullet and line[0].islower() and not re.search(r"[.!?:]$", out[-1]):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return [line for line in out if line and not _heading(line)]


def _heading(line: str) -> bool:
    """"Skills", "Work history", "Education & training": a line of heading words only."""
    words = re.findall(r"[a-z]+|&", line.lower())
    return 0 < len(words) <= 4 and len(line) <= 40 and all(w in HEADINGS or w in ("and", "&", "my") for w in words)


CLAUSES_FROM = 10  # words; shorter sentences are read whole only (9% faster, quality within noise: docs)
LONG_SENTENCE = 40  # words; longer run-ons (text without punctuation) are read in windows
WINDOW, STRIDE = 25, 20


def sentences(text: str) -> list[str]:
    out = []
    for line in lines(text):
        if LIST_HEAD.match(line):  # "Skills: ..." stays one line however long: its items are read one by one
            out.append(line)
            continue
        for s in SENTENCE_END.split(line):
            words = s.split()
            if len(words) <= LONG_SENTENCE:
                out.extend([s.strip()] if words else [])
            else:  # one embedding of 200 words says little, and pads every piece of its batch
                out.extend(" ".join(words[i:i + WINDOW]) for i in range(0, len(words) - WINDOW + STRIDE, STRIDE))
    return out


LIST_SPLIT = re.compile(r"\s*[,;|/]\s*|\s+and\s+")
NAME_LIKE = re.compile(r"[A-Z]{2}|[a-z][A-Z]|\d|[+#]")  # SQL, TypingTest, Node.js 18, C++, C#
SHORT_CLAUSE = 1  # words
MAX_LIST_ITEMS = 200  # an explicit skill list is cut here


def _outside_brackets(separator: re.Pattern, text: str) -> list[str]:
    """``text`` split at ``separator`` except inside brackets: "Excel (sorting, VLOOKUP)" is one item."""
    if not any(b in text for b in "([{"):
        return [item for item in separator.split(text) if item.strip()]
    out, start, depth, at = [], 0, 0, 0
    while at < len(text):
        ch = text[at]
        depth += (ch in "([{") - (ch in ")]}")
        match = separator.match(text, at) if depth <= 0 else None
        if match and match.end() > at:
            out.append(text[start:at])
            start = at = match.end()
            continue
        at += 1
    out.append(text[start:])
    return [item for item in out if item.strip()]


def _clauses(sentence: str) -> list[str]:
    """The clauses of a sentence, as substrings of it. A clause of one plain word is part
    of an enumeration ("titles, prices and descriptions", "quickly and correctly"), not a thing
    done on its own: it stays with its neighbour. Names (SQL, TypingTest, C++) stand alone."""
    parts = [c.strip(" .") for c in _outside_brackets(CLAUSE, sentence) if c.strip(" .")]
    merged: list[str] = []
    listing_topics = False  # after "topics such as" / "for ... brands" items stay apart: pieces() marks them
    for part in parts:
        listing_topics = (listing_topics or bool(merged and TOPIC.search(merged[-1]))) and not NEW_PREDICATE.match(part)
        if merged and not listing_topics and (_plain(part, sentence) or _plain(merged[-1], sentence)):
            begin = sentence.find(merged[-1])
            end = sentence.find(part, begin + len(merged[-1]))
            if begin >= 0 and end >= 0:
                merged[-1] = sentence[begin:end + len(part)]
                continue
        merged.append(part)
    return merged


def client_spans(sentence: str) -> list[tuple[int, int]]:
    """Character spans of a sentence naming who the work was for or what it was about (CLIENT_SPAN,
    SUBJECT_SPAN)."""
    spans = [m.span() for m in CLIENT_SPAN.finditer(sentence)]
    for m in SUBJECT_SPAN.finditer(sentence):
        group = 1 if m.group(1) is not None else 2
        spans.append(m.span(group))
    return sorted(spans)


def frame_spans(sentence: str) -> list[tuple[int, int]]:
    """Character spans of a sentence's frame ("We expect you to", "You must have": FRAME)."""
    return [m.span() for m in FRAME.finditer(sentence)]


def _plain(clause: str, sentence: str) -> bool:
    """At most SHORT_CLAUSE words, none of them a name (capitalised inside the sentence, or like NAME_LIKE)."""
    words = clause.split()
    return len(words) <= SHORT_CLAUSE and not any(NAME_LIKE.search(w) or (w[:1].isupper() and not sentence.startswith(w))
                                                  for w in words)


def is_skill_list(sentence: str) -> bool:
    """'Skills: Python, SQL, Excel', or a line of three or more short comma-separated items."""
    if LIST_HEAD.match(sentence):
        return True
    items = [i for i in re.split(r"[,;|/]", sentence) if i.strip()]
    if len(items) < 3 or any(len(i.split()) > 4 for i in items):
        return False
    if NEGATION.search(sentence) or WISH.search(sentence):
        return False  # a said "no" or "want to" scopes over the whole line, so it is read as a sentence
    # "Clean driving licence, team player, highly numerate." is a list too: items of up to 3 words.
    return not sentence.rstrip().endswith(".") or all(len(i.split()) <= 3 for i in items)


def pieces(text: str) -> list[Piece]:
    """Sentences, and clauses of sentences that hold several; each with its negation and hints."""
    out: list[Piece] = []
    for sentence in sentences(text):
        negated, wished = bool(NEGATION.search(sentence)), bool(WISH.search(sentence))
        hint = _hint(sentence)
        if is_skill_list(sentence):
            body = LIST_HEAD.sub("", sentence)
            for item in _outside_brackets(LIST_SPLIT, body):
                item = item.strip(" .:-")
                if has_content(item):
                    out.append(Piece(item, sentence, negated, wished, _hint(item) or hint, listed=True))
            continue
        out.append(Piece(sentence, sentence, negated, wished, hint))
        clauses = _clauses(sentence)
        # Clauses of short sentences add little, except to scope a "not" or a "want to".
        if len(clauses) > 1 and (len(sentence.split()) >= CLAUSES_FROM or negated or wished):
            topic = False
            for clause in clauses:
                topic = topic and not NEW_PREDICATE.match(clause)
                if has_content(clause):
                    # a clause inherits the sentence's negation only if it carries the cue itself
                    out.append(Piece(clause, sentence, bool(NEGATION.search(clause)) or (negated and clause == clauses[-1]),
                                     bool(WISH.search(clause)) or (wished and clause != clauses[0]), hint, topic=topic))
                topic = topic or bool(TOPIC.search(clause))
    return out


def skill_list_items(text: str) -> list[str]:
    """Items of an explicit skill list, split on commas, semicolons, bullets and new lines."""
    items, seen = [], set()
    for line in text.replace("\r", "\n").split("\n"):
        line = LIST_HEAD.sub("", BULLET.sub("", " ".join(line.split())))
        for item in re.split(r"\s*[,;|•]\s*", line):
            item = item.strip(" .:-")
            if item and len(item) <= 120 and item.lower() not in seen:
                items.append(item)
                seen.add(item.lower())
                if len(items) == MAX_LIST_ITEMS:
                    return items
    return items
