"""The language of the text that d2lmini writes into figures: English, Korean or Vietnamese."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "epoch": "epoch",
        "loss": "loss",
        "path_starts_outside": "the path starts outside the view",
        "path_leaves_view": "the path leaves the view at step {step}",
        "path_not_finite": "the path became non-finite at step {step}",
        "training_diverged": "loss = {loss} at epoch {epoch}: training diverged",
        "loss_flat": "the loss stays at {loss}: the parameters do not change",
        "training_interrupted": "interrupted at epoch {epoch}",
        "training_failed": "stopped by {error} at epoch {epoch}",
        "contour_not_finite": "f(x1, x2) has no finite value in the view: no contour lines",
        "contour_constant": "f(x1, x2) is constant in the view: no contour lines",
    },
    "ko": {
        "epoch": "에포크",
        "loss": "손실",
        "path_starts_outside": "경로가 그림 밖에서 시작합니다",
        "path_leaves_view": "경로가 {step}번째 스텝에서 그림 밖으로 나갑니다",
        "path_not_finite": "경로가 {step}번째 스텝에서 무한대나 NaN이 됩니다",
        "training_diverged": "에포크 {epoch}에서 손실 = {loss}: 학습이 발산했습니다",
        "loss_flat": "손실이 {loss}에서 변하지 않습니다: 매개변수가 바뀌지 않습니다",
        "training_interrupted": "에포크 {epoch}에서 중단되었습니다",
        "training_failed": "에포크 {epoch}에서 {error} 오류로 멈췄습니다",
        "contour_not_finite": "그림 안에서 f(x1, x2)의 유한한 값이 없어 등고선을 그리지 않습니다",
        "contour_constant": "그림 안에서 f(x1, x2)가 상수라서 등고선을 그리지 않습니다",
    },
    "vi": {
        "epoch": "epoch",
        "loss": "mất mát",
        "path_starts_outside": "quỹ đạo bắt đầu ở ngoài khung hình",
        "path_leaves_view": "quỹ đạo ra khỏi khung hình ở bước {step}",
        "path_not_finite": "quỹ đạo nhận giá trị không hữu hạn ở bước {step}",
        "training_diverged": "mất mát = {loss} ở epoch {epoch}: quá trình huấn luyện phân kỳ",
        "loss_flat": "mất mát giữ nguyên ở {loss}: các tham số không thay đổi",
        "training_interrupted": "bị ngắt ở epoch {epoch}",
        "training_failed": "dừng ở epoch {epoch} do lỗi {error}",
        "contour_not_finite": "f(x1, x2) không có giá trị hữu hạn nào trong khung hình: không vẽ đường đồng mức",
        "contour_constant": "f(x1, x2) là hằng số trong khung hình: không vẽ đường đồng mức",
    },
}

_current = "en"


def set_language(language: str) -> None:
    """Write figure labels and notes in ``language``: 'en', 'ko' or 'vi'."""
    global _current
    if not isinstance(language, str) or language not in MESSAGES:
        raise ValueError(f"language must be one of {', '.join(MESSAGES)}, got {language!r}")
    _current = language


def get_language() -> str:
    """The language set by ``set_language`` ('en' until then)."""
    return _current


def text(key: str, **values: object) -> str:
    """The message ``key`` in the current language, filled in with ``values``."""
    return MESSAGES[_current][key].format(**values)
