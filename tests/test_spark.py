"""safename.spark on a local two-core Spark: the same pseudonyms as one machine, same key.

Needs the `spark` extra (pyspark, pandas, pyarrow) and a Java runtime. The test is skipped only
when `java` is missing; with Java present a broken Spark setup fails loudly.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator

import pytest

from safename import Redactor

KEY = bytes(range(32))
STORIES = [
    (1, "Aminata Traoré, 24, left Kayes in 2019. Aminata now sews in Bamako."),
    (2, "Aïssata Diallo, 27 ans, est rentrée à Conakry. Mme Diallo a ouvert un restaurant."),
    (3, None),
    (4, "Call Moussa Keita on +223 76 12 34 56. Moussa Keita, 19, wants to be a mechanic."),
]

pytestmark = [
    pytest.mark.skipif(
        shutil.which("java") is None and not os.environ.get("JAVA_HOME"),
        reason="Spark needs a Java runtime: no `java` on PATH and JAVA_HOME is not set",
    ),
    pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning"),
]


@pytest.fixture(scope="module")
def spark() -> Iterator[object]:
    pyspark_sql = pytest.importorskip("pyspark.sql", reason="install safename[spark]")
    # Executors must run this interpreter (the one with safename installed), not `python3`.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = (
        pyspark_sql.SparkSession.builder.master("local[2]")
        .appName("safename-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_redact_column_matches_single_machine_pseudonyms(spark, redactor: Redactor) -> None:
    from safename.spark import redact_column

    df = spark.createDataFrame(STORIES, "id INT, story STRING").repartition(2)
    out = redact_column(df, "story", key=KEY, output_column="redacted", findings_column="found")
    rows = {r["id"]: r for r in out.collect()}

    local = Redactor(redactor.config, key=KEY)
    local._analyzer = redactor.analyzer  # loading spaCy takes seconds
    for row_id, text in STORIES:
        row = rows[row_id]
        assert row["story"] == text  # the source column is kept
        if text is None:
            assert row["redacted"] is None and row["found"] is None
            continue
        assert row["redacted"] == local.redact(text).text
        assert '"replacement"' in row["found"]
    assert "Aminata" not in rows[1]["redacted"] and "Diallo" not in rows[2]["redacted"]


def test_redact_udf_replaces_a_column_in_place(spark, redactor: Redactor) -> None:
    from safename.spark import redact_udf

    df = spark.createDataFrame([s for s in STORIES if s[1]], "id INT, story STRING")
    out = df.withColumn("story", redact_udf(key=KEY)("story")).orderBy("id").collect()
    local = Redactor(redactor.config, key=KEY)
    local._analyzer = redactor.analyzer
    assert [r["story"] for r in out] == [local.redact(t).text for _, t in STORIES if t]
