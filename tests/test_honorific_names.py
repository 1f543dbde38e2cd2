"""Given names that are also honorifics, and surnames that are also titles (issue 13 item 6).

"Papa Ndiaye" used to become "Papa Sissoko*": every word listed as an honorific was dropped
from a name before pseudonyms were chosen, so a beneficiary's given name was published next to
the pseudonym. Such a word is now a name part where it stands as one in a full name.
"""

from __future__ import annotations

import pytest

from safename.cli.main import cli
from safename.pseudonym.persons import name_words


@pytest.mark.parametrize(
    ("line", "real"),
    [
        ("Papa Ndiaye, 34, returned to Senegal in March.", "Papa"),
        ("Baba Coulibaly, 29, left Mali in 2019.", "Baba"),
        ("Hadja Camara, 41, sells fish in Conakry.", "Hadja"),
        ("Alhaji Bah, 52, runs a shop.", "Alhaji"),
        ("Elhadj Diallo, 38, drives a taxi.", "Elhadj"),
        ("Maman Sani, 27, came back from Niger.", "Maman"),
        ("Tata Keita, 45, is a seamstress.", "Tata"),
        ("Moussa Baba, 33, is a farmer.", "Baba"),
        ("Ibrahim Maman, 31, is a mechanic.", "Maman"),
        ("Joseph Pastor, 40, is a teacher.", "Pastor"),
    ],
)
def test_a_given_name_or_surname_that_is_also_a_title_is_replaced(runner, tmp_path, line, real):
    story = tmp_path / "story.txt"
    story.write_text(line + f" Later {line.split(',')[0]} smiled.\n", encoding="utf-8")
    result = runner.invoke(cli, ["redact", str(story), "-o", "-"])
    assert result.exit_code == 0, result.output
    body = result.stdout.split("\n\n")[0]
    assert real not in body, body
    for word in line.split(",")[0].split():  # neither part of the full name is left
        assert word not in body, body


def test_titles_before_a_name_stay_titles():
    text = "Pastor John Mensah and Mr Papa Sow and Mme Diop"
    assert [w.text for w in name_words(text, 0, 18)] == ["John", "Mensah"]
    assert [w.text for w in name_words(text, 23, 34)] == ["Papa", "Sow"]
    assert [w.text for w in name_words(text, 39, 47)] == ["Diop"]
