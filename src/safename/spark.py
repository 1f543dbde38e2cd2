"""Redaction of a Spark DataFrame column, for archives one machine cannot process in time.

Install with `pip install safename[spark]`. Usage::

    from safename.spark import redact_column
    redacted = redact_column(df, "story", key=os.environ["SAFENAME_KEY"])

The work runs in `mapInPandas`: each executor's Python process builds one `Redactor` the first
time it sees a partition and keeps it for every later partition (Spark reuses its Python
workers), so the spaCy pipelines load once per process, not once per row or per task.

No state is shared between executors. Pseudonyms are derived by HMAC from the secret key and
the document alone, so every executor, and a single-machine `Redactor(key=...)` with the same
key, writes the same pseudonyms. The key is resolved on the driver (argument, `SAFENAME_KEY` or
the key file) and shipped with the task, so executors need no key file of their own. A
pseudonym registry is order-dependent shared state and is not supported here.
"""

from __future__ import annotations

import json
import pickle
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from safename.batch import DEFAULT_BATCH_SIZE
from safename.config import Config
from safename.pseudonym.keys import SecretKey, load_key

if TYPE_CHECKING:
    import pandas
    from pyspark.sql import Column, DataFrame

# One Redactor per executor Python process, per (configuration, key). Module state survives
# between tasks because Spark reuses its Python workers (spark.python.worker.reuse).
_REDACTORS: dict[tuple[bytes, str], Any] = {}


@dataclass(frozen=True)
class RedactionJob:
    """What an executor needs to redact, pickled into each task (small: no model inside)."""

    key: SecretKey
    config: Config
    language: str = "auto"
    batch_size: int = DEFAULT_BATCH_SIZE

    def redactor(self) -> Any:
        """This process's Redactor for the job, built on first use and then reused."""
        from safename.redactor import Redactor

        cache_key = (pickle.dumps(self.config), self.key.fingerprint)
        redactor = _REDACTORS.get(cache_key)
        if redactor is None:
            # Executors never write a registry: registry=None is implied by the config check.
            redactor = _REDACTORS[cache_key] = Redactor(self.config, key=self.key)
        return redactor

    def redact(self, texts: pandas.Series) -> tuple[list[str | None], list[str | None]]:
        """Redacted texts and findings (JSON) of one pandas batch; nulls stay null."""
        present = [isinstance(v, str) for v in texts]
        results = iter(
            self.redactor().redact_many(
                [v for v, ok in zip(texts, present) if ok],
                language=self.language,
                batch_size=self.batch_size,
                record=False,
            )
        )
        out_text: list[str | None] = []
        out_findings: list[str | None] = []
        for ok in present:
            if not ok:
                out_text.append(None)
                out_findings.append(None)
                continue
            result = next(results)
            out_text.append(result.text)
            out_findings.append(
                json.dumps([f.to_dict() for f in result.findings], ensure_ascii=False)
            )
        return out_text, out_findings


def _job(
    key: bytes | str | SecretKey | None,
    config: Config | None,
    language: str,
    batch_size: int,
) -> RedactionJob:
    config = config or Config()
    if config.registry is not None:
        raise ValueError(
            "safename.spark does not use a pseudonym registry (executors cannot share one); "
            "remove `registry` from the configuration"
        )
    return RedactionJob(load_key(key), config, language, batch_size)


def redact_column(
    df: DataFrame,
    column: str,
    *,
    key: bytes | str | SecretKey | None = None,
    output_column: str | None = None,
    findings_column: str | None = None,
    config: Config | None = None,
    language: str = "auto",
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> DataFrame:
    """`df` with `column` redacted into `output_column` (default: `column` itself, replaced).

    `findings_column`, when given, receives each row's findings as a JSON list (what was
    replaced, by what, and why), for an audit trail. Pass the key explicitly, or have
    SAFENAME_KEY / the key file on the driver; without any, a random key is made once on the
    driver and used by every executor, so the run is consistent but not reproducible.
    """
    from pyspark.sql.types import StringType, StructField, StructType

    job = _job(key, config, language, batch_size)
    output_column = output_column or column
    fields = [f for f in df.schema.fields if f.name not in (output_column, findings_column)]
    fields.append(StructField(output_column, StringType(), True))
    if findings_column:
        fields.append(StructField(findings_column, StringType(), True))
    schema = StructType(fields)
    names = [f.name for f in schema.fields]

    def redact_partition(batches: Iterator[pandas.DataFrame]) -> Iterator[pandas.DataFrame]:
        for pdf in batches:
            texts, findings = job.redact(pdf[column])
            pdf = pdf.copy()
            pdf[output_column] = texts
            if findings_column:
                pdf[findings_column] = findings
            yield pdf[names]

    return df.mapInPandas(redact_partition, schema)


def redact_udf(
    *,
    key: bytes | str | SecretKey | None = None,
    config: Config | None = None,
    language: str = "auto",
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> Callable[[Column | str], Column]:
    """A pandas UDF (string -> redacted string) for `select` / `withColumn` expressions:
    `df.withColumn("story", redact_udf(key=key)("story"))`."""
    import pandas as pd
    from pyspark.sql.functions import pandas_udf

    job = _job(key, config, language, batch_size)

    def redact(texts: pd.Series) -> pd.Series:
        return pd.Series(job.redact(texts)[0], index=texts.index, dtype=object)

    # Spark infers the UDF kind from the type hints; this module's postponed (string)
    # annotations name a locally imported pandas, so give it the real classes.
    redact.__annotations__ = {"texts": pd.Series, "return": pd.Series}
    return pandas_udf(redact, "string")  # type: ignore[call-overload]
