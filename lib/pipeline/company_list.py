"""The Companies page's content: the table with each company's agent, and the agent choices."""

from __future__ import annotations

import pandas as pd

from lib.i18n import t
from lib.reflect import tables

NO_AGENT = 0  # the agent picker's "no agent" choice (agent ids start at 1)


def company_table(rows: list[dict], lang: str) -> pd.DataFrame:
    """The companies as shown (lib.reflect.tables.company_table), with the agent's name, read
    from the agent record, after how the user applied."""
    frame = tables.company_table(rows, lang)
    frame.insert(frame.columns.get_loc(t("companies.applied_via", lang)) + 1, t("companies.agent", lang),
                 [row.get("agent_name") or "" for row in rows])
    return frame


def agent_choices(agents: list[dict], lang: str) -> dict[int, str]:
    """The company form's agent picker: no agent first, then every agent record by name (with
    the agency when there is one)."""
    choices = {NO_AGENT: t("companies.no_agent", lang)}
    for agent in agents:
        agency = agent.get("agency") or ""
        choices[agent["id"]] = t("companies.agent_with_agency", lang, name=agent["name"], agency=agency) \
            if agency else agent["name"]
    return choices
