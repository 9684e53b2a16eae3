"""The language of the text that d2lmini writes into figures: English, Korean or Vietnamese."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "epoch": "epoch",
        "loss": "loss",
        "path_starts_outside": "the path starts outside the view",
        "path_leaves_view": "the path leaves the view at step {step}",
        "path_not_finite": "the path became non-finite at step {step}",
        "training_diverged": "the loss became {loss} at epoch {epoch:.2f}: training diverged",
    },
    "ko": {
        "epoch": "에포크",
        "loss": "손실",
        "path_starts_outside": "경로가 그림 밖에서 시작합니다",
        "path_leaves_view": "경로가 {step}번째 스텝에서 그림 밖으로 나갑니다",
        "path_not_finite": "경로가 {step}번째 스텝에서 무한대나 NaN이 됩니다",
        "training_diverged": "에포크 {epoch:.2f}에서 손실이 {loss}에 이르러 학습이 발산했습니다",
    },
    "vi": {
        "epoch": "epoch",
        "loss": "mất mát",
        "path_starts_outside": "quỹ đạo bắt đầu ở ngoài khung hình",
        "path_leaves_view": "quỹ đạo ra khỏi khung hình ở bước {step}",
        "path_not_finite": "quỹ đạo nhận giá trị không hữu hạn ở bước {step}",
        "training_diverged": "mất mát bằng {loss} ở epoch {epoch:.2f}: quá trình huấn luyện phân kỳ",
    },
}

_current = "en"


def set_language(language: str) -> None:
    """Write figure labels and notes in ``language``: 'en', 'ko' or 'vi'."""
    global _current
    if language not in MESSAGES:
        raise ValueError(f"language must be one of {', '.join(MESSAGES)}, got {language!r}")
    _current = language


def get_language() -> str:
    """The language set by ``set_language`` ('en' until then)."""
    return _current


def text(key: str, **values: object) -> str:
    """The message ``key`` in the current language, filled in with ``values``."""
    return MESSAGES[_current][key].format(**values)
