"""The Agents page's list: one line per agent, opened with one click.

A static list of buttons instead of a grid and a separate picker: one click on the agent's line
opens the editor, and the line costs far less to draw than an st.dataframe grid.
"""

from __future__ import annotations

from lib.i18n import t


def introduced(companies: list[dict], lang: str) -> dict[int, list[str]]:
    """Agent id -> the names of the companies linked to it (marked when sample data), in the given order."""
    names: dict[int, list[str]] = {}
    badge = f" [{t('common.sample_badge', lang)}]"
    for company in companies:
        if company.get("agent_id"):
            names.setdefault(company["agent_id"], []).append(
                company["name"] + badge if company.get("is_sample") else company["name"])
    return names


def row_labels(agents: list[dict], companies: list[dict], lang: str) -> list[tuple[int, str]]:
    """(agent id, its whole line) for lib.pipeline.agents.list_agents() rows, in their order: name,
    then agency, email, phone and the companies it introduced, each when given. User text stays as
    typed: the page shows it literally."""
    separator = t("common.row_separator", lang)
    names = introduced(companies, lang)
    lines = []
    for agent in agents:
        cells = [agent["name"], *(agent.get(k) or "" for k in ("agency", "email", "phone"))]
        if agent["id"] in names:
            cells.append(t("agents.row_companies", lang,
                           names=t("agents.row_names_joiner", lang).join(names[agent["id"]])))
        lines.append((int(agent["id"]), separator.join(cell for cell in cells if cell.strip())))
    return lines
