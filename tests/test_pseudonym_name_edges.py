"""Names that read like something else: common words, titles, relatives, places, nicknames.

Each test is a pair of rules that disagree and the one that wins (see the docstrings of
`detect.things.leading_title_words`, `detect.things.named_relative`,
`pseudonym.persons.name_words` and `pseudonym.persons.nickname_links`). Invented sentences.
"""

from __future__ import annotations

import re

import pytest


def persons(result) -> dict[str, str]:
    return {
        f.text: f.replacement or ""
        for f in result.findings
        if f.entity_type == "PERSON" and f.action == "pseudonymize"
    }


# -- an introducer beats the ordinary word ---------------------------------------------------


def test_a_nickname_after_called_keeps_its_ordinary_first_word(engine):
    # "Sunny" is an adjective, "Boy" a relative's word; "known by the nickname" says both are
    # the name, so neither may stay beside the pseudonym.
    text = (
        'Police in Ekpoma traced a recruiter known by the nickname "Sunny Boy." Adaeze Obi, '
        "19, said Sunny Boy took her passport."
    )
    result = engine.redact(text, language="en")
    assert "Sunny" not in result.text and "Boy" not in result.text, result.text
    assert "Sunny Boy" in persons(result)


def test_an_ordinary_word_glued_before_a_name_is_still_cut_without_an_introducer(engine):
    # The other side of the pair: no introducer, sentence start, an occupation.
    result = engine.redact("Tailor Aminata Traoré, 24, opened a shop in Kayes.", language="en")
    assert result.text.startswith("Tailor "), result.text
    assert "Aminata" not in result.text and "Traoré" not in result.text


# -- a capitalised diminutive inside a sentence is part of the nickname ---------------------


def test_a_capitalised_diminutive_after_dit_is_replaced_with_the_name(engine):
    text = (
        "Nous avons rencontré un jeune homme se présentant comme Salif Kanté, dit « Petit "
        "Kanté », 20 ans. Kanté dit avoir traversé le désert."
    )
    result = engine.redact(text, language="fr")
    assert "Petit" not in result.text and "Kanté" not in result.text, result.text
    nick = re.search(r"« (\w+) (\w+)\*? »", result.text)
    full = re.search(r"comme (\w+) (\w+)\*", result.text)
    assert nick and full, result.text
    assert nick.group(2) == full.group(2)  # the family name keeps one pseudonym


def test_a_lower_case_diminutive_stays_a_description(engine):
    result = engine.redact("Hier, le petit Moussa Keïta, 6 ans, a joué.", language="fr")
    assert "le petit " in result.text, result.text
    assert "Moussa" not in result.text and "Keïta" not in result.text


# -- a relative's word beats the dictionary ---------------------------------------------------


def test_a_given_name_that_is_a_french_word_after_a_relatives_word(engine):
    # "anis" and "ange" are French words; after "son frère" / "un bébé de deux mois," inside a
    # sentence they are names.
    text = (
        "Nabil Mansour a ouvert une boulangerie à Sousse. Son frère Anis tient la caisse. "
        "Leila Ferchichi est arrivée avec un bébé de deux mois, Ange, et sa sœur."
    )
    result = engine.redact(text, language="fr")
    assert not re.search(r"\bAnis\b", result.text), result.text
    assert not re.search(r"\bAnge\b", result.text), result.text
    assert {"Anis", "Ange"} <= set(persons(result))


def test_the_dictionary_still_wins_at_a_sentence_start_and_for_lower_case(engine):
    text = "Awa Diop, 30, returned to Dakar. Hope is what her brother gave her. Her brother hopes."
    result = engine.redact(text, language="en")
    assert "Hope is what" in result.text, result.text
    assert "Hope" not in persons(result)


# -- a person named after a place -------------------------------------------------------------


def test_a_child_named_after_a_town_is_pseudonymised_everywhere(engine):
    # "Agadez" is a town; after "her daughter" it is a name, and since the story says the child
    # is named after the place, the place's own mentions would give it away: the person wins.
    text = (
        "Diary – Agadez, Niger\n\nSalamatou Issa, 25, gave birth on Monday. Salamatou calls "
        "her daughter Agadez, after the town."
    )
    result = engine.redact(text, language="en")
    assert "Agadez" not in result.text, result.text
    child = persons(result).get("Agadez", "")
    assert child and not child.startswith("["), persons(result)  # a pseudonym, no placeholder


def test_a_town_after_a_preposition_stays_a_town(engine):
    text = "Salamatou Issa, 25, gave birth in Agadez. Her daughter in Agadez is well."
    result = engine.redact(text, language="en")
    assert "Agadez" in result.text, result.text
    assert "Agadez" not in persons(result)


