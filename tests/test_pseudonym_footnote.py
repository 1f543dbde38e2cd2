"""Marker and footnote: "Lucy*" and "*Lucy is a pseudonym used to protect the identity of…"."""

from __future__ import annotations

from dataclasses import replace

import pytest

from safename import Config, Finding, Redactor
from safename.config import ConfigError
from safename.pseudonym.apply import Pseudonymiser
from safename.pseudonym.footnote import build_footnote, explained_names
from safename.pseudonym.keys import load_key

KEY = bytes(range(32))


@pytest.mark.parametrize(
    ("names", "genders", "language", "expected"),
    [
        (
            ["Lucy"],
            ["f"],
            "en",
            "*Lucy is a pseudonym used to protect the identity of the migrant.",
        ),
        (
            ["Lucy", "Musa"],
            ["f", "m"],
            "en",
            "*Lucy and Musa are pseudonyms used to protect the identities of the migrants.",
        ),
        (
            ["Lucy"],
            ["f"],
            "fr",
            "*Lucy est un nom d'emprunt utilisé pour protéger l'identité de la migrante.",
        ),
        (
            ["Musa"],
            ["m"],
            "fr",
            "*Musa est un nom d'emprunt utilisé pour protéger l'identité du migrant.",
        ),
        (
            ["Lucy", "Awa", "Ada"],
            ["f", "f", "f"],
            "fr",
            "*Lucy, Awa et Ada sont des noms d'emprunt utilisés pour protéger l'identité des "
            "migrantes.",
        ),
        (
            ["Lucy", "Musa"],
            ["f", "m"],
            "fr",
            "*Lucy et Musa sont des noms d'emprunt utilisés pour protéger l'identité des migrants.",
        ),
    ],
)
def test_footnote_in_the_documents_language(names, genders, language, expected) -> None:
    assert build_footnote(names, genders, language, roles=["migrant"] * len(names)) == expected


@pytest.mark.parametrize(
    ("names", "genders", "language", "roles", "expected"),
    [
        (["Lucy"], ["f"], "en", [None], "*Lucy is a pseudonym used to protect the identity of "
         "the person in this story."),
        (["Lucy", "Musa"], ["f", "m"], "en", ["migrant", None], "*Lucy and Musa are pseudonyms "
         "used to protect the identities of the people in this story."),
        (["Lucy", "Musa"], ["f", "m"], "en", ["migrant", "survivor"], "*Lucy and Musa are "
         "pseudonyms used to protect the identities of the people in this story."),
        (["Lucy"], ["f"], "en", ["survivor"], "*Lucy is a pseudonym used to protect the "
         "identity of the survivor."),
        (["Lucy", "Ada"], ["f", "f"], "en", ["returnee", "returnee"], "*Lucy and Ada are "
         "pseudonyms used to protect the identities of the returnees."),
        (["Musa"], ["m"], "en", ["refugee"], "*Musa is a pseudonym used to protect the "
         "identity of the refugee."),
        (["Lucy"], ["f"], "fr", [None], "*Lucy est un nom d'emprunt utilisé pour protéger "
         "l'identité de la personne citée dans ce récit."),
        (["Lucy", "Musa"], ["f", "m"], "fr", [None, None], "*Lucy et Musa sont des noms "
         "d'emprunt utilisés pour protéger l'identité des personnes citées dans ce récit."),
        (["Lucy"], ["f"], "fr", ["survivor"], "*Lucy est un nom d'emprunt utilisé pour "
         "protéger l'identité de la survivante."),
        (["Musa"], ["m"], "fr", ["returnee"], "*Musa est un nom d'emprunt utilisé pour "
         "protéger l'identité du migrant de retour."),
        (["Lucy", "Ada"], ["f", "f"], "fr", ["refugee", "refugee"], "*Lucy et Ada sont des "
         "noms d'emprunt utilisés pour protéger l'identité des réfugiées."),
    ],
)  # fmt: skip
def test_footnote_names_the_role_only_when_everyone_has_it(
    names, genders, language, roles, expected
) -> None:
    assert build_footnote(names, genders, language, roles=roles) == expected


