"""The Companies page's content: one line per company (opened with one click), and the agent choices."""

from __future__ import annotations

from lib.i18n import t

NO_AGENT = 0  # the agent picker's "no agent" choice (agent ids start at 1)


def row_labels(rows: list[dict], lang: str) -> list[tuple[int, str]]:
    """(company id, its line) for lib.pipeline.companies.list_companies() rows, in their order:
    name (marked when sample data), then role, stage, agent, interest and "archived", each when
    there is one. User text stays as typed: the page shows it literally."""
    lines = []
    for row in rows:
        name = row["name"]
        cells = [f"{name} [{t('common.sample_badge', lang)}]" if row.get("is_sample") else name,
                 row.get("position") or "", t(f"stage.{row['stage']}", lang) if row.get("stage") else ""]
        if row.get("agent_name"):
            cells.append(t("companies.row_agent", lang, name=row["agent_name"]))
        if row.get("interest"):
            cells.append(t("companies.row_interest", lang, value=row["interest"]))
        if row.get("archived"):
            cells.append(t("companies.archived_badge", lang))
        lines.append((int(row["id"]), t("common.row_separator", lang).join(c for c in cells if c.strip())))
    return lines


def agent_choices(agents: list[dict], lang: str) -> dict[int, str]:
    """The company form's agent picker: no agent first, then every agent record by name (with
    the agency when there is one)."""
    choices = {NO_AGENT: t("companies.no_agent", lang)}
    for agent in agents:
        agency = agent.get("agency") or ""
        choices[agent["id"]] = t("companies.agent_with_agency", lang, name=agent["name"], agency=agency) \
            if agency else agent["name"]
    return choices