# -- a title that is a given name -------------------------------------------------------------


def test_mama_before_a_surname_is_her_given_name(engine):
    text = (
        "« Une voisine, Mama Sangaré, nous a ouvert sa porte », raconte Oumou Diarra, 31 ans. "
        "Oumou et Mama vivent ensemble."
    )
    result = engine.redact(text, language="fr")
    assert not re.search(r"\bMama\b", result.text), result.text
    assert "Sangaré" not in result.text
    full = persons(result)["Mama Sangaré"]
    assert persons(result)["Mama"] == full.split()[0].rstrip("*"), persons(result)


def test_ma_before_a_surname_stays_a_title(engine):
    # "Ma" is a title only ("Ma Kollie" = Mrs Kollie): it stays, the surname is replaced.
    text = "Patience Kollie, 50, hosts two families. Ma Kollie's late husband was a teacher."
    result = engine.redact(text, language="en")
    assert re.search(r"\bMa \w+'s late husband", result.text), result.text
    assert "Kollie" not in result.text


# -- a nickname is the same person in the footnote --------------------------------------------


@pytest.mark.parametrize(
    ("language", "text", "one_person"),
    [
        (
            "en",
            "Aminata Diallo runs a shop in Kayes. Everyone calls her Kadi. Kadi laughs.",
            "are pseudonyms used to protect the identity of the person in this story.",
        ),
        (
            "fr",
            "Nous avons rencontré Salif Kanté, dit « Bébé », 20 ans, à Agadez.",
            "sont des noms d'emprunt utilisés pour protéger l'identité de la personne citée",
        ),
    ],
)
def test_a_person_with_a_nickname_is_one_person_in_the_footnote(engine, language, text, one_person):
    result = engine.redact(text, language=language)
    assert result.footnote is not None and one_person in result.footnote, result.footnote
    again = engine.redact(result.text, language=language)
    assert again.text == result.text  # the new wording is read back as a pseudonym footnote


def test_two_people_stay_two_people_in_the_footnote(engine):
    text = "Aminata Diallo runs a shop in Kayes. A man called Sunny Boy sold her the stall."
    result = engine.redact(text, language="en")
    assert result.footnote is not None
    assert "identities of the people in this story" in result.footnote, result.footnote


# -- French grammar glued to a name -----------------------------------------------------------


def test_cest_before_a_name_is_grammar_not_a_name_part(engine):
    # "C'est" starts a span the apposition rule found, and "c'est" came back as another
    # mention of that "name" in a later message: both must stay French.
    text = (
        "Message vocal : C'est Zeinabou, la femme de Garba Moussa. Mon mari ne répond plus.\n"
        "Message suivant : Moi c'est Rakiatou Issa, je vends du savon à Dosso."
    )
    result = engine.redact(text, language="fr")
    assert "Message vocal : C'est " in result.text, result.text
    assert "Moi c'est " in result.text, result.text
    assert not any(name.lower().startswith("c'est") for name in persons(result)), persons(result)
    assert "Zeinabou" not in result.text and "Rakiatou" not in result.text


def test_a_womans_name_the_tables_once_gave_either_gender_gets_a_womans_pseudonym(engine):
    from safename.pseudonym.pools import name_gender

    result = engine.redact("Precious Eze, 22, returned to Benin City in May.", language="en")
    given = persons(result)["Precious Eze"].split()[0]
    assert name_gender(given) == "f", given


# -- a patronymic particle says the order ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "full", "given_alone"),
    [
        (
            "Ibrahim Ag Hamada, 40 ans, est rentré à Kidal. Ag Hamada sourit. Ibrahim rit.",
            "Ibrahim Ag Hamada",
            "Ibrahim",
        ),
        (
            "Mahmoud Ould Sidi, 45 ans, est rentré à Atar. Mahmoud rit.",
            "Mahmoud Ould Sidi",
            "Mahmoud",
        ),
    ],
)
def test_a_name_with_a_patronymic_particle_keeps_given_name_first(engine, text, full, given_alone):
    # The last word is only a given name in the tables ("Hamada", "Sidi") and the first also a
    # surname, which used to make the name read surname-first: the man's given name then got
    # a surname as its pseudonym.
    from safename.pseudonym.pools import name_gender

    result = engine.redact(text, language="fr")
    found = persons(result)
    first = found[full].split()[0].rstrip("*")
    assert name_gender(first) == "m", found  # a man's given name, not a surname
    assert found[given_alone] == first, found  # the given name alone follows it
