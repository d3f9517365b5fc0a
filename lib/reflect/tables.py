"""Pure: record frames in, display tables out, with headers and codes in the UI language."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lib.i18n import format_datetime, t

FEELING_CHARS = 60  # of the one-line feeling on a reflection card; the record shows it whole


def translated(values: pd.Series, prefix: str, lang: str) -> pd.Series:
    """Stored codes (round, status...) in `lang`, translated once per distinct code."""
    names = {code: t(f"{prefix}.{code}", lang) for code in values.dropna().unique()}
    return values.map(names).fillna("").astype(object)


def company_labels(frame: pd.DataFrame, lang: str) -> pd.Series:
    """Company names, marked when they are sample data."""
    badge = f" [{t('common.sample_badge', lang)}]"
    names = frame["company"].astype(object)
    return names.where(frame["is_sample"] != 1, names + badge)


def reflection_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The list of reflections as shown: date, company, round, overall, status, feeling."""
    header = {key: t(f"reflections.{key}", lang) for key in
              ("col_date", "col_company", "col_round", "col_overall", "col_status", "col_feeling")}
    return pd.DataFrame({
        header["col_date"]: frame["local_start"],
        header["col_company"]: company_labels(frame, lang),
        header["col_round"]: translated(frame["round"], "round", lang),
        header["col_overall"]: frame["overall"],
        header["col_status"]: translated(frame["status"], "reflection_status", lang),
        header["col_feeling"]: frame["feeling"],
    }, index=frame.index)


@dataclass(frozen=True)
class ReflectionCard:
    """One reflection in the list, in the UI language: what the card says, and which record it opens.
    `company` and `feeling` are the user's text, to be shown literally."""
    id: int
    when: str
    company: str
    round: str
    overall: str
    status: str
    feeling: str


def shortened(text: object, limit: int = FEELING_CHARS) -> str:
    """The first line of `text`, cut at `limit` characters with an ellipsis."""
    if not isinstance(text, str) or not text.strip():
        return ""
    first = text.strip().splitlines()[0].strip()
    cut = first if len(first) <= limit else first[:limit - 1].rstrip() + "…"
    return cut if cut == text.strip() or cut.endswith("…") else cut + "…"


def reflection_cards(frame: pd.DataFrame, lang: str) -> list[ReflectionCard]:
    """The reflections as cards, in the frame's order (newest first as listed)."""
    companies = company_labels(frame, lang)
    rounds = translated(frame["round"], "round", lang)
    statuses = translated(frame["status"], "reflection_status", lang)
    return [ReflectionCard(
        id=int(row.id),
        when=format_datetime(row.local_start, lang) if pd.notna(row.local_start) else "",
        company=companies[index], round=rounds[index],
        overall=(t("common.rating_of_5", lang, rating=int(row.overall)) if pd.notna(row.overall)
                 else t("common.not_rated", lang)),
        status=statuses[index], feeling=shortened(row.feeling),
    ) for index, row in zip(frame.index, frame.itertuples(), strict=True)]


def interview_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The list of interviews as shown: when, company, round, status, result, reflection."""
    header = {key: t(f"interviews.{key}", lang) for key in
              ("col_when", "col_company", "col_round", "col_status", "col_result", "col_reflection")}
    return pd.DataFrame({
        header["col_when"]: frame["local_start"],
        header["col_company"]: company_labels(frame, lang),
        header["col_round"]: translated(frame["round"], "round", lang),
        header["col_status"]: translated(frame["status"], "status", lang),
        header["col_result"]: translated(frame["result"], "result", lang),
        header["col_reflection"]: translated(frame["reflection_status"].fillna("none"), "reflection_status", lang),
    }, index=frame.index)


def company_table(rows: list[dict], lang: str) -> pd.DataFrame:
    """The list of companies as shown."""
    frame = pd.DataFrame(rows, columns=["name", "position", "industry", "applied_via", "interest", "archived",
                                        "is_sample"]).rename(columns={"name": "company"})
    return pd.DataFrame({
        t("companies.name", lang): company_labels(frame, lang),
        t("companies.position", lang): frame["position"],
        t("companies.industry", lang): frame["industry"],
        t("companies.applied_via", lang): translated(frame["applied_via"], "applied_via", lang),
        t("companies.interest", lang): frame["interest"],
        t("companies.archived_badge", lang): frame["archived"].map({1: "✓"}).fillna(""),
    })
