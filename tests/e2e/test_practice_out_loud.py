"""Practise out loud in Chromium with a fake microphone: record a take on the practice card, see its
length, speaking time and pauses, find it listed, play it back, delete it.

The microphone is fed from a generated WAV: 2 s of a speech-like voice, then 2.5 s of quiet. Chromium
plays the file over and over while the page records, and nobody knows at which point of it the
recording starts, so the figures are checked in ranges that hold wherever it starts: a recording
of 9 s or more always holds a whole 2.5 s pause between two stretches of voice."""

from __future__ import annotations

import re

import pytest
from browser import WATCH_WEBSOCKET, key, wait_idle
from playwright.sync_api import expect
from speech_wavs import answer, wav_bytes

from lib import db
from lib.practice import takes

VOICE, QUIET = 2.0, 2.5  # seconds, one turn of the file
RECORD_UNTIL = re.compile(r"00:(09|[1-5]\d)")  # the recorder's own clock at 9 s or more


@pytest.fixture
def mic_page(browser_type, browser_type_launch_args, tmp_path):
    """A Chromium page whose microphone plays the generated answer (the permission granted)."""
    sound = tmp_path / "answer.wav"
    sound.write_bytes(wav_bytes(answer([("v", VOICE), ("s", QUIET)], 48_000), 48_000))
    args = [*browser_type_launch_args["args"], "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream", f"--use-file-for-fake-audio-capture={sound}"]
    browser = browser_type.launch(**{**browser_type_launch_args, "args": args})
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP",
                                  permissions=["microphone"])
    page = context.new_page()
    page.add_init_script(WATCH_WEBSOCKET)
    yield page
    context.close()
    browser.close()


def metric(card, label: str):
    """The value of the metric labelled `label`."""
    box = card.locator("[data-testid=stMetric]").filter(has=card.page.get_by_text(label, exact=True))
    return box.locator("[data-testid=stMetricValue]")


def seconds(text: str) -> int:
    minutes, secs = text.strip().split(":")
    return int(minutes) * 60 + int(secs)


def stored(app) -> list[dict]:
    with db.opened(app.db_path) as conn:
        return list(conn.query("SELECT id, question_id, duration_ms, speaking_ms, long_pauses, longest_pause_ms,"
                               " length(audio) AS size FROM practice_takes"))


def test_record_a_take_see_its_figures_play_it_and_delete_it(app, mic_page):
    page = mic_page
    page.goto(f"{app.url}/practice")
    wait_idle(page)
    page.get_by_role("button", name="練習を始める").click()
    wait_idle(page)
    box = key(page, "out_loud")
    expect(box.get_by_text("声に出して練習")).to_be_visible()

    recorder = box.locator("[data-testid=stAudioInput]")
    recorder.get_by_role("button", name="Record").click()
    clock = recorder.locator("[data-testid=stAudioInputWaveformTimeCode]")
    expect(clock).to_have_text(RECORD_UNTIL, timeout=30_000)  # the recorder counts while it hears the file
    recorder.get_by_role("button", name="Stop recording").click()
    expect(page.get_by_text(re.compile(r"録音を保存しました（0:\d\d）。"))).to_be_visible(timeout=30_000)
    wait_idle(page)

    (take,) = stored(app)
    assert 8_500 <= take["duration_ms"] <= 30_000
    turns = take["duration_ms"] / ((VOICE + QUIET) * 1000)
    # About 2 s of every 4.5 s is voice (the start and end of the recording may cut a turn short).
    assert (turns - 1.5) * VOICE * 1000 <= take["speaking_ms"] <= (turns + 1.5) * VOICE * 1000
    assert take["long_pauses"] >= 1
    assert 2_200 <= take["longest_pause_ms"] <= 2_800
    assert take["size"] > 16_000 * 2 * 8  # kept as 16 kHz 16-bit audio, 8 s and more

    length = metric(box, "長さ")
    expect(length).to_have_text(re.compile(r"\d:\d\d"))
    assert abs(seconds(length.inner_text()) - take["duration_ms"] / 1000) <= 1
    expect(metric(box, "話した時間")).to_have_text(re.compile(r"\d:\d\d"))
    assert abs(seconds(metric(box, "話した時間").inner_text()) - take["speaking_ms"] / 1000) <= 1
    expect(metric(box, "2秒を超える間")).to_have_text(f"{take['long_pauses']}回")
    expect(metric(box, "いちばん長い間")).to_have_text(re.compile(r"2\.[2-8]s"))
    expect(box.get_by_text("この質問の初めての録音です。", exact=False)).to_be_visible()

    player = box.locator("[data-testid=stAudio]").first  # the take, played back
    expect(player).to_have_attribute("src", re.compile(r"/media/[0-9a-f]+\.wav$"))
    played = player.evaluate("""audio => new Promise((resolve, reject) => {
        audio.muted = true;
        audio.addEventListener("playing", () => resolve(audio.duration), {once: true});
        audio.addEventListener("error", () => reject(new Error("cannot play")), {once: true});
        audio.play().catch(reject);
    })""")
    assert abs(played - take["duration_ms"] / 1000) < 0.5

    box.get_by_text("この質問の録音", exact=True).click()  # the list of takes
    listed = box.locator("[class*=st-key-take_delete_]")  # one delete button a take
    expect(listed).to_have_count(1)
    line = key(page, f"take_{take['id']}")
    expect(line).to_contain_text(f"長い間{take['long_pauses']}回")
    expect(line).to_contain_text(f"話した時間{metric(box, '話した時間').inner_text()}")
    line.get_by_role("button", name="削除").click()
    wait_idle(page)
    expect(page.get_by_text("録音を削除しました。")).to_be_visible()
    expect(listed).to_have_count(0)
    expect(box.locator("[data-testid=stAudio]")).to_have_count(0)
    expect(metric(box, "長さ")).to_have_count(0)
    assert stored(app) == []
    with db.opened(app.db_path) as conn:
        assert takes.space(conn).takes == 0
