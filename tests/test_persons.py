"""The person model: mentions clustered per person, one decision each, by a written precedence.

Every pair of rules that used to collide has a test here (EN and FR), and so has every class of
real-story failure the detection issue lists: names found, staff kept, things that only look
like names left alone.
"""

from __future__ import annotations

import pytest

from helpers import covered, kept, touched
from safename import Config, Redactor
from safename.detect.persons import PRECEDENCE, Evidence, Person, cluster, name_keys


class _M:
    def __init__(self, surface: str, start: int) -> None:
        self.surface, self.start, self.keys = surface, start, name_keys(surface)


def test_cluster_groups_the_forms_of_one_name():
    forms = ["Mamadou Diallo", "Diallo Mamadou", "MAMADOU", "Mamadu", "Diallo", "Awa Sow"]
    mentions = [_M(f, i * 20) for i, f in enumerate(forms)]
    persons = cluster(mentions)
    assert len(persons) == 2
    mamadou = mentions[0].person
    assert all(m.person is mamadou for m in mentions[:5])
    assert mentions[5].person is not mamadou


def test_cluster_keeps_relatives_apart_and_marks_an_ambiguous_surname():
    mentions = [_M("Abdoulaye Konaté", 0), _M("Lansana Konaté", 40), _M("Konaté", 80)]
    cluster(mentions)
    assert mentions[0].person is not mentions[1].person
    assert mentions[2].person is mentions[1].person  # the nearest earlier one
    assert mentions[2].ambiguous == [mentions[0].person]


def test_precedence_is_written_down():
    assert PRECEDENCE["allowlist"] < PRECEDENCE["pseudonym"] < PRECEDENCE["beneficiary"]
    assert PRECEDENCE["beneficiary"] < PRECEDENCE["staff"]
    p = Person("p1", {"x"})
    p.evidence = [Evidence("staff", "title", 0), Evidence("beneficiary", "age", 50)]
    assert p.decision().kind == "beneficiary"


def scan(redactor: Redactor, text: str, language: str):
    return redactor.scan(text, language=language)


# -- precedence pairs that used to collide -----------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text", "name"),
    [
        ("en", "Our colleague met Fatoumata Diallo, a returnee from Guinea.", "Fatoumata Diallo"),
        ("fr", "Notre collègue a rencontré Fatoumata Diallo, une rapatriée de Guinée.", "Diallo"),
        (
            "fr",
            "Elle explique au ministre Aïcha, une Sierra-Léonaise enceinte, ses besoins.",
            "Aïcha",
        ),
        ("en", "The Minister met Aicha, a Sierra Leonean woman, at the port.", "Aicha"),
    ],
)
def test_beneficiary_evidence_beats_a_staff_cue(redactor, language, text, name):
    assert covered(text, scan(redactor, text, language), name)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Fatoumata Camara and her brother Sékou at the IOM transit centre.\n\nSékou is 12."),
        (
            "fr",
            "Fatoumata Camara et son frère Sékou au centre de transit de l'OIM.\n\nSékou a 12 ans.",
        ),
    ],
)
def test_a_relative_at_the_organisation_is_no_staff_in_any_mention(redactor, language, text):
    findings = scan(redactor, text, language)
    assert covered(text, findings, "Sékou", 0) and covered(text, findings, "Sékou", 1)


@pytest.mark.parametrize(
    ("language", "text", "name"),
    [
        ("en", '"We help," said Laura Deme, Protection Coordinator at IOM Mali.', "Laura Deme"),
        (
            "fr",
            "« Nous aidons », a déclaré Laura Deme, coordinatrice de l'OIM au Mali.",
            "Laura Deme",
        ),
    ],
)
def test_staff_with_a_title_is_kept(redactor, language, text, name):
    findings = scan(redactor, text, language)
    assert name in kept(findings) and not touched(text, findings, name)


def test_markdown_emphasis_is_no_pseudonym_marker(redactor):
    text = "*Photo: Kadiatou Sangaré*\n\nKadiatou Sangaré sells fish in Kayes."
    findings = scan(redactor, text, "en")
    assert covered(text, findings, "Kadiatou Sangaré", 1)
    marked = "Lucy* sells fish in Kayes. Lucy is 24.\n\n*Lucy is a pseudonym."
    assert not touched(marked, scan(redactor, marked, "en"), "Lucy")


def test_a_plural_marker_after_a_list_covers_the_list_over_an_age(redactor):
    text = (
        "Four women, Glory, Saidat, Toyin and Omowunmi (not real names), spoke. "
        "One of them, Glory (24), said she was tricked."
    )
    findings = scan(redactor, text, "en")
    for name in ("Glory", "Saidat", "Toyin", "Omowunmi"):
        assert not touched(text, findings, name), name


@pytest.mark.parametrize("language", ["en", "fr"])
def test_allowlist_keeps_that_person_only(language):
    redactor = Redactor(Config(allowlist=("Mariam Keïta",)))
    text = (
        "Mariam Keïta runs the centre. Keïta listens. Mariam Diallo, 24, arrived in May."
        if language == "en"
        else "Mariam Keïta dirige le centre. Keïta écoute. Mariam Diallo, 24 ans, est arrivée."
    )
    findings = redactor.scan(text, language=language)
    assert not touched(text, findings, "Mariam Keïta") and not touched(text, findings, "Keïta")
    assert covered(text, findings, "Mariam Diallo")


