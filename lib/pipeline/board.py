"""The Pipeline page's content: the board of companies by stage and the funnel table.

One query reads what the board needs for every active company; the rest is pure and
built once per data version, language and minute by the page.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import UTC, datetime

import pandas as pd
from sqlite_utils import Database

from lib.i18n import format_datetime, t
from lib.pipeline.next_action import CompanyFacts, NextAction, describe, next_action
from lib.pipeline.stages import ACTIVE_STAGES, CLOSED_STAGES, STAGES

# Cards drawn per column, the most wanted first: a board of 500 companies would draw every one
# of them on each visit (~2,400 DOM nodes); the rest are counted and reached by the picker below.
CARDS_PER_COLUMN = 12
CARDS_PER_CLOSED_COLUMN = 3

_BOARD_QUERY = """
WITH last AS (
    SELECT i.company_id, i.id, i.round, i.starts_at, i.timezone, i.result, i.thank_you_dismissed,
           ROW_NUMBER() OVER (PARTITION BY i.company_id ORDER BY i.starts_at DESC, i.id DESC) AS n
    FROM interviews i WHERE i.status != 'cancelled' AND i.starts_at < :now
), upcoming AS (
    SELECT i.company_id, i.round, i.starts_at, i.timezone,
           ROW_NUMBER() OVER (PARTITION BY i.company_id ORDER BY i.starts_at, i.id) AS n
    FROM interviews i WHERE i.status = 'scheduled' AND i.starts_at >= :now
)
SELECT c.id, c.name, c.stage, c.interest, c.is_sample, a.name AS agent,
       u.starts_at AS next_starts_at, u.timezone AS next_timezone, u.round AS next_round,
       l.starts_at AS last_starts_at, l.timezone AS last_timezone, l.round AS last_round,
       l.result AS last_result, r.status AS last_reflection,
       (l.thank_you_dismissed = 1 OR EXISTS (SELECT 1 FROM communications m
            WHERE m.interview_id = l.id AND m.kind = 'thank_you')) AS last_thanked,
       (SELECT MAX(s.changed_at) FROM stage_changes s WHERE s.company_id = c.id) AS stage_since
FROM companies c
LEFT JOIN agents a ON a.id = c.agent_id
LEFT JOIN last l ON l.company_id = c.id AND l.n = 1
LEFT JOIN upcoming u ON u.company_id = c.id AND u.n = 1
LEFT JOIN reflections r ON r.interview_id = l.id
WHERE c.archived = 0
ORDER BY c.interest IS NULL, c.interest DESC, c.name COLLATE NOCASE, c.id
"""

_FACT_FIELDS = tuple(CompanyFacts.__dataclass_fields__)


@dataclass(frozen=True)
class Card:
    """One company on the board."""

    company_id: int
    name: str
    is_sample: bool
    stage: str
    interest: int | None
    agent: str
    next_interview: datetime | None  # local, in the interview's zone
    action: NextAction


def board_rows(db: Database, now: datetime) -> list[dict]:
    """Every active (not archived) company with the facts its card and next action need,
    most wanted first."""
    return list(db.query(_BOARD_QUERY, {"now": now.astimezone(UTC).isoformat()}))


def cards(rows: list[dict], now: datetime) -> list[Card]:
    """The board's cards, in the order of `rows`."""
    built = []
    for row in rows:
        values = {name: row[name] for name in _FACT_FIELDS} | {"last_thanked": bool(row["last_thanked"])}
        action = next_action(CompanyFacts(**values), now)
        built.append(Card(
            company_id=row["id"], name=row["name"], is_sample=bool(row["is_sample"]),
            stage=row["stage"] if row["stage"] in STAGES else STAGES[0], interest=row["interest"],
            agent=row["agent"] or "", next_interview=action.interview_at if action.code == "prepare" else None,
            action=action,
        ))
    return built


def _name(card: Card, lang: str) -> str:
    badge = f" [{t('common.sample_badge', lang)}]" if card.is_sample else ""
    return card.name + badge


def _card_html(card: Card, lang: str) -> str:
    lines = [f'<div class="fk-name">{html.escape(_name(card, lang))}</div>']
    interest = (t("pipeline.card_interest", lang, interest="★" * card.interest + "☆" * (5 - card.interest))
                if card.interest else t("pipeline.card_no_interest", lang))
    lines.append(f'<div class="fk-meta">{html.escape(interest)}</div>')
    if card.next_interview:
        when = t("pipeline.card_next", lang, when=format_datetime(card.next_interview, lang))
        lines.append(f'<div class="fk-meta">{html.escape(when)}</div>')
    if card.agent:
        agent = t("pipeline.card_agent", lang, agent=card.agent)
        lines.append(f'<div class="fk-meta">{html.escape(agent)}</div>')
    if card.action.code != "none":
        action = t("pipeline.card_action", lang, action=describe(card.action, lang))
        lines.append(f'<div class="fk-action">{html.escape(action)}</div>')
    return f'<div class="fk-card" data-company="{card.company_id}">{"".join(lines)}</div>'


def _stage_cards(stage: str, stage_cards: list[Card], room: int, lang: str) -> str:
    items = [_card_html(card, lang) for card in stage_cards[:room]]
    if hidden := len(stage_cards) - len(items):
        items.append(f'<div class="fk-more">{html.escape(t("pipeline.more_cards", lang, count=hidden))}</div>')
    return "".join(items)


