"""Merchant cards (가게 맞춤 정보): what the street's own data says about each shop, on one A4 page
and on a private page the association sends as a link.

A card compares the shop with its peers (its trade on the street, and the whole street) — hours,
how it is listed — and gathers what other plugins find through this plugin's hook,
`card_findings` (payments, delivery, support programmes …); it ranks the gaps' next steps and
ends with the association's contact. Nothing on a card is not already in the profile; estimates
say so. The private pages are left out of the sitemap and every listing, say `noindex`, and
live under a token only the street's key makes (`Street.secret`).
"""
from __future__ import annotations

import csv
import hashlib
import hmac
import io
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import click

import streetkit
from streetkit import WEEKDAY_KO, Asset, Document, Finding, Page, Street, _, compare_peers

#: The plugin in the studio's words.
TITLE = "가게별 맞춤 정보 카드 (A4 한 장과 비공개 링크)"

#: A step with a deadline this close comes before any estimate of money.
URGENT_DAYS = 21
#: Steps on a card.
STEPS = 3
#: Cards per rendered part of the combined PDF: bounds WeasyPrint's memory on a long street, and
#: each part's PDF is kept in the content cache (a document in one piece is not), so a rebuild into
#: a new folder, or after an edit that leaves some cards as they were, renders only what changed.
CARDS_PER_PART = 20
#: Up to this many characters of findings (a heading counts as 60) a card prints at 10 pt, then 9.3 pt.
CHARS_LARGE = 1300
CHARS_MEDIUM = 1700
#: Closing at or after this hour counts as "open in the evening".
EVENING = 20
#: The private page's words, per language.
WORDS = {
    "ko": {"title": "가게 맞춤 정보", "eyebrow": "가게 맞춤 정보", "as_of": "{date} 기준",
           "private": "상인회가 이 가게에만 보내 드리는 주소입니다. 검색에 나오지 않습니다.",
           "steps": "먼저 해 볼 일", "good": "강점", "gap": "보완", "estimate": "추정치",
           "contact": "문의", "ask": "궁금한 점은 상인회에 물어 주세요:",
           "nothing": "여기에는 볼 것이 없습니다", "nothing_text": "가게 맞춤 정보는 상인회가 보내 드린 주소로만 열립니다."},
    "en": {"title": "Your shop at a glance", "eyebrow": "For your shop", "as_of": "as of {date}",
           "private": "A link the association sent to this shop only. It is not listed or searchable.",
           "steps": "Next steps", "good": "Strength", "gap": "To improve", "estimate": "estimate",
           "contact": "Questions", "ask": "Ask the association:",
           "nothing": "Nothing to see here", "nothing_text": "A shop's page opens only from the link the association sent."},
}
#: Saturday and Sunday (Monday is 0).
WEEKEND = (5, 6)
WEEKDAY_EN_LONG = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@streetkit.hookspec
def card_findings(street: Street) -> dict[str, list[Finding]] | None:
    """What a plugin's data says about each merchant, for its card: `{merchant id: [Finding]}`,
    strengths and gaps, each a sentence with its numbers (called once when the cards are planned,
    after `street_loaded`; a merchant the plugin has nothing to say about is left out)."""


#: The hook this plugin defines for the others.
HOOKSPECS = SimpleNamespace(card_findings=card_findings)


@dataclass
class Card:
    """One merchant's card: its findings by heading, its ranked next steps, its private link."""

    merchant: Any
    groups: list[tuple[str, str, list[Finding]]]
    steps: list[Finding]
    token: str
    indicators: dict[str, str | int | float] = field(default_factory=dict)

    @property
    def size(self) -> str:
        """The print size class for the card's length in characters ("l", "m", "s"): what fits one
        A4 page under the footer at 10, 9.3 and 8.6 pt (measured on the example streets)."""
        length = sum(len(f.ko) for f in self.findings) + 60 * len(self.groups)
        return "l" if length <= CHARS_LARGE else "m" if length <= CHARS_MEDIUM else "s"

    @property
    def findings(self) -> list[Finding]:
        return [f for _topic, _en, found in self.groups for f in found]

    def path(self, lang: str = "ko") -> str:
        """The private page's path below the site root."""
        return streetkit.site_path(lang, f"cards/{self.token}/index.html")

    def link(self, street: Street) -> str:
        """The private page's address, to send to the shop."""
        return f"{street.profile.base_url.rstrip('/')}/{self.path().removesuffix('index.html')}"


