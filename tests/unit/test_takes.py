"""Recorded takes in the database: kept per question (the newest few), reviewed, deleted, backed up."""

import io
import json
import wave
from datetime import UTC, datetime, timedelta

import pytest
from speech_wavs import answer, wav_bytes

from lib import db
from lib.models import ValidationError
from lib.practice import takes
from lib.practice.recordings import RecordingError, analyse
from lib.storage import backup

T0 = datetime(2026, 11, 20, 1, 0, tzinfo=UTC)


@pytest.fixture
def path(tmp_path):
    file = tmp_path / "furikaeri.db"
    db.migrate(file)
    return file


def recorded(seconds_of_voice: float = 3.0, pause: float = 2.5) -> bytes:
    return wav_bytes(answer([("v", seconds_of_voice), ("s", pause), ("v", 1.0)], 44100), 44100, channels=2)


def save(conn, question="self_introduction-001", minutes=0, data=None):
    return takes.save_take(conn, question, "まずは自己紹介をお願いします。", analyse(data or recorded()), 60,
                           T0 + timedelta(minutes=minutes))


def test_a_take_is_stored_with_its_figures_and_its_16_khz_audio(path):
    with db.opened(path) as conn:
        take_id = save(conn)
        (take,) = takes.takes_of(conn, "self_introduction-001")
        stored = takes.audio(conn, take_id)
    assert take["duration_ms"] == pytest.approx(6500, abs=100)
    assert take["speaking_ms"] == pytest.approx(4000, abs=200)
    assert (take["long_pauses"], take["target_seconds"], take["created_at"]) == (1, 60, "2026-11-20T01:00:00+00:00")
    assert take["longest_pause_ms"] == pytest.approx(2500, abs=100)
    assert all(take[item] is None for item in takes.REVIEW_ITEMS)
    with wave.open(io.BytesIO(stored)) as audio:
        assert (audio.getframerate(), audio.getnchannels()) == (16000, 1)


def test_only_the_last_takes_of_a_question_are_kept(path):
    with db.opened(path) as conn:
        ids = [save(conn, minutes=n) for n in range(5)]
        other = save(conn, "career_story-001", minutes=1)
        assert [t["id"] for t in takes.takes_of(conn, "self_introduction-001")] == ids[:1:-1]
        assert [t["id"] for t in takes.takes_of(conn, "career_story-001")] == [other]
        takes.set_keep(conn, 1)
        assert [t["id"] for t in takes.takes_of(conn, "self_introduction-001")] == [ids[-1]]
        assert takes.keep(conn) == 1
        takes.set_keep(conn, 5)
        for n in range(5, 12):
            save(conn, minutes=n)
        assert len(takes.takes_of(conn, "self_introduction-001")) == 5


@pytest.mark.parametrize("count", [0, 21, -1])
def test_the_kept_number_stays_within_its_range(path, count):
    with db.opened(path) as conn, pytest.raises(ValidationError):
        takes.set_keep(conn, count)


def test_nothing_is_stored_when_the_file_is_not_a_recording(path):
    with db.opened(path) as conn:
        version = db.data_version(conn)
        with pytest.raises(RecordingError):
            save(conn, data=b"not a wav at all")
        assert takes.space(conn) == takes.Space(0, 0)
        assert db.data_version(conn) == version


def test_self_review_is_stored_with_the_take(path):
    with db.opened(path) as conn:
        take_id = save(conn)
        takes.set_review(conn, take_id, {"conclusion_first": True, "numbers": False, "pace": True})
        (take,) = takes.takes_of(conn, "self_introduction-001")
        with pytest.raises(ValueError):
            takes.set_review(conn, take_id, {"grade": True})
    assert [take[item] for item in takes.REVIEW_ITEMS] == [1, 0, None, 1]


def test_delete_one_a_question_s_or_all_and_the_space_used(path):
    with db.opened(path) as conn:
        first, second = save(conn, minutes=0), save(conn, minutes=1)
        save(conn, "career_story-001")
        used = takes.space(conn)
        assert used.takes == 3 and used.bytes > 3 * 6 * 32000
        takes.delete_take(conn, first)
        assert [t["id"] for t in takes.takes_of(conn, "self_introduction-001")] == [second]
        assert takes.delete_takes(conn, "self_introduction-001") == 1
        assert takes.delete_takes(conn) == 1
        assert takes.space(conn) == takes.Space(0, 0)


def test_the_newest_take_is_compared_with_the_one_before():
    newer = {"duration_ms": 58_000, "speaking_ms": 50_000, "long_pauses": 1}
    older = {"duration_ms": 75_000, "speaking_ms": 60_000, "long_pauses": 3}
    assert takes.compared([newer]) is None
    assert takes.compared([newer, older]) == {"duration_ms": -17_000, "speaking_ms": -10_000, "long_pauses": -2}


def test_a_backup_brings_the_recordings_back(path, tmp_path):
    with db.opened(path) as conn:
        take_id = save(conn)
        takes.set_review(conn, take_id, {"numbers": True})
        audio = takes.audio(conn, take_id)
        data = backup.backup_bytes(conn)
    fresh = tmp_path / "fresh.db"
    db.migrate(fresh)
    with db.opened(fresh) as conn:
        backup.restore(conn, backup.read_backup(data))
        (take,) = takes.takes_of(conn, "self_introduction-001")
        assert takes.audio(conn, take["id"]) == audio
        assert take["numbers"] == 1


def test_a_backup_without_recordings_leaves_the_recordings_here_as_they_are(path, tmp_path):
    with db.opened(path) as conn:
        save(conn)
        conn["stories"].insert({"title": "物流改善", "created_at": "x", "updated_at": "x"})
        with_audio = backup.backup_bytes(conn)
        data = backup.backup_bytes(conn, include_recordings=False)
    assert len(data) < len(with_audio) / 10
    other = tmp_path / "other.db"
    db.migrate(other)
    with db.opened(other) as conn:
        kept = save(conn, "career_story-001")
        checked = backup.read_backup(data)
        assert checked.left_out == ("practice_takes",)
        changes = {c.table: (c.before, c.after) for c in backup.plan_restore(conn, checked)}
        assert changes["practice_takes"] == (1, 1) and changes["stories"] == (0, 1)
        backup.restore(conn, checked)
        assert [t["id"] for t in takes.takes_of(conn, "career_story-001")] == [kept]
        assert conn.execute("SELECT title FROM stories").fetchall() == [("物流改善",)]


@pytest.mark.parametrize("bad", ["not base64!", "QUJD=", 12, "QUJDRA=="[:-1]])
def test_a_backup_whose_recording_is_not_base64_is_refused(path, bad):
    with db.opened(path) as conn:
        save(conn)
        document = backup.backup_document(conn)
    document["tables"]["practice_takes"][0]["audio"] = bad
    with pytest.raises(backup.BackupRefused) as refused:
        backup.read_backup(json.dumps(document).encode())
    assert refused.value.key == "backup.refused_reason.wrong_type"


def test_a_backup_may_only_leave_out_the_recordings(path):
    with db.opened(path) as conn:
        document = backup.backup_document(conn)
    del document["tables"]["stories"]
    document["left_out"] = ["stories"]
    with pytest.raises(backup.BackupRefused) as refused:
        backup.read_backup(json.dumps(document).encode())
    assert refused.value.key == "backup.refused_reason.structure"