def test_every_finding_names_its_person(redactor):
    text = "Aminata Traoré, 24, sells fish. Aminata says Ms Traoré is her mother's name too."
    persons = {f.person for f in scan(redactor, text, "en") if f.entity_type == "PERSON"}
    assert persons == {"p1"}


# -- names found ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text", "name"),
    [
        ("en", "Ismaël and Masjdi were both 19-year-old students.", "Masjdi"),
        ("en", "One of them, simply identified as Success, said she was 17.", "Success"),
        ("fr", "« Merci aux autorités pour leur accueil », conclut ZABEROU.", "ZABEROU"),
        ("en", "The boy was Ismail¹, a nine-year-old from Nouadhibou.", "Ismail"),
        ("en", 'At the market her friends call her "Fanta". Fanta sells fish.', "Fanta"),
        ("fr", "La sœur d'Awa, Esohe, l'aide tous les jours.", "Esohe"),
        ("fr", "Ses amis l'appellent « Fanta ». Fanta vend du poisson.", "Fanta"),
        ("en", "They are A.M., 30 years old; K.N., 28; and B.D., four 17-year-old boys.", "K.N."),
        ("fr", "16 décembre 2010\n\nB, Malien, résidant à Nouadhibou.", "B"),
    ],
)
def test_names_without_a_gazetteer_hit_are_found(redactor, language, text, name):
    assert covered(text, scan(redactor, text, language), name)


# -- staff, credits and public figures kept ------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text", "name"),
    [
        (
            "en",
            "Sahel returnees\nBy Amina Yusuf in Kano, Nigeria\n\nThe girls returned.",
            "Amina Yusuf",
        ),
        ("fr", "Retour au pays\nPar Amina Yusuf\n\nLes filles sont rentrées.", "Amina Yusuf"),
        (
            "en",
            "A boat at sea. EFE/Elvira Urquijo\n\nThe occupants were rescued.",
            "Elvira Urquijo",
        ),
        ("en", "Awa sells fish in Kayes. Moussa Tall/IOM.", "Moussa Tall"),
        ("en", "Photo of the shelter. Foto: Guillaume Binet\n\nThe shelter is full.", "Guillaume"),
        ("en", "Under Gaddafi, Libya was different.", "Gaddafi"),
        ("fr", "Le pape François a reçu les migrants.", "François"),
        ("en", "It was done by research assistants Musa Bello and Kemi Adeyemi.", "Musa Bello"),
        (
            "en",
            '"We help," said Fatima Bello, Unicef\'s Special Co-ordinator for the Sahel.',
            "Fatima",
        ),
        (
            "fr",
            "Reportage de Lilia Blaise, Hamdi Tlili et Laurent Berstecher.\n\nDes migrants.",
            "Hamdi Tlili",
        ),
    ],
)
def test_staff_credits_and_public_figures_are_kept(redactor, language, text, name):
    assert not touched(text, scan(redactor, text, language), name)


def test_a_credit_is_no_url(redactor):
    text = "Aicha waits in the camp.\n© UNHCR/H.Reichenberger\n"
    findings = scan(redactor, text, "en")
    assert not any(f.entity_type == "URL" for f in findings)
    assert not touched(text, findings, "Reichenberger")


# -- things that look like names -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text", "word"),
    [
        ("en", "Instead, the young Guinean woman chose to stay.", "Instead"),
        ("en", "Initially, the young man wanted to travel to Europe.", "Initially"),
        ("en", "Today, she runs a shop in Kayes.", "Today"),
        ("en", "She lives in Mentao camp with her children.", "Mentao"),
        ("en", "Edo State is far from Lagos.", "Edo"),
        ("fr", "Il est né dans une ville appelée Kindia.", "Kindia"),
        ("fr", "Elle a payé 500 000 FCFA au passeur.", "FCFA"),
        ("en", "She flew into Murtala Muhammed airport.", "Murtala Muhammed"),
        ("fr", "Ils ont atterri à l'aéroport Blaise Diagne de Dakar.", "Blaise Diagne"),
        (
            "en",
            "The Niger-Nigeria Trafficking in Persons,TIPProject, the survivor narrated.",
            "TIPProject",
        ),
    ],
)
def test_things_that_only_look_like_names_are_left(redactor, language, text, word):
    assert not touched(text, scan(redactor, text, language), word)


@pytest.mark.parametrize(
    ("language", "text", "title", "name"),
    [
        ("en", "Tailor Awa Diop makes dresses in Thiès.", "Tailor", "Awa Diop"),
        ("en", "Returnee Ebiere Okoro, 24, smiles.", "Returnee", "Ebiere Okoro"),
        ("fr", "Couturière Awa Diop coud des robes.", "Couturière", "Awa Diop"),
    ],
)
def test_a_title_word_before_a_name_stays_outside_it(redactor, language, text, title, name):
    findings = scan(redactor, text, language)
    assert covered(text, findings, name) and not touched(text, findings, title)


