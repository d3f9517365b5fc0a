"""A spoken answer, measured: its length, its speaking time and its pauses. Pure (numpy), local.

Decoding: the standard library's `wave` reads PCM WAV (8, 16, 24 or 32-bit integer samples,
any rate, any number of channels: what st.audio_input and most recorders write). Channels are
averaged to mono.

Resampling to 16 kHz mono (what a take stores): above 16 kHz the signal is first smoothed by a
box filter as wide as the rate ratio (a cheap low-pass against aliasing), then linearly
interpolated at the new sample times (numpy.interp); at a whole multiple of 16 kHz (32, 48 kHz)
each group of samples is simply averaged (the same filter, sampled at once); below 16 kHz it is only interpolated.
Speech keeps its figures; the stored file is 32 KB a second.

Voice activity (energy-based, no model): the 16 kHz signal is cut into 20 ms frames and each
frame's RMS level taken in dB. The take's noise floor is the 10th percentile of those levels
(the quiet between words in any ordinary take); a frame is speech when it is more than
SPEECH_MARGIN_DB above that floor and above ABSOLUTE_FLOOR_DB (so a take of room noise alone
is silence). A take with no quiet at all (the floor within UNIFORM_DB of the loudest frames) is
judged by the absolute level only. Then a hangover that works both ways: gaps in speech shorter
than BRIDGE_SECONDS are filled (the stops inside a word, a breath between two words), and
speech shorter than BLIP_SECONDS is dropped (a click, a cough). Filling and dropping whole gaps
keeps the start and end of each stretch where they were, so pause lengths are not biased.

A pause is a gap between two stretches of speech; silence before the first word and after the
last one is silence, not a pause. Pauses longer than LONG_PAUSE_SECONDS are counted.
"""

from __future__ import annotations

import io
import wave
from dataclasses import dataclass

import numpy as np

RATE = 16_000  # what a take is stored at
FRAME_SECONDS = 0.02
SPEECH_MARGIN_DB = 12.0
ABSOLUTE_FLOOR_DB = -50.0
UNIFORM_DB = 6.0
BRIDGE_SECONDS = 0.3
BLIP_SECONDS = 0.08
LONG_PAUSE_SECONDS = 2.0
MAX_SECONDS = 15 * 60  # longer than any answer; keeps memory bounded
_SILENT_DB = -120.0


