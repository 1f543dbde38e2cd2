"""Ages and home places (quasi-identifiers): found, attached to their person, generalised so the
sentence still reads, never found again, and switched by the profile."""

from __future__ import annotations

import os
import re

import pytest

from helpers import covered, touched
from safename import Config, Redactor


@pytest.fixture(scope="module")
def engines(redactor):
    key = os.urandom(32)
    out = {}
    for profile in ("minimal", "standard", "strict"):
        r = Redactor(Config().with_profile(profile), key=key)
        r._analyzer = redactor.analyzer  # share the loaded pipelines
        out[profile] = r
    return out


@pytest.mark.parametrize(
    ("language", "text", "age"),
    [
        ("en", "Aminata Traoré, 24, sells fish.", "24"),
        ("en", "A 17-year-old girl left Kano.", "17-year-old"),
        ("en", "Thirty-year-old Musa fishes.", "Thirty-year-old"),
        ("en", "Glory (16) said she was tricked.", "16"),
        ("en", "At 29, she left Kano.", "At 29"),
        ("en", "Her 2-month-old baby sleeps.", "2-month-old"),
        ("en", "She was aged 24 when she left.", "aged 24"),
        ("fr", "Oumou, 27 ans, vend du poisson.", "27 ans"),
        ("fr", "Elle est âgée de 19 ans.", "19 ans"),
        ("fr", "Un garçon de onze ans joue.", "onze ans"),
    ],
)
def test_ages_are_found(redactor, language, text, age):
    assert covered(text, redactor.scan(text, language=language), age)


@pytest.mark.parametrize(
    ("language", "text", "words"),
    [
        ("en", "She left Kano 15 years ago and worked there for three years.", "15 years"),
        ("fr", "Il vit à Agadez depuis 10 ans et il y a 3 ans il est parti.", "10 ans"),
        ("fr", "Nous sommes au nombre de sept (7).", "7"),
        ("fr", "Il revient cinq ans plus tard.", "cinq ans"),
    ],
)
def test_durations_and_counts_are_no_ages(redactor, language, text, words):
    assert not touched(text, redactor.scan(text, language=language), words)


def test_a_staff_members_age_is_kept_with_them(redactor):
    text = '"We help," said Laura Deme, 45, Protection Coordinator at IOM Mali.'
    findings = redactor.scan(text, language="en")
    assert not touched(text, findings, "Laura Deme") and not touched(text, findings, "45")


def test_an_age_belongs_to_its_person(redactor):
    text = "Aminata Traoré, 24, sells fish. Her brother Moussa, 17, helps."
    findings = redactor.scan(text, language="en")
    owner = {f.text: f.person for f in findings}
    assert owner["24"] == owner["Aminata Traoré"] and owner["17"] == owner["Moussa"]
    assert owner["24"] != owner["17"]


@pytest.mark.parametrize(
    ("language", "text", "place"),
    [
        ("en", "Aminata is originally from Kayes.", "Kayes"),
        ("en", "Her native Ouagadougou is far away.", "Ouagadougou"),
        ("en", "She is back in Benin City where she rents a room.", "Benin City"),
        ("fr", "Oumou est originaire de Sirakoro, un village du cercle de Kita.", "Sirakoro"),
        ("fr", "Elle vit aujourd'hui à Lille avec sa fille.", "Lille"),
        ("fr", "Saley est originaire de MATAMEY, région de Zinder.", "Zinder"),
        # A home phrase reaches over the administrative area it names.
        ("en", "She is far from her home in the northern Senegalese district of Podor.", "Podor"),
        ("fr", "Il est originaire de la préfecture de Kindia.", "Kindia"),
        ("fr", "Un jeune originaire de la préfecture de Mali vend du riz.", "Mali"),
        ("fr", "Je suis originaire de la région de Tahoua (Niger).", "Tahoua"),
        # A sentence may open with the home phrase.
        ("fr", "Originaire de Tanguiéta, il vend du pain.", "Tanguiéta"),
        # Birthplace, neighbourhood, present home, family, journey start.
        ("en", "Grace, the Delta-state born survivor, spoke to us.", "Delta-state"),
        ("en", "In the Sabon Gari neighbourhood of Kano, Musa repairs phones.", "Sabon Gari"),
        ("en", "In the Sabon Gari neighbourhood of Kano, Musa repairs phones.", "Kano"),
        ("en", "He now lives in a small rented room in Kano.", "Kano"),
        ("en", "He now lives in a camp for displaced people in Sévaré.", "Sévaré"),
        ("en", "She used to work in a restaurant in Benin, the Edo State capital.", "Benin"),
        ("fr", "Il prendra la route de Fada pour retrouver sa famille.", "Fada"),
        ("fr", "Elle a quitté Tessaoua dans la région de Maradi pour aller travailler.", "Maradi"),
        ("fr", "Au cours de son voyage de Kumasi, au Ghana, vers la Libye, elle a souffert.",
         "Kumasi"),
        # The places written with a home place.
        ("en", "Originally from Kelbo, a rural village in the Sahel's Soum province, she fled.",
         "Soum"),
        ("en", "Efe grew up in Ubiaja, Esan South East Local Government Area of Edo State.",
         "Edo State"),
    ],
)  # fmt: skip
def test_home_places_are_found(redactor, language, text, place):
    assert covered(text, redactor.scan(text, language=language), place)