@pytest.mark.parametrize(
    ("language", "text", "word", "flagged"),
    [
        (
            "fr",
            "Le Conseil supérieur de la diaspora malienne dénonce ces conditions.",
            "malienne",
            False,
        ),
        (
            "fr",
            "Les migrants arrivent à Agadez, une ville nigérienne, puis repartent.",
            "nigérienne",
            False,
        ),
        ("en", "She got to the Libyan city of Bayda in May.", "Libyan", False),
        ("fr", "Souligne Eric Manu, un maçon ghanéen de 36 ans.", "ghanéen", True),
        ("en", "Chidinma, a Nigerian woman of 24, sells cloth.", "Nigerian", True),
        ("en", "The reception site for returnees from Algeria is full.", "Algeria", False),
        ("fr", "Il est originaire de Guinée et vit à Kayes.", "Guinée", True),
    ],
)
def test_a_demonym_or_country_is_a_nationality_only_when_it_says_who(
    redactor, language, text, word, flagged
):
    assert touched(text, scan(redactor, text, language), word) is flagged


def test_a_city_named_like_a_country_is_no_nationality(redactor):
    text = "Ebiere returned to Benin City in 2020."
    findings = scan(redactor, text, "en")
    assert not [f for f in findings if f.entity_type == "NATIONALITY"]
    result = Redactor(key=bytes(range(1, 33))[::-1]).redact(text, language="en")
    assert "country City" not in result.body


def test_a_date_stamp_is_no_phone_number(redactor):
    text = "Cyclone Hermine hit the boat.\n\nMay 18 2023 (11:56 WEST)\nUpdated May 18 2023 (15:12)"
    findings = scan(redactor, text, "en")
    assert not [f for f in findings if f.entity_type == "PHONE_NUMBER" and f.redacts]
    assert not touched(text, findings, "Hermine")


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Désormais, la jeune Guinéenne vend du poisson à Conakry.", "Désormais"),
        ("Aujourd'hui, elle tient une boutique à Kayes.", "Aujourd"),
        ("Elle vit dans le camp de Mentao avec ses enfants.", "Mentao"),
        ("Sous Kadhafi, la Libye était différente.", "Kadhafi"),
        ("Ils ont étudié à l'université Cheikh Anta Diop.", "Cheikh Anta Diop"),
    ],
)
def test_french_things_that_only_look_like_names_are_left(redactor, text, word):
    assert not touched(text, scan(redactor, text, "fr"), word)


def test_french_markers_and_emphasis(redactor):
    text = "*Photo : Kadiatou Sangaré*\n\nKadiatou Sangaré vend du poisson à Kayes."
    assert covered(text, scan(redactor, text, "fr"), "Kadiatou Sangaré", 1)
    marked = "Awa (nom d'emprunt) vend du poisson. Awa a 24 ans."
    assert not touched(marked, scan(redactor, marked, "fr"), "Awa")


def test_a_kept_mention_says_which_mention_decided(redactor):
    text = '"We help," said Laura Deme, Protection Coordinator at IOM Mali. Deme added more.'
    later = [f for f in scan(redactor, text, "en") if f.text == "Deme"][0]
    assert later.action == "keep" and "same person at offset" in later.reason


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Story\n\nAminata Traoré sells fish in Kayes."),
        ("en", "**Contact**\n\nAminata Traoré sells fish in Kayes."),
        ("fr", "Participants\n\nAminata Traoré vend du poisson à Kayes."),
        ("en", "Home | About | Contact\n\nAminata Traoré sells fish in Kayes."),
    ],
)
def test_a_label_line_above_a_paragraph_makes_nobody_staff(redactor, language, text):
    assert covered(text, scan(redactor, text, language), "Aminata Traoré")


def test_a_credit_label_on_its_own_line_still_credits():
    text = "Aminata, 24, sells fish.\n\nPhoto:\nMoussa Tall\n"
    findings = Redactor().scan(text, language="en")
    assert not touched(text, findings, "Moussa Tall")


def test_an_org_email_far_away_in_the_paragraph_keeps_no_private_phone(redactor):
    text = (
        "Aminata, 24, can be reached on +223 76 52 18 04 by the case worker, who will explain "
        "everything about the programme and the next steps of her return; the office address "
        "for the partners is mali@iom.int."
    )
    findings = scan(redactor, text, "en")
    assert covered(text, findings, "+223 76 52 18 04")


def test_a_lower_case_mention_of_a_found_name_is_found(redactor):
    text = 'Aminata Traoré, 24, learnt to write. Now she signs "aminata" on every form.'
    assert covered(text, scan(redactor, text, "en"), "aminata")


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Text\nAminata Traoré sells fish in Kayes."),
        ("fr", "Texte\nAminata Traoré vend du poisson à Kayes."),
    ],
)
def test_a_label_word_alone_on_the_line_above_credits_nobody(redactor, language, text):
    # Python's "$" also matches before a final newline: the label must end the window itself.
    assert covered(text, scan(redactor, text, language), "Aminata Traoré")
