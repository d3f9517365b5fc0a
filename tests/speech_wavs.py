"""Generated spoken answers for the tests: a speech-like voice and silences of known lengths, as WAV bytes."""

import io
import wave

import numpy as np


def voice(seconds: float, rate: int, level: float = 0.3, seed: int = 0) -> np.ndarray:
    """A speech-like burst: a 140 Hz voice with harmonics and a syllable rhythm (4 Hz) that never
    goes fully quiet (as in speech, the level dips between syllables without stopping)."""
    t = np.arange(round(seconds * rate)) / rate
    tone = sum(np.sin(2 * np.pi * 140 * k * t) / k for k in (1, 2, 3, 5))
    rhythm = 0.55 + 0.45 * np.abs(np.sin(2 * np.pi * 2 * t + seed))
    return level * rhythm * tone / 1.8


def silence(seconds: float, rate: int) -> np.ndarray:
    return np.zeros(round(seconds * rate))


def wav_bytes(samples: np.ndarray, rate: int, channels: int = 1, width: int = 2) -> bytes:
    samples = np.clip(samples, -1, 1)
    if width == 2:
        pcm = (samples * 32767).astype("<i2")
    elif width == 1:
        pcm = (samples * 127 + 128).astype(np.uint8)
    else:
        pcm = (samples * 2147483647).astype("<i4")
    if channels == 2:
        pcm = np.repeat(pcm, 2)
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(width)
        out.setframerate(rate)
        out.writeframes(pcm.tobytes())
    return buffer.getvalue()


def answer(parts: list[tuple[str, float]], rate: int, noise: float = 0.0, gain: float = 1.0) -> np.ndarray:
    """('v', seconds) voice, ('s', seconds) silence, joined; optional background noise and gain."""
    rng = np.random.default_rng(7)
    pieces = [voice(sec, rate, seed=i) if kind == "v" else silence(sec, rate) for i, (kind, sec) in enumerate(parts)]
    signal = np.concatenate(pieces) * gain
    if noise:
        signal = signal + rng.normal(0, noise, signal.size)
    return signal