@pytest.mark.parametrize(
    ("language", "text", "place"),
    [
        ("en", "They arrived in Agadez after three days in the desert.", "Agadez"),
        ("en", "The 17-year-old lives in Goudoubo camp.", "Goudoubo"),
        ("fr", "Ils sont arrivés à Agadez en bus.", "Agadez"),
        ("fr", "Le bureau de l'OIM à Niamey les accueille.", "Niamey"),
        # A weak home phrase before a migration hub speaks of the journey.
        ("fr", "Elle a quitté Agadez pour l'Algérie.", "Agadez"),
        ("fr", "Elle vient d'Agadez et repart demain.", "Agadez"),
        # Continents are no home places.
        ("fr", "Les migrants originaires d'Afrique subsaharienne sont nombreux.", "Afrique"),
    ],
)  # fmt: skip
def test_transit_arrival_and_camp_places_are_left(redactor, language, text, place):
    assert not touched(text, redactor.scan(text, language=language), place)


@pytest.mark.parametrize(
    ("language", "text", "place", "found", "left"),
    [
        # Its other mentions follow a home place: the dateline and a stop of a route too...
        ("fr", "Zinder, Niger - Elle est originaire de Zinder. Elle a pris la route "
         "Zinder-Agadez-Arlit.", "Zinder", [0, 1, 2], []),
        # ... but not where the story names it as a port, an office or an institution.
        ("fr", "Elle habite à Zarzis. Elle est partie depuis le port de Zarzis.", "Zarzis", [0],
         [1]),
        ("en", "Musa grew up in Kano. The IOM office in Kano helped him. Years later, Kano "
         "was far away.", "Kano", [0, 2], [1]),
        ("en", "Efe grew up in Edo State. The Edo State Task Force helped her.", "Edo State", [0],
         [1]),
        # spaCy's PERSON tag alone does not make a person of a home place's name.
        ("en", "Abdel lived with his parents in the city of Ber, in northern Mali. At the site he "
         "met children from Ber. Ber was far away.", "Ber", [0, 1, 2], []),
    ],
)  # fmt: skip
def test_one_decision_per_home_place(redactor, language, text, place, found, left):
    findings = redactor.scan(text, language=language)
    for nth in found:
        assert covered(text, findings, place, nth), (nth, findings)
    starts = [m.start() for m in re.finditer(re.escape(place), text)]
    for nth in left:
        assert not any(f.redacts and f.start <= starts[nth] < f.end for f in findings), nth
    assert not touched(text, findings, "Agadez") and not touched(text, findings, "Arlit")


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "Aminata Traoré, 24, sells fish. She smiles.", "in her twenties"),
        ("en", "A 17-year-old girl left Kano.", "A teenage girl"),
        ("en", "Thirty-year-old Musa fishes with his father.", "Thirty-something "),
        ("en", "Ismail was a nine-year-old from a poor neighbourhood.", "a child from"),
        ("fr", "Oumou, 27 ans, vend du poisson.", "une vingtaine d'années"),
        ("fr", "Elle est âgée de 19 ans.", "âgée d'une quinzaine d'années"),
        ("fr", "Un Ivoirien de 34 ans témoigne.", "d'une trentaine d'années"),
        ("en", "Aminata is originally from Kayes.", "from a town in West Africa"),
        ("fr", "Elle vit aujourd'hui à Lille.", "dans une ville d'Europe de l'Ouest"),
        ("fr", "Oumou est originaire de Kayes.", "originaire d'une ville d'Afrique de l'Ouest"),
        ("en", "Grace, a Kano-born trader, spoke to us.", "a West African-born trader"),
        ("en", "Awa is from Kissidougou, in eastern Guinea.",
         "from a town in West Africa, in the east of a West African country."),
        ("en", "Abdel lived with his parents in the city of Ber, in northern Mali.",
         "in the city, in the north of a West African country."),
        ("en", "Glory said she used to work in a restaurant in Benin, the Edo State capital.",
         "in a restaurant in a town."),
        ("en", "“When we arrive in our village in Matameye (Zinder), we will go to school.”",
         "our village in West Africa, we will"),
        ("fr", "Il a quitté son village natal de Dioura, dans le cercle de Ténenkou, pour la "
               "Libye.",
         "son village natal d'Afrique de l'Ouest, pour la Libye."),
        ("en", "She returned to Nigeria and rents a room in Benin City's Upper Sokponba area.",
         "returned to a West African country and rents a room in a town in West Africa."),
        ("en", "Aminata now lives in Bamako's Badalabougou neighbourhood.",
         "now lives in a town in West Africa."),
        ("en", "Efe grew up in Edo State, Nigeria.", "grew up in a region of West Africa"),
        ("en", "She is far from her home in the northern Senegalese district of Podor.",
         "her home in the northern West African district."),
        ("fr", "Il est originaire de la préfecture de Kindia.",
         "originaire d'une préfecture d'Afrique de l'Ouest"),
        ("fr", "Elle est originaire de Zinder. Elle a pris la route Zinder-Agadez-Arlit.",
         "la route [une ville d'Afrique de l'Ouest]-Agadez-Arlit"),
    ],
)  # fmt: skip
def test_generalisations_read_well(engines, language, text, expected):
    result = engines["standard"].redact(text, language=language)
    assert expected in result.body, result.body


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Aminata Traoré, 24, is originally from Kayes. A 17-year-old girl left Kano."),
        ("fr", "Oumou, 23 ans, originaire de Sirakoro, vit à Lille. Un garçon de onze ans joue."),
        ("en", "Grace, a Kano-born trader, grew up in Kolda, a small town in the Casamance "
               "region."),
        ("fr", "Elle a quitté Tessaoua dans la région de Maradi. Elle a pris la route "
               "Tessaoua-Agadez. Il est originaire de la préfecture de Kindia (Guinée)."),
    ],
)  # fmt: skip
@pytest.mark.parametrize("profile", ["minimal", "standard", "strict"])
def test_every_profile_is_idempotent(engines, language, text, profile):
    once = engines[profile].redact(text, language=language).text
    assert engines[profile].redact(once, language=language).text == once


