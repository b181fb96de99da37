"""The report's chapter on the stores around the street, from the snapshots (`snapshots.py`):
the trade mix against the 행정동 and 시군구, openings, closures, survival and churn between
quarters, and same-trade competition within 300 m and 500 m. Contributed through the report
plugin's `report_sections` hook, and the 구's mix through its `report_benchmark` hook."""
from __future__ import annotations

from typing import Any

from streetkit import CATEGORIES, Chapter, Street, charts

from . import snapshots
from .snapshots import Snapshot

SOURCE = "소상공인시장진흥공단 상가(상권)정보"


def source_line(*snaps: Snapshot) -> str:
    """The source and period every table and chart of the chapter carries."""
    periods = " → ".join(s.label for s in snaps)
    return f"자료: {SOURCE}, {periods}"


def _color(street: Street) -> str:
    return street.tokens.get("color-primary-surface") or street.profile.brand.primary


def sections(street: Street, snaps: list[Snapshot], area: Any) -> list[Chapter]:
    """The chapter and its sections for the snapshots (oldest first); none without snapshots."""
    if not snaps:
        return []
    region = street.profile.region
    dong, gu = region.dong or "", region.sigungu
    last = snaps[-1]
    now = snapshots.zones(last, area, gu, dong)
    color = _color(street)
    out = [Chapter("stores", "상가 변동과 경쟁", "print/report/stores.html", order=35,
                   context={"snapshots": snaps, "source": source_line(last), "dong": dong, "gu": gu,
                            "now": now, "near": snapshots.NEAR_M})]
    rows = [(CATEGORIES[k], sum(1 for r in now.street if r.category == k), street_share, dong_share, gu_share)
            for k, street_share, dong_share, gu_share in _mix_rows(now)]
    out.append(Chapter(
        "stores-mix", f"{dong or gu}·{gu}와 비교한 업종 구성", "print/report/stores-mix.html", parent="stores", order=10,
        context={"mix_rows": rows, "source": source_line(last), "dong": dong, "gu": gu, "now": now,
                 "mix_chart": charts.hbar_chart([(c.ko, s) for c, _n, s, _d, _g in rows], color=color, unit="%",
                                                decimals=1, title="우리 상권의 업종 비중",
                                                compare=[g for *_x, g in rows], compare_label=gu)}))
    if len(snaps) >= 2:
        out.append(_flow_section(snaps, now, area, dong, gu, color))
    trades, subs = snapshots.competition(last, area, now.street)
    out.append(Chapter(
        "stores-rivals", "주변 경쟁 점포", "print/report/stores-rivals.html", parent="stores", order=30,
        context={"trades": trades, "subs": subs, "rings": snapshots.RINGS_M, "source": source_line(last)},
        highlights=[(f"{subs[0].label} 경쟁 점포 ({snapshots.RINGS_M[-1]}m 안)", f"{subs[0].within[-1]}곳")]
        if subs else []))
    return out


def _mix_rows(now: snapshots.Zones) -> list[tuple[str, float, float, float]]:
    """(category, street %, 동 %, 구 %) for every category present in any of the three, by the street's share."""
    street, dong, gu = (snapshots.shares(z) for z in (now.street, now.dong, now.gu))
    keys = [k for k in CATEGORIES if street[k] or dong[k] or gu[k]]
    return sorted(((k, street[k], dong[k], gu[k]) for k in keys), key=lambda row: (-row[1], -row[3]))


def _flow_section(snaps: list[Snapshot], now: snapshots.Zones, area: Any, dong: str, gu: str, color: str) -> Chapter:
    """Openings and closures between the last two snapshots (`now`: the newest one's zones)."""
    first, before, last = snaps[0], snaps[-2], snaps[-1]
    then = snapshots.zones(before, area, gu, dong)
    zone_flows = [(name, snapshots.flow(getattr(then, z), getattr(now, z)))
                  for name, z in (("상점가", "street"), (dong, "dong"), (gu, "gu")) if name]
    old, new = snapshots.by_trade(then.street), snapshots.by_trade(now.street)
    trade_flows = [(CATEGORIES[k], snapshots.flow(old.get(k, []), new.get(k, []))) for k in CATEGORIES
                   if k in old or k in new]
    gu_old, gu_new = snapshots.by_trade(then.gu), snapshots.by_trade(now.gu)
    gu_churn = {k: snapshots.flow(gu_old.get(k, []), gu_new.get(k, [])).churn for k in CATEGORIES}
    context: dict[str, Any] = {
        "zone_flows": zone_flows, "trade_flows": trade_flows, "gu_churn": gu_churn, "gu": gu,
        "before": before, "last": last, "source": source_line(before, last),
        "flow_chart": charts.bar_chart([name for name, _f in zone_flows],
                                       {"개업률": [f.rate(f.opened) for _n, f in zone_flows],
                                        "폐업률": [f.rate(f.closed) for _n, f in zone_flows]},
                                       color=color, unit="%", title="분기 개업률과 폐업률")}
    if len(snaps) >= 3:  # survival over the whole span, not just the last quarter
        start = snapshots.zones(first, area, gu, dong)
        context["span"] = (first, snapshots.flow(start.street, now.street))
    street_flow = zone_flows[0][1]
    return Chapter(
        "stores-flow", "개업·폐업과 생존", "print/report/stores-flow.html", parent="stores", order=20, context=context,
        highlights=[("분기 교체율 (상점가)", f"{street_flow.churn:g}%"),
                    (f"분기 교체율 ({gu})", f"{zone_flows[-1][1].churn:g}%")])


def benchmark(street: Street, snaps: list[Snapshot], area: Any) -> dict[str, Any] | None:
    """The 구's trade mix from the newest snapshot, for the report's merchant-mix chapter."""
    if not snaps:
        return None
    region = street.profile.region
    gu_rows = snapshots.zones(snaps[-1], area, region.sigungu, region.dong or "").gu
    if not gu_rows:
        return None
    return {"label": f"{region.sigungu} 전체", "shares": snapshots.shares(gu_rows),
            "note": f"비교값은 {SOURCE} {snaps[-1].label} 자료의 {region.sigungu} 점포 {len(gu_rows):,}곳으로 "
                    "계산했습니다."}
