"""NATIONALITY: demonyms and countries of origin, not the countries where IOM works."""

from __future__ import annotations

import pytest

from helpers import covered, touched


@pytest.mark.parametrize(
    ("text", "language", "needle"),
    [
        ("A Nigerian woman in her twenties arrived in Agadez.", "en", "Nigerian"),
        ("Two Malians and a Guinean were rescued in the desert.", "en", "Guinean"),
        ("After two years in Libya she decided to return to Guinea.", "en", "Guinea"),
        ("He is originally from Côte d'Ivoire.", "en", "Côte d'Ivoire"),
        ("Awa, 31, from Kindia, Guinea, now runs a shop.", "en", "Guinea"),
        ("He is originally from Maiduguri, in north-east Nigeria.", "en", "Nigeria"),
        ("En 2016, il est parti de Kaya, au Burkina Faso, avec trois amis.", "fr", "Burkina Faso"),
        ("Awa Binta, née vers 2004 à Mamou (Guinée), vit à Bamako.", "fr", "Guinée"),
        ("Une jeune Malienne de 19 ans a été accueillie au centre.", "fr", "Malienne"),
        ("Une migrante nigériane a reçu un kit d'hygiène.", "fr", "nigériane"),
        ("Elle est originaire du Sénégal.", "fr", "Sénégal"),
        ("Il souhaite rentrer au Burkina Faso l'an prochain.", "fr", "Burkina Faso"),
        ("Il est rentré en Guinée en mars.", "fr", "Guinée"),
        # Typed without accents or with the other apostrophe.
        ("Aïcha, une Sierra-Leonaise enceinte, pleure.", "fr", "Sierra-Leonaise"),
        ("Il est originaire de Côte d’Ivoire.", "fr", "Côte d’Ivoire"),
        ("Joy left the shores of Nigeria for Ghana in May.", "en", "Nigeria"),
        ("On the day we planned to leave Nigeria, I cried.", "en", "Nigeria"),
        # The country written with a home place: "(Niger)", ", au Ghana,".
        ("Je suis originaire de la région de Tahoua (Niger).", "fr", "Niger"),
        ("Au cours de son voyage de Kumasi, au Ghana, vers la Libye, elle a souffert.", "fr",
         "Ghana"),
        ("This 27-year-old Ivorian mechanic is the only survivor.", "en", "Ivorian"),
    ],
)  # fmt: skip
def test_nationality_found(redactor, text, language, needle):
    findings = redactor.scan(text, language=language)
    assert covered(text, findings, needle), findings
    assert any(f.entity_type == "NATIONALITY" and f.action == "generalize" for f in findings)


@pytest.mark.parametrize(
    ("text", "language", "needle"),
    [
        ("IOM Mali works closely with the Government of Mali.", "en", "Mali"),
        ("In Bamako, IOM organised a workshop for sixty women.", "en", "Bamako"),
        ("IOM works in Bamako, in southern Mali, since 1998.", "en", "Mali"),
        ("The Malian authorities and the Nigerien Red Cross attended.", "en", "Malian"),
        ("She speaks French and a little Arabic.", "en", "French"),
        ("L'OIM Mali appuie le gouvernement du Mali.", "fr", "Mali"),
        ("Les autorités maliennes ont salué l'initiative.", "fr", "maliennes"),
        ("Elle suit des cours de français.", "fr", "français"),
        ("He speaks Tigrinya, Arabic and French.", "en", "French"),
        # Groups are not one person's nationality.
        ("A flight carrying 134 Liberian migrants landed in Monrovia.", "en", "Liberian"),
        ("Les ressortissants maliens ont été accueillis à l'aéroport.", "fr", "maliens"),
        # A phone line or a company is not a nationality.
        ("He kept his Libyan line and works for a Libyan company.", "en", "Libyan"),
        # A language among school subjects, and a list of alternatives, speak of no one.
        ("We take our English, French and maths workbooks, says Awa.", "en", "French"),
        ("On n’a jamais eu un Tunisien, un Marocain ou un Maghrébin inquiété.", "fr", "Marocain"),
        ("Awa, originaire du Niger, a fui l'enfer libyen ou nigérien.", "fr", "nigérien"),
        # The country of a present home is not the person's origin.
        ("Moussa, un Malien, réside à Nouakchott, Mauritanie.", "fr", "Mauritanie"),
        # Nor is the country a camp is in.
        ("Awa fled her home in Burkina Faso. She studies in Mentao camp, Burkina Faso.", "en",
         "camp, Burkina Faso"),
    ],
)  # fmt: skip
def test_place_of_work_is_not_a_nationality(redactor, text, language, needle):
    findings = redactor.scan(text, language=language)
    assert not touched(text, findings, needle), findings


@pytest.mark.parametrize(
    ("language", "text", "country"),
    [
        # Every mention of the origin country about the person follows the first decision,
        # even after a departure phrase ("ce départ du Niger").
        ("fr", "Abdou est originaire du Niger. Pour Abdou, ce départ du Niger était nécessaire.",
         "Niger"),
        ("fr", "Awa est née au Mali. Bien que sa mère lui ait conseillé de rester au Mali, Awa* "
         "est partie.", "Mali"),
    ],
)  # fmt: skip
def test_one_decision_per_country(redactor, language, text, country):
    findings = redactor.scan(text, language=language)
    assert covered(text, findings, country, 0) and covered(text, findings, country, 1), findings


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        # The origin's other mentions follow, but not a group statistic or a language.
        ("Prince is from Liberia. A flight carrying 134 Liberian migrants landed.", "Liberian"),
        ("Awa, from Somalia, helps the newcomers who speak Somali.", "speak Somali"),
    ],
)
def test_one_decision_leaves_groups_and_languages(redactor, text, needle):
    findings = redactor.scan(text, language="en")
    assert findings and not touched(text, findings, needle), findings


def test_transit_country_stays_after_a_return_phrase(redactor):
    text = "Abdou est originaire du Niger. Il est revenu de Libye en mars."
    findings = redactor.scan(text, language="fr")
    assert covered(text, findings, "Niger") and not touched(text, findings, "Libye")
