"""A shop against its peers: how many of the other shops of its trade on the street, and of all
the others, do something (open on Sundays, take ZeroPay …), in the sentence a merchant card says."""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .categories import CATEGORIES


@dataclass(frozen=True)
class PeerShare:
    """`k` of the `n` other shops of the trade, and `k_all` of the `n_all` other shops of the street."""

    k: int
    n: int
    k_all: int
    n_all: int
    trade_ko: str
    trade_en: str

    @property
    def share(self) -> float:
        """The trade's share (the street's when the shop is the only one of its trade), 0..1."""
        return self.k / self.n if self.n else (self.k_all / self.n_all if self.n_all else 0.0)

    @property
    def most(self) -> bool:
        """At least half of the peers do it (and there are peers to speak of)."""
        return (self.n or self.n_all) > 0 and self.share >= 0.5

    def ko(self, verb: str, particle: str = "이") -> str:
        """"이 골목의 다른 음식 업종 14곳 중 11곳(골목 전체 52곳 중 30곳)이 {verb}"; with the
        shop's own answer, say `particle=share.beside(has)`: "…은 받습니다" after "받지 않습니다"."""
        if not self.n:
            return f"이 골목의 다른 가게 {self.n_all}곳 중 {self.k_all}곳{particle} {verb}"
        whole = f"골목 전체 {self.n_all}곳 중 {self.k_all}곳"
        return f"이 골목의 다른 {self.trade_ko} 업종 {self.n}곳 중 {self.k}곳({whole}){particle} {verb}"

    def beside(self, has: bool) -> str:
        """The particle for the peers after the shop's own sentence: 도 (they too, the shop does as
        most do), 만 (only they: the shop is among the few), 은 (they do, the shop does not)."""
        if not has:
            return "은"
        return "도" if self.most else "만"

    def en(self, verb: str) -> str:
        """"11 of the 14 others in your trade (Food & drink) here (30 of all 52) {verb}"."""
        if not self.n:
            return f"{self.k_all} of the {self.n_all} other shops here {verb}"
        return (f"{self.k} of the {self.n} others in your trade ({self.trade_en}) here "
                f"({self.k_all} of all {self.n_all}) {verb}")


@dataclass
class _Counts:
    """How many shops of each trade, and of the street, pass one test."""

    by_trade: Counter[str]
    total: int


def compare_peers(street: Any, merchant: Any, test: Callable[[Any], bool], key: str = "") -> PeerShare:
    """How many of `merchant`'s peers (the other shops of its trade on the street) and of the
    street's other shops pass `test`.

    With `key` naming what `test` asks ("local_currency.zeropay"; unique on the street), the street
    is counted once and each shop takes itself out: a card for each of 1,000 shops otherwise asks a
    million questions per sentence."""
    trade = CATEGORIES[merchant.category]
    counts, shops = _counts(street, key, test), _counts(street, "*", lambda m: True)
    own = 1 if test(merchant) else 0
    return PeerShare(counts.by_trade[merchant.category] - own, shops.by_trade[merchant.category] - 1,
                     counts.total - own, shops.total - 1, trade.ko, trade.en)


def _counts(street: Any, key: str, test: Callable[[Any], bool]) -> _Counts:
    """The street's shops that pass `test`, counted by trade; kept under `key` when one is given."""
    if key and key in street.peer_counts:
        return street.peer_counts[key]  # type: ignore[no-any-return]
    passing = [m for m in street.profile.merchants if test(m)]
    counts = _Counts(Counter(m.category for m in passing), len(passing))
    if key:
        street.peer_counts[key] = counts
    return counts
