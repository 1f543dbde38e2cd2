"""Keyed derivation: every choice safename makes about a pseudonym comes from HMAC-SHA256.

A plain hash of a name would let anyone hash a guessed name and compare; an HMAC under the
user's secret key does not. Choices use rendezvous ranking (each candidate scored by
HMAC(key, purpose, value, candidate)), so adding names to a pool moves few existing pseudonyms
and a collision falls back to the next candidate in a fixed, key-dependent order.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Callable, Iterable

from safename.textutil import fold

_SEP = b"\x1f"


def normalise_name(name: str) -> str:
    """The form a name is keyed by: folded case and diacritics, single spaces."""
    return re.sub(r"\s+", " ", fold(name)).strip()


class Deriver:
    """HMAC-based choices under one secret key.

    Rankings are cached: a document names the same people again and again, and `redact`
    checks its own output with the same choices. The C implementation of HMAC ("sha256" by
    name) gives the same digests as `hashlib.sha256`, several times faster.
    """

    RANKING_CACHE = 4096

    def __init__(self, key: bytes) -> None:
        self._key = key
        block = hashlib.sha256().block_size
        padded = (hashlib.sha256(key).digest() if len(key) > block else key).ljust(block, b"\0")
        self._pads = (
            hashlib.sha256(bytes(b ^ 0x36 for b in padded)),
            hashlib.sha256(bytes(b ^ 0x5C for b in padded)),
        )
        self._folded: dict[str, bytes] = {}
        self._rankings: dict[tuple[str, str, tuple[str, ...]], list[str]] = {}

    def digest(self, purpose: str, *parts: str) -> bytes:
        mac = hmac.new(self._key, purpose.encode("utf-8"), "sha256")
        for part in parts:
            mac.update(_SEP + part.encode("utf-8"))
        return mac.digest()

    def hexdigest(self, purpose: str, *parts: str) -> str:
        return self.digest(purpose, *parts).hex()

    def ranked(self, purpose: str, value: str, candidates: Iterable[str]) -> list[str]:
        """Candidates in the key's preference order for `value` (rendezvous hashing)."""
        pool = tuple(candidates)
        cache_key = (purpose, value, pool)
        cached = self._rankings.get(cache_key)
        if cached is not None:
            return cached
        # HMAC-SHA256(key, purpose SEP value SEP candidate) for every candidate, computed from
        # the key's two padded SHA-256 states (RFC 2104) copied per candidate: the same digests
        # as hmac.new(...).copy(), without a Python HMAC object each (a third of the time).
        inner, outer = self._pads
        base = inner.copy()
        base.update(purpose.encode("utf-8") + _SEP + value.encode("utf-8") + _SEP)
        folded = self._folded
        scored = []
        for candidate in set(pool):
            data = folded.get(candidate)
            if data is None:
                data = folded[candidate] = fold(candidate).encode("utf-8")
            h = base.copy()
            h.update(data)
            o = outer.copy()
            o.update(h.digest())
            scored.append((o.digest(), candidate))
        scored.sort()
        ranking = [c for _, c in scored]
        if len(self._rankings) >= self.RANKING_CACHE:
            self._rankings.clear()
        self._rankings[cache_key] = ranking
        return ranking

    def choose(
        self,
        purpose: str,
        value: str,
        candidates: Iterable[str],
        accept: Callable[[str], bool] = lambda _: True,
    ) -> str | None:
        """The most preferred acceptable candidate, or None when none is acceptable."""
        for candidate in self.ranked(purpose, value, candidates):
            if accept(candidate):
                return candidate
        return None


def _edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def too_close(candidate: str, real: str) -> bool:
    """Would `candidate` give `real` away? Its initial (so also its first three letters), its
    short form or a longer form of it ("Chiamaka" -> "Amaka", "Aminata" -> "Mina"), or a
    spelling one or two letters away ("Fatoumata" -> "Fatimata")."""
    a, b = fold(candidate), fold(real)
    if not a or not b or a[:1] == b[:1]:
        return True
    if (len(a) >= 3 and a in b) or (len(b) >= 3 and b in a):
        return True
    return abs(len(a) - len(b)) <= 2 and _edit_distance(a, b) <= 2