def test_footnote_template_is_configurable() -> None:
    config = Config.from_mapping(
        {
            "footnote_templates": {
                "en": {
                    "one": "{marker}{names} is not her or his real name.",
                    "many": "{marker}Names changed: {names}.",
                }
            },
            "pseudonym_marker": "†",
        }
    )
    assert build_footnote(
        ["Ada"], ["f"], "en", config.pseudonym_marker, config.footnote_templates
    ) == ("†Ada is not her or his real name.")
    with pytest.raises(ConfigError):
        Config.from_mapping({"footnote_templates": {"en": {"one": "no names here"}}})
    with pytest.raises(ConfigError):
        Config.from_mapping({"marker_position": "sometimes"})


def test_markdown_footnote_and_typographic_apostrophes() -> None:
    assert build_footnote(["Lucy"], ["f"], "en", markdown=True, roles=["migrant"]) == (
        "[^pseudonym]: Lucy is a pseudonym used to protect the identity of the migrant."
    )
    assert "nom d’emprunt" in build_footnote(["Lucy"], ["f"], "fr", apostrophe="’")


def test_existing_footnotes_are_read_back_but_sentences_are_not() -> None:
    text = (
        "Lucy said she hopes it is a pseudonym nobody recognises.\n\n"
        "*Lucy and Musa Keita are pseudonyms used to protect the identities of the migrants.\n"
        "[^pseudonym]: Ada est un nom d’emprunt utilisé pour protéger l’identité de la migrante.\n"
    )
    assert explained_names(text) == {"Lucy", "Musa", "Keita", "Ada"}
    assert explained_names("Aminata said it is a pseudonym.") == set()


def _person_findings(text: str, *surfaces: str) -> list[Finding]:
    out, pos = [], 0
    for surface in surfaces:
        start = text.index(surface, pos)
        pos = start + len(surface)
        out.append(Finding(start, pos, surface, "PERSON", 0.9, "t", "pseudonymize", "t"))
    return out


STORY = "Aminata Traoré, 24, came back in May. Aminata now sews. Ms Traoré trains two girls."


@pytest.mark.parametrize(("position", "stars"), [("first", 1), ("every", 3), ("none", 0)])
def test_marker_after_the_first_or_every_mention(position: str, stars: int) -> None:
    findings = _person_findings(STORY, "Aminata Traoré", "Aminata", "Traoré")
    result = Pseudonymiser(Config(marker_position=position), load_key(KEY)).redact(
        STORY, findings, "en"
    )
    assert result.body.count("*") == stars
    assert result.footnote.startswith("*") and "is a pseudonym" in result.footnote
    full = result.findings[0].replacement.rstrip("*")
    assert result.footnote.startswith(f"*{full} is a pseudonym")  # every marked word explained


def test_a_part_first_seen_alone_gets_its_own_marker() -> None:
    text = "Aminata, 24, came back in May. Later, Ms Traoré opened a shop."
    findings = _person_findings(text, "Aminata", "Traoré")
    result = Pseudonymiser(Config(), load_key(KEY)).redact(text, findings, "en")
    assert result.body.count("*") == 2  # neither "Kadiatou*" nor "Ms Bah*" stays unexplained


def test_markdown_real_footnote(redactor: Redactor) -> None:
    engine = Redactor(replace(redactor.config, markdown_footnote=True), key=KEY)
    engine._analyzer = redactor.analyzer  # share the loaded pipelines
    text = "# Back home\n\nAminata Traoré, 24, returned to Bamako in May.\n"
    result = engine.redact(text, language="en", markdown=True)
    assert "[^pseudonym], in their twenties," in result.body
    assert result.footnote.startswith("[^pseudonym]: ")
    assert result.text.endswith(result.footnote + "\n")
    plain = engine.redact(text, language="en")  # not Markdown: the usual asterisk
    assert "*, in their twenties," in plain.body
