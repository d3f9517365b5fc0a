"""A process killed (SIGKILL) in the middle of a save leaves a consistent database: the
integrity check passes and every save is there in full or not at all."""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from sqlite_utils import Database

from lib import db
from lib.storage import backup, sample_data

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 6
pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

# Saves interviews with their interviewers (new ones and edits of earlier ones) and reloads
# the sample, as fast as it can, until it is killed. Each interview's notes say what was
# saved with it in the same transaction.
SAVER = r"""
import random, sys
from datetime import date, time, timedelta
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from lib import db
from lib.storage import sample_data
from lib.pipeline.companies import save_company, save_interview
from lib.models import Company, Interview, Interviewer

conn = db.connect(Path(sys.argv[1]))
company = save_company(conn, Company(name="Crash Co"))
rng = random.Random(int(sys.argv[3]))
print("ready", flush=True)
n = 0
while True:
    n += 1
    count = rng.randrange(6)
    # A different day for each new one: the same company, round and time twice is refused as a duplicate.
    interview = Interview(company, "first", date(2026, 1, 1) + timedelta(days=n), time(10), notes=f"{n} {count}",
                          interviewers=[Interviewer(f"面接官 {n}-{i} 🙂", "role") for i in range(count)])
    existing = [r[0] for r in conn.execute("SELECT id FROM interviews WHERE company_id = ?", [company])]
    save_interview(conn, interview, rng.choice(existing) if existing and n % 3 == 0 else None)
    if n % 10 == 0:
        sample_data.remove_sample(conn)
        sample_data.load_sample(conn, "ja", date(2026, 11, 27))
"""

# Restores two different backups in turn until it is killed.
RESTORER = r"""
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from lib import db
from lib.storage import backup

checked = [backup.read_backup(Path(p).read_bytes()) for p in sys.argv[3:5]]
conn = db.connect(Path(sys.argv[1]))
print("ready", flush=True)
n = 0
while True:
    backup.restore(conn, checked[n % 2])
    n += 1
"""


def run_and_kill(script: str, *args: str, rng: random.Random) -> None:
    process = subprocess.Popen([sys.executable, "-c", script, *args], stdout=subprocess.PIPE, cwd=ROOT)
    try:
        assert process.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0.05, 0.5))
        os.kill(process.pid, signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdout.close()


def assert_consistent(path: Path) -> Database:
    conn = Database(sqlite3.connect(path))
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.execute("INSERT INTO communications_fts(communications_fts) VALUES ('integrity-check')")
    return conn


def sample_counts(conn: Database) -> dict[str, int]:
    """Rows belonging to sample companies, table by table."""
    sample = "(SELECT id FROM companies WHERE is_sample = 1)"
    interviews = f"(SELECT id FROM interviews WHERE company_id IN {sample})"
    reflections = f"(SELECT id FROM reflections WHERE interview_id IN {interviews})"
    queries = {
        "companies": f"SELECT count(*) FROM companies WHERE id IN {sample}",
        "stage_changes": f"SELECT count(*) FROM stage_changes WHERE company_id IN {sample}",
        "interviews": f"SELECT count(*) FROM interviews WHERE id IN {interviews}",
        "interviewers": f"SELECT count(*) FROM interviewers WHERE interview_id IN {interviews}",
        "reflections": f"SELECT count(*) FROM reflections WHERE id IN {reflections} AND status = 'complete'",
        "asked_questions": f"SELECT count(*) FROM asked_questions WHERE reflection_id IN {reflections}",
        "competency_scores": f"SELECT count(*) FROM competency_scores WHERE reflection_id IN {reflections}",
    }
    return {name: conn.execute(sql).fetchone()[0] for name, sql in queries.items()}


@pytest.mark.slow
def test_a_save_killed_halfway_is_all_or_nothing(db_path):
    db.migrate(db_path)
    with db.opened(db_path) as conn:
        sample_data.load_sample(conn, "ja", date(2026, 11, 27))
        full_sample = sample_counts(conn)
        sample_data.remove_sample(conn)
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    saved = 0
    for round_number in range(ROUNDS):
        run_and_kill(SAVER, str(db_path), str(ROOT), str(seed + round_number), rng=rng)
        with assert_consistent(db_path) as conn:
            for interview_id, notes in conn.execute(
                    "SELECT i.id, i.notes FROM interviews i JOIN companies c ON c.id = i.company_id "
                    "WHERE c.name = 'Crash Co'").fetchall():
                n, count = notes.split()
                people = conn.execute("SELECT position, name FROM interviewers WHERE interview_id = ? "
                                      "ORDER BY position", [interview_id]).fetchall()
                assert people == [(i, f"面接官 {n}-{i} 🙂") for i in range(int(count))], (seed, notes)
            counts = sample_counts(conn)
            assert counts in (full_sample, dict.fromkeys(full_sample, 0)), (seed, counts)
            saved = conn.execute("SELECT count(*) FROM interviews").fetchone()[0]
    assert saved > ROUNDS  # the kills did land among writes


@pytest.mark.slow
def test_a_restore_killed_halfway_leaves_the_old_or_the_new_data(db_path, tmp_path):
    db.migrate(db_path)
    backups = []
    for name, loaded in (("full", True), ("small", False)):
        source = tmp_path / f"{name}.db"
        db.migrate(source)
        with db.opened(source) as conn:
            if loaded:
                sample_data.load_sample(conn, "ja", date(2026, 11, 27))
            else:
                conn["companies"].insert({"name": "ひとつだけ", "stage": "applied"})
            (tmp_path / f"{name}.zip").write_bytes(backup.backup_bytes(conn))
            backups.append(backup.read_tables(conn))
    with db.opened(db_path) as conn:  # start from one of the two: a half-restore would show as neither
        backup.restore(conn, backup.read_backup((tmp_path / "small.zip").read_bytes()))
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    for _ in range(ROUNDS):
        run_and_kill(RESTORER, str(db_path), str(ROOT), str(tmp_path / "full.zip"), str(tmp_path / "small.zip"),
                     rng=rng)
        with assert_consistent(db_path) as conn:
            assert backup.read_tables(conn) in backups, seed
