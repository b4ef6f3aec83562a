"""Reading a person: files, pieces, negation, proficiency and the extraction contract."""
import json
import zipfile

import pytest

from conftest import pdf_document
from recommender.cli import main
from recommender.profile import ProfileError, check_language, read_profile_file
from recommender.profile.segment import pieces


def minimal_pdf(text: str) -> bytes:
    """A one-page PDF with a real text layer, written by hand (no PDF library needed)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    return pdf_document(objects)


def test_reads_txt_markdown_pdf_docx_and_json_resume(tmp_path):
    (tmp_path / "cv.txt").write_text("Welded steel frames for 5 years.")
    (tmp_path / "cv.md").write_text("# Me\n- Drove delivery vans")
    (tmp_path / "cv.pdf").write_bytes(minimal_pdf("Cared for elderly patients at home"))
    import docx

    d = docx.Document()
    d.add_paragraph("Negotiated supplier contracts")
    d.save(tmp_path / "cv.docx")
    (tmp_path / "cv.json").write_text(json.dumps({
        "basics": {"summary": "Freelance transcriber"},
        "work": [{"position": "Data entry clerk", "name": "Acme", "highlights": ["Keyed in 500 forms a day"]}],
        "skills": [{"name": "Python", "level": "Beginner", "keywords": ["pandas"]}]}))
    assert "Welded steel" in read_profile_file(tmp_path / "cv.txt")
    assert "Drove delivery vans" in read_profile_file(tmp_path / "cv.md")
    assert "Cared for elderly patients" in read_profile_file(tmp_path / "cv.pdf")
    assert "Negotiated supplier contracts" in read_profile_file(tmp_path / "cv.docx")
    resume = read_profile_file(tmp_path / "cv.json")
    assert "Data entry clerk at Acme." in resume and "Skills: Python (Beginner), pandas" in resume


def test_bad_files_get_a_clear_message(tmp_path):
    from pypdf import PdfWriter

    blank = PdfWriter()
    blank.add_blank_page(612, 792)
    blank.write(tmp_path / "scan.pdf")
    locked = PdfWriter()
    locked.add_blank_page(612, 792)
    locked.encrypt("secret")
    locked.write(tmp_path / "locked.pdf")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"\0" * (60 * 1024 * 1024))
    (tmp_path / "fake.docx").write_bytes(b"not a zip")
    (tmp_path / "cv.exe").write_bytes(b"MZ")
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "bad.json").write_text('{"name": 1')
    (tmp_path / "other.json").write_text('{"name": 1}')
    cases = {"scan.pdf": "no text found", "locked.pdf": "password-protected", "broken.pdf": "not a readable PDF",
             "bomb.docx": "unpacks to", "fake.docx": "not a readable DOCX", "cv.exe": "unsupported file type",
             "empty.txt": "is empty", "bad.json": "not valid JSON", "other.json": "not a JSON Resume"}
    for name, message in cases.items():
        with pytest.raises(ProfileError, match=message):
            read_profile_file(tmp_path / name)


@pytest.mark.parametrize("text, message", [
    ("", "empty"), ("   \n ", "empty"), ("x" * 200_001, "characters"),
    ("\x01\x02\x03\x04" * 50, "binary"),
    ("Ich arbeite seit zehn Jahren als Fahrer und kenne die Stadt sehr gut und liefere Pakete aus", "English only"),
    ("Я работаю водителем такси уже десять лет и хорошо знаю город и его окрестности", "English only"),
])
def test_unusable_text(text, message):
    with pytest.raises(ProfileError, match=message):
        check_language(text)


def test_emoji_and_mixed_scripts_are_fine():
    assert check_language("I deliver food 🚴 in 東京 and speak English, plus I fix bikes for my neighbours.")


def test_pieces_know_negation_wishes_lists_and_proficiency():
    ps = pieces("Welded steel for 5 years; no experience with Python.\nI want to learn data analysis.\n"
                "Skills: van driving, patient care")
    by_text = {p.text: p for p in ps}
    assert by_text["Welded steel for 5 years"].proficiency == "5 years" and not by_text["Welded steel for 5 years"].negated
    assert by_text["no experience with Python"].negated
    assert by_text["I want to learn data analysis."].wished
    assert by_text["van driving"].listed and by_text["patient care"].listed


def test_extraction_with_evidence_negation_and_wishes(engine):
    text = ("Expert in arc welding, 5 years.\nI have no experience with Python.\n"
            "I would like to learn contract negotiation.\nSkills: van driving, patient care")
    result = engine.extract([text], threshold=0.3)[0]
    held = {f.skill_id: f for f in result.skills}
    assert {"s:weld", "s:drive", "s:patient"} <= set(held)
    assert "s:python" not in held and "s:negotiate" not in held
    assert held["s:weld"].evidence == "Expert in arc welding, 5 years." and held["s:weld"].proficiency == "5 years, expert"
    assert held["s:drive"].stated
    not_held = {n["skill_id"]: n["reason"] for n in result.not_held}
    assert not_held.get("s:python") == "negated" and not_held.get("s:negotiate") == "wished for"


def test_rank_mode_returns_k_regardless_of_threshold(engine):
    result = engine.extract(["welding"], rank=4)[0]
    assert len(result.skills) == 4 and result.skills[0].skill_id == "s:weld"


def test_no_skills_found_says_what_to_do(engine):
    result = engine.extract(["Hello there, how are you today my friend?"], threshold=0.99)[0]
    assert result.skills == [] and "add a list of skills" in result.notes[0]


def test_cli_extract_contract(capsys, home, tmp_path):
    argv = ["--home", str(home), "--model", "fake", "extract"]
    assert main([*argv, "--text", "Skills: arc welding, van driving", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert {"skills", "not_held", "notes"} <= set(doc)
    assert set(doc["skills"][0]) >= {"skill_id", "label", "score", "evidence", "stated", "confidence", "sure"}
    batch = tmp_path / "b.jsonl"
    batch.write_text('{"id": "a", "text": "arc welding"}\n{"id": "b", "text": "patient care"}\n')
    assert main([*argv, "--jsonl", str(batch), "--rank", "2", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in doc["results"]] == ["a", "b"] and all(len(r["skills"]) == 2 for r in doc["results"])
    assert main([*argv, "--text", "  ", "--json"]) == 1
    assert "empty" in capsys.readouterr().err
    assert main([*argv, "--file", str(tmp_path / "missing.pdf")]) == 1
    assert "is not a file" in capsys.readouterr().err


def test_a_tech_stack_list_is_not_taken_for_another_language():
    assert check_language("javascript reactjs java angular kubernetes docker aws terraform postgresql redis")


def test_wrapped_lines_and_headings():
    ps = pieces("Summary\nI keep records of stock and\nplan the weekly rota.\nSkills\nSkills: welding, driving")
    texts = [p.text for p in ps]
    assert "Summary" not in texts and "Skills" not in texts
    assert "I keep records of stock and plan the weekly rota." in texts


def test_explicit_skill_list_gives_matches_to_confirm(engine, capsys, home):
    items = engine.match_skill_list("Skills: arc welding, van driving\n- patient care; arc welding", top_k=2)
    assert [i["item"] for i in items] == ["arc welding", "van driving", "patient care"]
    assert items[0]["matches"][0]["skill_id"] == "s:weld" and len(items[0]["matches"]) == 2
    with pytest.raises(Exception, match="skill list is empty"):
        engine.match_skill_list(" , ;\n")
    assert main(["--home", str(home), "--model", "fake", "extract", "--skills", "welding, python", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [i["item"] for i in doc["items"]] == ["welding", "python"] and len(doc["items"][1]["matches"]) == 3


def test_subjects_and_clients_of_the_work_are_not_skills():
    ps = pieces("For six years I have written for software companies, interior design studios and pet brands, "
                "using WordPress and Google Docs.\nComfortable writing about topics such as payroll, mortgages "
                "and veterinary products.")
    topics = {p.text for p in ps if p.topic}
    assert topics == {"interior design studios", "pet brands", "mortgages", "veterinary products"}


def test_a_skill_named_for_ai_needs_a_text_that_names_ai(engine):
    held = lambda text: {f.skill_id for f in engine.extract([text], threshold=0.3)[0].skills}
    assert "nextskill:emerging/prompt-design" in held("Skills: prompt writing, data entry")
    assert "nextskill:emerging/prompt-design" not in held("Skills: writing, data entry")


def test_a_clause_without_its_sentence_is_read_on_its_own(engine):
    from recommender.profile.extract import piece_vectors
    from recommender.profile.segment import Piece

    cut = [[Piece("arc welding", "Arc welding and van driving."), Piece("van driving", "Arc welding and van driving.")]]
    unique, vectors = piece_vectors(cut, engine.embedder)
    assert unique == ["arc welding", "van driving"] and vectors.shape == (2, engine.embedder.dim)


def test_a_long_skill_line_stays_a_list_and_brackets_hold_their_items():
    line = ("Skills: data entry, typing (70 wpm), copy typing, Microsoft Excel (sorting, filtering, VLOOKUP), "
            "Google Sheets, checking data for errors, accuracy and attention to detail, email handling, customer "
            "email replies, Microsoft Word, Google Drive, online research for contact details, time management.")
    ps = pieces(line)
    assert all(p.listed for p in ps)  # 50 words: once read in 25-word windows, the tail lost its "Skills:"
    items = [p.text for p in ps]
    assert "Microsoft Excel (sorting, filtering, VLOOKUP)" in items and "filtering" not in items
    assert {"time management", "attention to detail", "Microsoft Word"} <= set(items)


def test_one_plain_word_is_part_of_an_enumeration_not_a_clause():
    ps = pieces("Product listing entry: uploaded 3,500 product titles, prices and descriptions into Shopify "
                "from supplier PDFs, using Python, SQL and Excel.")
    texts = [p.text for p in ps]
    assert "prices" not in texts  # read alone it is "negotiate price"
    assert "SQL" in texts  # a name stands on its own
    assert all(p.text in p.sentence for p in ps)  # clauses stay substrings: read inside their sentence


def test_confidence_marks_the_guesses():
    from recommender.profile.extract import SURE, Found

    def found(confidence):
        return Found("id", "label", 0.7, "evidence", False, None, "label", confidence=confidence)

    assert found(SURE + 0.01).sure and not found(SURE - 0.01).sure
    assert found(None).sure  # rank mode: no acceptance was asked
    doc = found(0.123456).to_dict()
    assert doc["confidence"] == 0.123 and doc["sure"] is False


@pytest.mark.parametrize("text, negated", [
    ("I don't cook anything.", True), ("I also don't post or schedule content for clients.", True),
    ("I'm not trained on VNA trucks.", True), ("No electrical work: I won't install light fixtures.", True),
    ("I do not have an HGV licence.", True), ("I don't miss deadlines.", False),
    ("I never miss a deadline.", False), ("Don't worry, I deliver on time.", False),
    ("Dispensing is done by the pharmacist, not by me.", True), ("I am not a prescriber.", True),
    ("Cost estimating sits with our quantity surveyors.", True), ("I am a nurse.", False)])
def test_everyday_negations(text, negated):
    assert pieces(text)[0].negated is negated


def test_language_sub_skills_are_reported_as_the_language():
    from recommender.profile.extract import language_fold

    labels = ["Spanish", "interact verbally in Spanish", "write Spanish", "write reports", "understand spoken Welsh"]
    assert language_fold(labels) == {1: 0, 2: 0}  # no "Welsh" row: nothing to fold into


def test_multi_word_headings_are_not_read():
    assert [p.text for p in pieces("Work history\nEducation & training\nI built 40 websites.")] == ["I built 40 websites."]


def test_a_big_batch_is_read_in_slices_and_keeps_its_order(engine):
    texts = ["Expert in arc welding, 5 years.", "Skills: van driving", "   "] * 45  # 135: three slices
    found = engine.extract(texts)
    assert len(found) == 135
    assert all({f.skill_id for f in found[i].skills} == {f.skill_id for f in found[i % 3].skills} for i in range(135))
    assert found[2].refused and found[134].refused


def _spans(find, text):
    return [text[a:b] for a, b in find(text)]


def test_subjects_of_the_work_are_masked_but_verbs_are_not():
    from recommender.profile.segment import client_spans

    def masked(text):
        return _spans(client_spans, text)

    assert masked("Transcribed 40 lectures on organic chemistry, mostly at night.") == ["organic chemistry"]
    assert masked("Wrote blog posts about mortgages.") == ["mortgages"]
    assert masked("Recent clients include a cardiology congress.") == ["a cardiology congress"]
    assert masked("I post on Instagram daily and report on KPIs.") == []


def test_the_frame_of_a_job_ad_is_masked_but_its_demands_are_not():
    from recommender.profile.segment import frame_spans

    def masked(text):
        return _spans(frame_spans, text)

    assert masked("We expect you to: Be a registered surgeon.") == ["We expect you to"]
    assert masked("You must be highly numerate.") == ["You must be"]
    assert masked("Are you able to handle complex pricing calculations?") == ["Are you able to"]
    assert masked("The successful candidate will be expected to run experiments.") == [
        "The successful candidate will be expected to"]
    assert masked("I was responsible for payroll.") == ["I was responsible for"]
    assert masked("Managed expectations of 12 clients and trained new staff.") == []


def test_fields_named_for_learning_are_held_not_wished_for():
    """"machine learning" was read as "I'm learning ..." and every sentence naming it dropped."""
    for held in ["Built machine learning pipelines in PyTorch.", "Deep learning, reinforcement learning",
                 "e-learning course design", "Set up learning management systems (Moodle).",
                 "I ran training and learning programmes."]:
        assert not any(p.wished for p in pieces(held)), held
    for wished in ["I am currently learning Python.", "Learning SQL at the moment.", "I'm studying for the CPA exam.",
                   "Currently learning Figma", "Clients have asked, so learning video editing is on my list."]:
        assert any(p.wished for p in pieces(wished)), wished


def test_spaced_slashes_separate_items_of_a_long_sentence():
    texts = [p.text for p in pieces("Ideally you have some knowledge with PostgreSQL / Django / OpenCV or in "
                                    "Computer Vision / Machine Learning")]
    assert "Machine Learning" in texts and "Django" in texts
    assert [p.text for p in pieces("Used AWS/Azure daily.")] == ["Used AWS/Azure daily."]


def test_a_sentence_of_short_items_is_a_list_unless_it_says_no_or_want():
    items = pieces("Clean driving licence, team player, highly numerate.")
    assert [p.text for p in items] == ["Clean driving licence", "team player", "highly numerate"]
    assert all(p.listed and not p.negated for p in items)
    assert all(p.negated for p in pieces("No welding, plumbing, wiring."))
    assert all(p.wished for p in pieces("I want to learn SQL, Python, Tableau."))
    assert not any(p.listed for p in pieces("I cleaned offices for three years, mostly at night."))


def test_a_little_experience_is_some_experience():
    assert not pieces("A little experience with the job")[0].negated
    assert not pieces("I have a little knowledge of Excel.")[0].negated
    assert pieces("Little experience with Excel.")[0].negated
    assert pieces("I have little experience with SQL.")[0].negated


def test_curly_apostrophes_from_word_processors_are_read():
    from recommender.profile import check_language

    assert pieces(check_language("I don\u2019t weld metal parts."))[0].negated
    assert pieces(check_language("I\u2019d like to learn Python."))[0].wished
