"""Keep safename offline.

Presidio's email recognizer calls `tldextract.extract`, whose default extractor downloads the
Public Suffix List on first use. Swap it for one that only uses the snapshot bundled inside
tldextract, before any recognizer runs.
"""

from __future__ import annotations

_done = False


def use_bundled_suffix_list() -> None:
    global _done
    if _done:
        return
    import tldextract.tldextract as tld

    tld.TLD_EXTRACTOR = tld.TLDExtract(suffix_list_urls=(), cache_dir=None)
    _done = True