def token(street: Street, merchant_id: str, key: bytes | None = None) -> str:
    """The merchant's unguessable link word: an HMAC of its id under the street's key (80 bits)."""
    digest = hmac.new(key or street.secret("cards"), f"{street.slug}/{merchant_id}".encode(), hashlib.sha256)
    return digest.hexdigest()[:20]


def rank(steps: list[Finding]) -> list[Finding]:
    """Steps with a deadline within URGENT_DAYS first (soonest first), then those with an estimate
    of won per year (most first), then the other deadlines (a programme the shop may apply for,
    soonest first), then by the share of peers who already do it."""
    def key(f: Finding) -> tuple[int, float]:
        if f.deadline is not None and f.deadline <= URGENT_DAYS:
            return (0, f.deadline)
        if f.won:
            return (1, -f.won)
        if f.deadline is not None:
            return (2, f.deadline)
        return (3, -f.share)
    return sorted(steps, key=key)


def next_steps(findings: list[Finding]) -> list[Finding]:
    """The card's STEPS next steps: the best-ranked step of each heading first (so three steps are
    three kinds of thing to do, not three programmes), then the next best of any heading."""
    ranked = rank([f for f in findings if not f.good and f.step_ko])
    first: list[Finding] = []
    for f in ranked:
        if f.topic not in {g.topic for g in first}:
            first.append(f)
    chosen = first[:STEPS]
    chosen += [f for f in ranked if f not in chosen][:STEPS - len(chosen)]
    return rank(chosen)


def _late(merchant: Any) -> bool:
    """Open past EVENING o'clock on some day (a close past midnight counts)."""
    if merchant.hours is None:
        return False
    spans = [s for s in merchant.hours.minutes()["d"] if s]
    return any(close > EVENING * 60 or close <= opening for opening, close in spans)


def _open_on(day: int):
    return lambda m: m.hours is not None and m.hours.day(day) != "closed"


def hours_findings(street: Street, m: Any) -> list[Finding]:
    """The days the shop is closed while most of its peers open (and the other way round), and
    the evening: each against the peers, with a step for a gap."""
    def said(ko: str, en: str, **more: Any) -> Finding:
        return Finding("영업시간", ko, en, topic_en="Opening hours", **more)

    if m.hours is None:
        peers = compare_peers(street, m, lambda o: o.hours is not None, key="cards.hours")
        return [said("영업시간이 적혀 있지 않아 누리집과 지도에 '지금 영업 중'이 나오지 않습니다. "
                     + peers.ko("영업시간을 알렸습니다.", "은"),
                     en="No opening hours are listed, so the site and map cannot say whether you are open. "
                     + peers.en("list their hours."),
                     step_ko="상인회에 영업시간 알리기", step_en="Give the association your opening hours",
                     share=peers.share, indicators={"영업시간": "없음"})]
    out = []
    days_open = 7 - len(m.hours.closed_days())
    for i, day_ko in enumerate(WEEKDAY_KO):
        test = _open_on(i)
        peers = compare_peers(street, m, test, key=f"cards.open.{i}")
        if not test(m) and peers.most:
            out.append(said(f"{day_ko}요일에 쉽니다. " + peers.ko(f"{day_ko}요일에 문을 엽니다.", "은"),
                            en=f"You close on {WEEKDAY_EN_LONG[i]}s. " + peers.en(f"open on {WEEKDAY_EN_LONG[i]}s."),
                            step_ko=f"{day_ko}요일 영업 검토", step_en=f"Consider opening on {WEEKDAY_EN_LONG[i]}s",
                            share=peers.share))
        elif test(m) and not peers.most and i in WEEKEND:  # a weekday open when others close says little
            out.append(said(f"{day_ko}요일에도 엽니다. " + peers.ko("엽니다.", "만"),
                            en=f"You open on {WEEKDAY_EN_LONG[i]}s. " + peers.en("do."), good=True,
                            share=peers.share))
    late = compare_peers(street, m, _late, key="cards.evening")
    at_ko, at_en = f"저녁 {EVENING - 12}시", f"{EVENING - 12} pm"
    if _late(m):
        out.append(said(f"{at_ko} 넘어서도 엽니다. " + late.ko("엽니다.", late.beside(True)),
                        en=f"You are open after {at_en}. " + late.en(f"are open after {at_en}."),
                        good=True, share=late.share))
    elif late.most:
        out.append(said(f"{at_ko} 전에 닫습니다. " + late.ko(f"{at_ko} 넘어서까지 엽니다.", "은"),
                        en=f"You close before {at_en}. " + late.en(f"are open after {at_en}."),
                        step_ko=f"{at_ko} 넘어서까지 영업 검토", step_en=f"Consider staying open after {at_en}",
                        share=late.share))
    if not out:
        week = compare_peers(street, m, lambda o: o.hours is not None and 7 - len(o.hours.closed_days()) >= days_open,
                             key=f"cards.days.{days_open}")
        out.append(said(f"주 {days_open}일 엽니다. " + week.ko(f"주 {days_open}일 이상 엽니다."),
                        en=f"You open {days_open} days a week. " + week.en(f"open {days_open} days or more."),
                        good=True, share=week.share))
    out[0].indicators = {"주 영업일": days_open, "토요일 영업": "예" if _open_on(5)(m) else "아니오",
                         "일요일 영업": "예" if _open_on(6)(m) else "아니오",
                         f"{EVENING - 12}시 넘어 영업": "예" if _late(m) else "아니오"}
    return out


