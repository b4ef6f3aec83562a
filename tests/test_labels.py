from recommender.taxonomy.labels import LabelSegmenter, split_occupation, split_skill, strip_known_labels

OCC = ("technical director technical and operations director head of technical technical manager "
       "Technical directors realise the artistic visions of the creators within technical constraints.")


def test_occupation_label_comes_from_the_plural_in_the_description():
    split = split_occupation(OCC)
    assert split.label == "technical director"
    assert split.description.startswith("Technical directors realise")
    assert "technical manager" in " ".join(split.alt_labels)


def test_acronyms_do_not_start_the_description():
    text = "ICT teacher ICT tutor ICT teachers teach computing to pupils in secondary schools today."
    split = split_occupation(text)
    assert split.label == "ICT teacher"
    assert split.description.startswith("ICT teachers teach")


def test_segmenter_cuts_at_label_boundaries():
    seg = LabelSegmenter(["van driver", "bus driver", "taxi driver", "lorry driver", "driver of trucks",
                          "parcel courier", "bike courier", "food courier"])
    assert seg.segment("cargo van driver parcel courier") == ["cargo van driver", "parcel courier"]


def test_strip_known_labels_leaves_the_description():
    text = "manage musical staff manage staff of music direct musical staff Assign tasks to staff."
    rest = strip_known_labels(text, "manage musical staff", ["direct musical staff", "manage staff of music"])
    assert rest == "Assign tasks to staff."


def test_split_skill_without_known_labels():
    seg = LabelSegmenter(["show initiative", "take the lead", "give impetus", "show respect"] * 3)
    split = split_skill("show initiative take the initiative give impetus Be proactive and act first.", seg)
    assert split.label == "show initiative"
    assert split.description == "Be proactive and act first."


def test_split_skill_ends_the_label_where_its_first_word_comes_back():
    seg = LabelSegmenter(["create media repository", "implement media storage solutions"] * 3)
    split = split_skill("set up media storage set up media storage solutions create media repository "
                        "Set up and configure media storage systems.", seg)
    assert split.label == "set up media storage"
    assert "set up media storage solutions" in split.alt_labels
    assert split.description == "Set up and configure media storage systems."


def test_split_skill_cuts_synonyms_that_share_their_last_word():
    seg = LabelSegmenter(["use spreadsheets software", "show initiative"])
    split = split_skill("machine learning unsupervised learning supervised learning ML semi-supervised learning "
                        "machine learning models The principles, methods and algorithms of machine learning.", seg)
    assert split.label == "machine learning"
    assert {"unsupervised learning", "supervised learning"} <= set(split.alt_labels)
    assert split.description.startswith("The principles")
    # With "of" or "and" between, the words are one longer label: left alone.
    split = split_skill("industrial research and development product research and development process "
                        "The research done by companies.", seg)
    assert split.label.startswith("industrial research and development")


def test_split_skill_drops_the_opening_of_the_next_label_and_keeps_its_object():
    seg = LabelSegmenter(["assistive technologies", "use spreadsheets software"] * 3)
    split = split_skill("GDPR knowledge of GDPR The regulation on data protection.", seg)
    assert split.label == "GDPR"
    split = split_skill("guide learners in using assistive technologies instruct learners on using "
                        "Instruct and guide learners on how to use assistive technologies.", seg)
    assert split.label == "guide learners in using assistive technologies"
