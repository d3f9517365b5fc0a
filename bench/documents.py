"""Document and generator timings for `make bench`: the practice-sheet PDF and question sets."""

from __future__ import annotations

import json
import random
import statistics
import time
from datetime import UTC, datetime

import pandas as pd

from lib.competencies import COMPETENCIES
from lib.generate.practice_sheet import PracticeSheet, SheetQuestion
from lib.generate.practice_sheet_pdf import sheet_pdf
from lib.practice.question_bank import BankQuestion, load_bank
from lib.practice.question_set import generate_question_set, index_bank
from lib.practice.recordings import analyse, encode
from lib.reflect.trends import competency_summary

REPEAT = 15


def _median_ms(action, repeat: int = REPEAT) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def sheet(lang: str) -> PracticeSheet:
    bank = load_bank()[:20]
    return PracticeSheet(lang, "株式会社ミナトデータ" if lang == "ja" else "Minato Data Inc.", "final", None, [
        SheetQuestion(q.text_in(lang), q.category, q.probes_in(lang), [q.looking_for_in(lang)]) for q in bank
    ], list(COMPETENCIES[:6]))


def big_bank(size: int = 10_000) -> list[BankQuestion]:
    """The real bank repeated under new ids until it holds `size` questions."""
    real = load_bank()
    return [BankQuestion(f"{q.id}-{n}", q.category, q.round, q.kind, q.difficulty, q.text, q.probes, q.looking_for)
            for n in range(size // len(real) + 1) for q in real][:size]


def summary() -> pd.DataFrame:
    rng = random.Random(0)
    rows = [{"interview_id": i, "reflection_id": i, "competency": c, "rating": rng.randint(1, 5),
             "starts_at": f"2026-01-{1 + i % 28:02d}T10:00:00+00:00", "timezone": "Asia/Tokyo"}
            for i in range(50) for c in COMPETENCIES]
    from lib.reflect.analytics import with_local_start

    return competency_summary(with_local_start(pd.DataFrame(rows)))


def measure() -> list[dict]:
    rows = []
    for lang in ("ja", "en"):
        document = sheet(lang)
        pdf = sheet_pdf(document)  # cold: the font is read once per process
        rows.append({"what": f"practice sheet PDF, 20 questions ({lang})", "warm_ms": round(_median_ms(
            lambda document=document: sheet_pdf(document)), 1), "bytes": len(pdf), "target": "<= 300 ms, <= 150 KB"})
    bank = index_bank(big_bank())
    weak = summary()
    now = datetime(2026, 11, 27, tzinfo=UTC)
    seeds = iter(range(10_000))
    rows.append({"what": "question set of 10 from a 10,000-question bank", "warm_ms": round(_median_ms(
        lambda: generate_question_set(bank, weak, now=now, seed=next(seeds))), 1), "bytes": None,
        "target": "<= 50 ms"})
    for rate in (16_000, 48_000):  # what the practice card records, and a browser's own rate
        take = spoken_take(180, rate)
        analyse(take)
        rows.append({"what": f"analyse a 3-minute take ({rate // 1000} kHz)", "warm_ms": round(_median_ms(
            lambda take=take: analyse(take)), 1), "bytes": len(take), "target": "<= 200 ms"})
    for count, seconds in ((3, 60), (20, 60)):  # the default number kept, and the most a user can keep
        warm, size = card_with_takes(count, seconds)
        rows.append({"what": f"practice card with {count} one-minute takes (AppTest)", "warm_ms": round(warm, 1),
                     "bytes": size, "target": "<= 50 ms warm rerun"})
    return rows


def card_with_takes(count: int, seconds: int) -> tuple[float, int]:
    """The practice card's warm rerun under AppTest (as `python -m bench` reruns pages) with
    `count` stored takes of its question, each `seconds` long; and the audio bytes the page sends."""
    import tempfile
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    from bench import APP, app_database
    from lib import db as dbmod
    from lib.practice import takes

    question = load_bank()[0]
    with tempfile.TemporaryDirectory(prefix="furikaeri-bench-takes-") as tmp:
        path = Path(tmp) / "takes.db"
        dbmod.migrate(path)
        measured = analyse(spoken_take(seconds, 16_000))
        with dbmod.opened(path) as conn:
            takes.set_keep(conn, max(count, takes.DEFAULT_KEEP))
            for n in range(count):
                takes.save_take(conn, question.id, question.text["ja"], measured, 60,
                                datetime(2026, 11, 1, tzinfo=UTC).replace(hour=n % 24, minute=n))
        with app_database(path):
            at = AppTest.from_file(str(APP), default_timeout=120)
            at.run()
            at.switch_page("pages/practice.py").run()
            at.session_state["practice_queue"] = [question.id]
            at.segmented_control(key="practice_mode").set_value("practise").run()
            shown = sum(1 for _ in at.get("audio"))  # the newest take's player; the others on demand
            listen = sum((b.key or "").startswith("take_listen_") for b in at.button)
            if at.exception or (shown, listen) != (1, count - 1):
                raise RuntimeError(f"the practice card did not show its {count} takes: {shown} players, "
                                   f"{listen} listen buttons, {[e.value for e in at.exception]}")
            at.run()
            warm = _median_ms(at.run)
    return warm, len(measured.wav)  # only the newest take's audio goes with each rerun


def spoken_take(seconds: int, rate: int) -> bytes:
    """A WAV of `seconds`: 8 s of a voice-like tone, then 2.5 s of quiet, over and over."""
    import numpy as np

    t = np.arange(seconds * rate) / rate
    voice = 0.3 * (np.sin(2 * np.pi * 140 * t) + 0.5 * np.sin(2 * np.pi * 280 * t)) * (0.6 + 0.4 * np.sin(2 * np.pi * 4 * t))
    return encode(np.where((t % 10.5) < 8, voice, 0.0), rate)


def report(rows: list[dict]) -> str:
    lines = [f"{'document / generator':52}  {'warm_ms':>8}  {'KB':>7}  target"]
    for r in rows:
        size = f"{r['bytes'] / 1000:.1f}" if r["bytes"] else ""
        lines.append(f"{r['what']:52}  {r['warm_ms']:>8.1f}  {size:>7}  {r['target']}")
    return "\n".join(lines + [json.dumps(r, ensure_ascii=False) for r in rows])