#: What a listing holds, as (test, Korean, English, the step for a gap).
LISTING = (
    (lambda m: bool(m.photo), "가게 사진", "a photo", "가게 사진 보내기", "Send the association a photo"),
    (lambda m: bool(m.description), "가게 소개", "a description", "가게 소개 한두 문장 보내기",
     "Send a sentence or two about the shop"),
    (lambda m: bool(m.name_en), "영어 가게 이름", "an English name", "영어 가게 이름 정하기", "Give the shop an English name"),
)


def listing_findings(street: Street, m: Any) -> list[Finding]:
    """What the shop's page shows visitors: a photo, a description, an English name."""
    out: list[Finding] = []
    columns: dict[str, str | int | float] = {}
    for test, ko, en, step_ko, step_en in LISTING if "en" in street.languages else LISTING[:2]:
        peers = compare_peers(street, m, test, key=f"cards.listing.{ko}")
        has = test(m)
        columns[ko] = "예" if has else "아니오"
        said_ko = peers.ko("올렸습니다.", peers.beside(has))
        if has:
            out.append(Finding("가게 페이지", f"{streetkit.josa(ko, '이', '가')} 있습니다. " + said_ko,
                               f"Your page has {en}. " + peers.en(f"have {en}."), topic_en="Your page",
                               good=True, share=peers.share))
        else:
            out.append(Finding("가게 페이지", f"{streetkit.josa(ko, '이', '가')} 없습니다. " + said_ko,
                               f"Your page has no {en.removeprefix('a ').removeprefix('an ')}. " + peers.en(f"have {en}."),
                               topic_en="Your page", step_ko=step_ko, step_en=step_en, share=peers.share))
    out[0].indicators = columns
    return out


def cards(street: Street) -> list[Card]:
    """Every merchant's card, in the street's merchant order (computed once per build)."""
    if "cards" in street.data:
        return list(street.data["cards"])
    made, key = [], street.secret("cards")
    contributed = [found for _plugin, found in street.call_hook("card_findings", street=street) if found]
    for m in street.profile.merchants:
        findings = hours_findings(street, m) + listing_findings(street, m)
        for found in contributed:
            findings += found.get(m.id, [])
        groups: dict[str, tuple[str, str, list[Finding]]] = {}
        for f in findings:
            groups.setdefault(f.topic, (f.topic, f.topic_en, []))[2].append(f)
        indicators: dict[str, str | int | float] = {}
        for f in findings:
            indicators.update(f.indicators)
        steps = next_steps(findings)
        made.append(Card(m, list(groups.values()), steps, token(street, m.id, key), indicators))
    street.data["cards"] = made
    return made


