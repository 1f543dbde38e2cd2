"""Consistent pseudonyms and the other replacements `Redactor.redact` makes.

One module per job: `keys` (the secret key), `derive` (HMAC choices), `pools` (candidate names),
`gender`, `persons` (mentions to people and name parts), `french` (elision), `generalise`
(nationalities), `placeholders` (contacts), `footnote`, `existing` (idempotence), `registry`
(repository-wide pseudonyms), `mapping` (encrypted reversal), and `apply`, which ties them
together for one document.
"""

from safename.pseudonym.result import RedactionResult

__all__ = ["RedactionResult"]