def test_profiles_change_what_is_generalised(engines):
    text = "Aminata Traoré, 24, is originally from Kayes, in Mali. She is Malian."
    minimal = engines["minimal"].redact(text, language="en").body
    standard = engines["standard"].redact(text, language="en").body
    strict = engines["strict"].redact(text, language="en").body
    assert "Aminata" not in minimal and ", 24," in minimal and "Kayes" in minimal
    assert "Malian" in minimal
    assert "in her twenties" in standard and "Kayes" not in standard
    assert "Malian" not in standard
    assert ", young," in strict and "twenties" not in strict


def test_profile_from_the_configuration_file(tmp_path):
    from safename.config import ConfigError, load_config_file

    path = tmp_path / ".safename.toml"
    path.write_text('profile = "minimal"\n', encoding="utf-8")
    config = load_config_file(path)
    assert config.profile == "minimal" and config.action_for("AGE") == "keep"
    path.write_text('profile = "loose"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="profile"):
        load_config_file(path)


STORY = (
    "Aminata Traoré, 24, is originally from Kayes. She is Malian and sells fish.\n\n"
    '"We help," said Laura Deme, Protection Coordinator at IOM Mali.\n'
)


def test_scan_json_lists_persons_with_their_quasi_identifiers(runner, tmp_path):
    import json

    from safename.cli.main import cli

    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    result = runner.invoke(cli, ["scan", "--format", "json", str(story)])
    assert result.exit_code == 0, result.output
    persons = json.loads(result.stdout)[0]["persons"]
    keys = {"id", "mentions", "decision", "evidence", "pseudonym", "quasi_identifiers", "risk",
            "risk_reason"}  # fmt: skip
    assert persons and all(set(p) == keys for p in persons)
    aminata, laura = persons
    assert aminata["decision"] == "pseudonymize" and laura["decision"] == "keep"
    assert {q["type"] for q in aminata["quasi_identifiers"]} == {"AGE", "LOCATION", "NATIONALITY"}
    assert aminata["risk"] == "low" and aminata["pseudonym"]


def test_check_warns_of_residual_risk_and_fails_only_when_asked(runner, tmp_path):
    from safename.cli.main import cli

    story = tmp_path / "story.txt"
    story.write_text("Lucy* is 24 and originally from Kayes. She is Malian.\n\n"
                     "*Lucy is a pseudonym used to protect the identity of the migrant.\n",
                     encoding="utf-8")  # fmt: skip
    minimal = runner.invoke(cli, ["check", "--profile", "minimal", str(story)])
    assert minimal.exit_code == 0, minimal.output  # a warning, not a failure
    assert "warning: RESIDUAL_RISK" not in minimal.stdout  # a pseudonym is already a decision
    story.write_text(STORY, encoding="utf-8")
    minimal = runner.invoke(cli, ["check", "--profile", "minimal", str(story)])
    assert 'warning: RESIDUAL_RISK "Aminata Traoré"' in minimal.stdout
    assert "exact age" in minimal.stdout and "home place" in minimal.stdout
    (tmp_path / ".safename.toml").write_text(
        'profile = "minimal"\nfail_on_risk = true\n', encoding="utf-8"
    )
    story.write_text("Lucy* is 24 and originally from Kayes. She is Malian.\n\n"
                     "*Lucy is a pseudonym used to protect the identity of the migrant.\n",
                     encoding="utf-8")  # fmt: skip
    assert runner.invoke(cli, ["check", str(story)]).exit_code == 0
    story.write_text(
        "Aminata Traoré is 24 and originally from Kayes.\n\n"
        "*Aminata Traoré is a pseudonym used to protect the identity of the migrant.\n",
        encoding="utf-8",
    )
    standard = runner.invoke(cli, ["check", "--profile", "standard", str(story)])
    assert "RESIDUAL_RISK" not in standard.stdout


def test_redact_profile_option(runner, tmp_path):
    from safename.cli.main import cli

    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    minimal = runner.invoke(cli, ["redact", "--profile", "minimal", str(story), "-o", "-"])
    standard = runner.invoke(cli, ["redact", str(story), "-o", "-"])
    assert minimal.exit_code == standard.exit_code == 0
    assert ", 24," in minimal.stdout and "Kayes" in minimal.stdout
    assert ", 24," not in standard.stdout and "Kayes" not in standard.stdout


def test_a_home_region_reads_as_a_region(engines):
    text = "Il est originaire de la région de Tahoua (Niger)."
    body = engines["standard"].redact(text, language="fr").body
    assert "originaire d'une région d'Afrique de l'Ouest" in body and "Tahoua" not in body
    assert engines["standard"].redact(body, language="fr").body == body


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("fr", "Elle est originaire de Kantché dans la région de Zinder, au Niger.",
         "Elle est originaire d'une ville d'Afrique de l'Ouest, dans un pays d'Afrique de "
         "l'Ouest."),
        ("en", "Binta grew up in Kolda, a small town in the Casamance region, and sells fish.",
         "grew up in a town in West Africa, and sells fish."),
        ("en", "Efe grew up in Ubiaja, Esan South East Local Government Area of Edo State.",
         "grew up in a town."),
    ],
)  # fmt: skip
def test_a_home_place_and_the_places_written_with_it_read_as_one(engines, language, text,
                                                                  expected):  # fmt: skip
    body = engines["standard"].redact(text, language=language).body
    assert expected in body, body
    assert engines["standard"].redact(body, language=language).body == body