def indicators_csv(street: Street, made: list[Card]) -> str:
    """One row per merchant: its card's figures and private link, for a district officer's sheet
    (UTF-8 with BOM, so Excel opens the Korean headers)."""
    columns: list[str] = []
    for card in made:
        columns += [c for c in card.indicators if c not in columns]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["가게 ID", "가게 이름", "업종", "강점", "보완할 점", "첫째 할 일", *columns, "비공개 링크"])
    for card in made:
        findings = card.findings
        writer.writerow([card.merchant.id, card.merchant.name, streetkit.CATEGORIES[card.merchant.category].ko,
                         sum(f.good for f in findings), sum(not f.good for f in findings),
                         card.steps[0].step_ko if card.steps else "",
                         *(card.indicators.get(c, "") for c in columns),
                         card.link(street)])
    return "\ufeff" + out.getvalue()


@streetkit.hookimpl
def template_dirs():
    return [Path(__file__).parent / "templates"]


@streetkit.hookimpl
def artifacts(street: Street):
    made = cards(street)
    if not made:
        return None
    links = {c.merchant.id: c.link(street) for c in made}
    sheet = "print/cards/merchant-cards.pdf"
    common = {"links": links, "as_of": street.today}
    out: list[Any] = [
        Document(path=sheet, template="print/merchant-card.html", title=f"가게 맞춤 정보 카드 (전체 {len(made)}장)",
                 kind="card", press=False, context={**common, "cards": made},
                 parts=[{"cards": made[i:i + CARDS_PER_PART]} for i in range(0, len(made), CARDS_PER_PART)]),
        *(Document(path=f"print/cards/{c.merchant.id}.pdf", title=f"가게 맞춤 정보 — {c.merchant.name}",
                   page_of=(sheet, i), kind="card", press=False) for i, c in enumerate(made)),
        Asset(path="print/cards/merchant-cards.csv", data=lambda: indicators_csv(street, made)),
    ]
    for lang in street.languages:
        # A folder of tokens must not be listed by a host that lists folders without an index.
        out.append(Page(path=f"site/{streetkit.site_path(lang, 'cards/index.html')}", template="site/merchant-card.html",
                        lang=lang, private=True, context={"card": None, "w": WORDS[lang]}))
        as_of = streetkit.kdate(street.today) if lang == "ko" else streetkit.edate(street.today)
        out += [Page(path=f"site/{c.path(lang)}", template="site/merchant-card.html", lang=lang, private=True,
                     context={"card": c, "w": WORDS[lang], "as_of": as_of}) for c in made]
    return out


@click.command("cards", help=_("List each merchant's card with its private link; with -o, write the cards as a PDF."))
@click.argument("street_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-m", "--merchant", "merchant_ids", multiple=True, metavar="ID",
              help=_("Only this merchant (repeatable) [default: every merchant]."))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=_("Write the card (one merchant) or all the cards (one PDF, a page each) to this file."))
def cards_command(street_dir: Path, merchant_ids: tuple[str, ...], output: Path | None) -> None:
    street = streetkit.load(street_dir, enriched=True)
    if "merchant_cards" not in street.enabled_plugins:
        raise streetkit.StreetkitError(_("{street}: merchant cards are off; add merchant_cards to the profile's plugins",
                                         street=street_dir))
    made = cards(street)
    known = {c.merchant.id for c in made}
    for ident in merchant_ids:
        if ident not in known:
            raise streetkit.StreetkitError(_("{street}: no merchant with id {id}", street=street_dir, id=ident))
    chosen = [c for c in made if not merchant_ids or c.merchant.id in merchant_ids]
    for card in chosen:
        m = card.merchant
        steps = " / ".join(s.step_ko for s in card.steps) or "-"
        click.echo(f"{m.id}\t{m.name}\t{m.phone or '-'}\t{card.link(street)}\t{steps}")
    if output is None:
        click.echo(_("the build writes every card to print/cards/ (a PDF each, all in merchant-cards.pdf, "
                     "the figures in merchant-cards.csv)"))
        return
    if len(chosen) == 1:
        data = streetkit.render_artifact(street_dir, f"print/cards/{chosen[0].merchant.id}.pdf")
    elif len(chosen) == len(made):
        data = streetkit.render_artifact(street_dir, "print/cards/merchant-cards.pdf")
    else:
        raise streetkit.StreetkitError(_("-o writes one merchant's card or all of them: give one --merchant, or none"))
    output.write_bytes(data)
    click.echo(_("wrote {file} (a page per merchant: {n})", file=output, n=len(chosen)))


@streetkit.hookimpl
def cli_commands(cli: click.Group):
    cli.add_command(cards_command)