class RecordingError(Exception):
    """The audio cannot be measured; `reason` is a locale key suffix under practice.takes.error."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}".strip(": "))
        self.reason = reason


@dataclass(frozen=True)
class Analysis:
    """What a take measured, in seconds, and the take itself as a 16 kHz mono 16-bit WAV."""

    duration: float
    speaking: float
    pauses: tuple[float, ...]  # every gap between two stretches of speech, in order
    wav: bytes

    @property
    def silence(self) -> float:
        return max(self.duration - self.speaking, 0.0)

    @property
    def long_pauses(self) -> int:
        return sum(1 for pause in self.pauses if pause > LONG_PAUSE_SECONDS)

    @property
    def longest_pause(self) -> float:
        return max(self.pauses, default=0.0)


def decode(data: bytes) -> tuple[np.ndarray, int]:
    """The samples of a PCM WAV file as mono float32 in [-1, 1], and its sample rate."""
    if not data:
        raise RecordingError("empty")
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise RecordingError("not_wav")
    try:
        with wave.open(io.BytesIO(data)) as wav:
            channels, width, rate, count = (wav.getnchannels(), wav.getsampwidth(), wav.getframerate(),
                                            wav.getnframes())
            if rate <= 0 or channels <= 0:
                raise RecordingError("damaged")
            if count > MAX_SECONDS * rate:
                raise RecordingError("too_long", f"{count / rate:.0f} s")
            raw = wav.readframes(count)
    except wave.Error as problem:
        raise RecordingError("unsupported" if "unknown format" in str(problem) else "damaged", str(problem)) from None
    except EOFError:
        raise RecordingError("damaged") from None
    usable = len(raw) // (width * channels) * width * channels
    samples = _pcm(raw[:usable], width).reshape(-1, channels).mean(axis=1, dtype=np.float32)
    if samples.size == 0:
        raise RecordingError("empty")
    return samples, rate


def _pcm(raw: bytes, width: int) -> np.ndarray:
    if width == 1:  # unsigned 8-bit
        return (np.frombuffer(raw, np.uint8).astype(np.float32) - 128.0) / 128.0
    if width == 2:
        return np.frombuffer(raw, "<i2").astype(np.float32) / 32768.0
    if width == 3:
        bytes3 = np.frombuffer(raw, np.uint8).reshape(-1, 3).astype(np.int32)
        value = bytes3[:, 0] | (bytes3[:, 1] << 8) | (bytes3[:, 2] << 16)
        value = np.where(value >= 1 << 23, value - (1 << 24), value)
        return value.astype(np.float32) / float(1 << 23)
    if width == 4:
        return (np.frombuffer(raw, "<i4").astype(np.float64) / 2147483648.0).astype(np.float32)
    raise RecordingError("unsupported", f"{width * 8}-bit samples")


def resample(samples: np.ndarray, rate: int, target: int = RATE) -> np.ndarray:
    """`samples` at `target` Hz (box-filter low-pass when going down, then linear interpolation)."""
    if rate == target:
        return samples.astype(np.float32, copy=False)
    if rate % target == 0:  # 32 or 48 kHz: the box filter and the pick in one step
        width = rate // target
        usable = samples.size // width * width
        return samples[:usable].reshape(-1, width).mean(axis=1, dtype=np.float32)
    if rate > target:
        width = round(rate / target)
        if width > 1:  # centred ("same"), so the smoothing does not shift the signal in time
            samples = np.convolve(samples.astype(np.float32), np.full(width, 1 / width, np.float32), "same")
    count = round(samples.size * target / rate)
    times = np.arange(count, dtype=np.float64) * (rate / target)
    return np.interp(times, np.arange(samples.size, dtype=np.float64), samples).astype(np.float32)


def speech_frames(samples: np.ndarray, rate: int = RATE) -> np.ndarray:
    """One boolean per 20 ms frame: speech or not (see the module's description)."""
    size = int(rate * FRAME_SECONDS)
    count = max(int(np.ceil(samples.size / size)), 1)
    padded = np.zeros(count * size, np.float32)
    padded[:samples.size] = samples
    frames = padded.reshape(count, size)
    if samples.size % size:  # the last, short frame is measured on its own samples only
        power = (frames.astype(np.float64) ** 2).sum(axis=1) / size
        power[-1] = float((samples[(count - 1) * size:].astype(np.float64) ** 2).mean())
    else:
        power = (frames.astype(np.float64) ** 2).mean(axis=1)
    level = np.where(power > 0, 10 * np.log10(np.maximum(power, 1e-30)), _SILENT_DB)
    level = np.maximum(level, _SILENT_DB)
    floor = float(np.percentile(level, 10))
    loud = float(np.percentile(level, 95))
    if loud - floor < UNIFORM_DB:
        speech = level > ABSOLUTE_FLOOR_DB
    else:
        speech = (level > floor + SPEECH_MARGIN_DB) & (level > ABSOLUTE_FLOOR_DB)
    speech = _fill_runs(speech, False, round(BRIDGE_SECONDS / FRAME_SECONDS), inner_only=True)
    return _fill_runs(speech, True, round(BLIP_SECONDS / FRAME_SECONDS), inner_only=False)


def _runs(flags: np.ndarray) -> list[tuple[bool, int, int]]:
    """(value, start, end) for each run of equal values."""
    if flags.size == 0:
        return []
    edges = np.flatnonzero(np.diff(flags.astype(np.int8))) + 1
    starts = np.concatenate(([0], edges))
    ends = np.concatenate((edges, [flags.size]))
    return [(bool(flags[s]), int(s), int(e)) for s, e in zip(starts, ends, strict=True)]


def _fill_runs(flags: np.ndarray, value: bool, shorter_than: int, *, inner_only: bool) -> np.ndarray:
    """Runs of `value` shorter than `shorter_than` frames take the other value (between two runs
    of the other value only, when `inner_only`)."""
    result = flags.copy()
    runs = _runs(flags)
    for number, (run_value, start, end) in enumerate(runs):
        if run_value != value or end - start >= shorter_than:
            continue
        if inner_only and (number == 0 or number == len(runs) - 1):
            continue
        result[start:end] = not value
    return result


def encode(samples: np.ndarray, rate: int = RATE) -> bytes:
    """A mono 16-bit PCM WAV file of `samples` (floats in [-1, 1])."""
    pcm = (np.clip(samples, -1.0, 1.0) * 32767.0).round().astype("<i2")
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(pcm.tobytes())
    return buffer.getvalue()


def analyse(data: bytes) -> Analysis:
    """Measure a recorded answer (WAV bytes). Raises RecordingError for a file that is not one."""
    samples, rate = decode(data)
    mono = resample(samples, rate)
    duration = samples.size / rate
    speech = speech_frames(mono)
    runs = _runs(speech)
    spoken = [(start, end) for value, start, end in runs if value]
    speaking = sum(end - start for start, end in spoken) * FRAME_SECONDS
    pauses = tuple((spoken[i + 1][0] - spoken[i][1]) * FRAME_SECONDS for i in range(len(spoken) - 1))
    return Analysis(duration=round(duration, 3), speaking=round(min(speaking, duration), 3),
                    pauses=tuple(round(p, 3) for p in pauses), wav=encode(mono))
