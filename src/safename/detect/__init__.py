"""Detection: from a text to the findings a reviewer sees, read in the order data flows.

1. `pipeline`    — the installed spaCy pipelines behind Presidio (never downloaded);
2. `recognizers` — Presidio recognizers, one kind of identifying detail each;
3. `candidates`  — raw recognizer results as mutable candidates, merged and de-overlapped;
4. `persons`     — the mentions of one person clustered into a `Person`, with their evidence;
5. `roles`       — staff, credit and beneficiary evidence read from the words and the grammar;
6. `decide`      — one decision per person (the precedence in the README), then the findings.

`language`, `chunking`, `lexicon` and `common_words` are the helpers those steps share.
"""