def board_html(board: list[Card], lang: str) -> str:
    """The board as one HTML block: a column for each open stage that holds a company, with its
    count and its most wanted companies (CARDS_PER_COLUMN) and how many more there are; the open
    stages nobody is at named on one line; the closed stages folded into one last column that
    counts them and opens on a click (CARDS_PER_CLOSED_COLUMN per stage). The columns share the
    width and wrap rather than scroll. Every text from the user is escaped, so it shows literally."""
    by_stage: dict[str, list[Card]] = {stage: [] for stage in STAGES}
    for card in board:
        by_stage[card.stage].append(card)
    columns = []
    for stage in ACTIVE_STAGES:
        if not by_stage[stage]:
            continue
        head = html.escape(t("pipeline.column_title", lang, stage=t(f"stage.{stage}", lang),
                             count=len(by_stage[stage])))
        columns.append(f'<div class="fk-column" data-stage="{stage}"><div class="fk-head">{head}</div>'
                       f'{_stage_cards(stage, by_stage[stage], CARDS_PER_COLUMN, lang)}</div>')
    if not columns:
        columns.append(f'<div class="fk-column fk-none"><div class="fk-empty">'
                       f'{html.escape(t("pipeline.no_open", lang))}</div></div>')
    closed_count = sum(len(by_stage[stage]) for stage in CLOSED_STAGES)
    if closed_count:
        groups = []
        for stage in CLOSED_STAGES:
            if by_stage[stage]:
                head = html.escape(t("pipeline.column_title", lang, stage=t(f"stage.{stage}", lang),
                                     count=len(by_stage[stage])))
                groups.append(f'<div class="fk-group" data-stage="{stage}"><div class="fk-subhead">{head}</div>'
                              f'{_stage_cards(stage, by_stage[stage], CARDS_PER_CLOSED_COLUMN, lang)}</div>')
        summary = html.escape(t("pipeline.closed_title", lang, count=closed_count))
        columns.append(f'<div class="fk-column fk-closed" data-stage="closed"><details class="fk-fold">'
                       f'<summary class="fk-head">{summary}</summary>{"".join(groups)}</details></div>')
    unused = [t(f"stage.{stage}", lang) for stage in ACTIVE_STAGES if not by_stage[stage]]
    if len(unused) == len(ACTIVE_STAGES):
        unused = []  # "nothing open" says it already
    stages = t("pipeline.stage_separator", lang).join(unused)
    note = f'<div class="fk-unused">{html.escape(t("pipeline.empty_stages", lang, stages=stages))}</div>' if unused else ""
    return _BOARD_CSS + f'<div class="fk-board">{"".join(columns)}</div>{note}'


_BOARD_CSS = """<style>
.fk-board { display: flex; flex-wrap: wrap; gap: 0.6rem; padding-bottom: 0.3rem; align-items: flex-start;
            max-width: 100%; overflow-x: hidden; }
.fk-column { flex: 1 1 11rem; min-width: 0; max-width: 20rem; box-sizing: border-box;
             background: rgba(61, 107, 142, 0.06); border-radius: 0.5rem; padding: 0.5rem; }
.fk-closed { flex: 0 1 12rem; background: rgba(36, 49, 59, 0.05); }
.fk-head { font-weight: 600; margin-bottom: 0.4rem; }
.fk-fold > summary { cursor: pointer; margin-bottom: 0; }
.fk-fold[open] > summary { margin-bottom: 0.4rem; }
.fk-subhead { font-size: 0.85rem; font-weight: 600; opacity: 0.8; margin: 0.3rem 0; }
.fk-card { background: #fff; border: 1px solid rgba(36, 49, 59, 0.15); border-radius: 0.4rem;
           padding: 0.4rem 0.5rem; margin-bottom: 0.4rem; font-size: 0.9rem; overflow-wrap: anywhere; }
.fk-name { font-weight: 600; white-space: pre-wrap; }
.fk-meta { opacity: 0.8; font-size: 0.82rem; white-space: pre-wrap; }
.fk-action { margin-top: 0.2rem; font-size: 0.82rem; color: #3d6b8e; white-space: pre-wrap; }
.fk-empty { opacity: 0.6; }
.fk-unused { opacity: 0.7; font-size: 0.82rem; margin-top: 0.2rem; }
.fk-more { opacity: 0.7; font-size: 0.82rem; }
</style>"""


def history_frame(rows: list[dict]) -> pd.DataFrame:
    """lib.pipeline.stages.stage_history() rows as the frame lib.pipeline.stages.funnel() takes."""
    return pd.DataFrame(rows, columns=["company_id", "stage", "changed_at"])


def funnel_table(funnel: pd.DataFrame, lang: str) -> pd.DataFrame:
    """lib.pipeline.stages.funnel() with translated stages and headers; the pass rate stays a
    fraction (0-1) for the page to format as a percentage."""
    return pd.DataFrame({
        t("pipeline.col_stage", lang): [t(f"stage.{stage}", lang) for stage in funnel["stage"]],
        t("pipeline.col_reached", lang): funnel["reached"].astype("Int64"),
        t("pipeline.col_passed", lang): funnel["passed"].astype("Int64"),
        t("pipeline.col_pass_rate", lang): funnel["pass_rate"].astype("Float64"),
        t("pipeline.col_median_days", lang): funnel["median_days"].astype("Float64").round(1),
    })
