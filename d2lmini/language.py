"""Every text d2lmini shows a reader, in English, Korean and Vietnamese: one catalogue.

``MESSAGES`` are written by Python (figure notes, printed lines), ``FIGURE_LABELS`` by the
browser figures of widgets.js, and ``RUN_THE_CELL`` stands in for an explorer not yet run. (The
website's texts around the chapter are the book's own: _ext/book_site/locales.)
"""

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
        # Printed lines. train_2d's last point keeps the d2l package's words ("epoch" counts steps).
        "path_end": "epoch {step}, x1: {x1:f}, x2: {x2:f}",
        "path_overflowed": "step {last}, x1: {x1:g}, x2: {x2:g}; stopped: step {step} overflowed "
                           "({error}), the path diverged",
        "path_failed": "step {last}, x1: {x1:g}, x2: {x2:g}; stopped: step {step} failed ({error}), "
                       "the path diverged",
        "path_stopped_not_finite": "step {step}, x1: {x1:g}, x2: {x2:g}; stopped: the path is not "
                                   "finite from step {step} on, it diverged",
        "loss_line": "loss: {loss:.3f}, {seconds:.3f} sec/epoch",
        "loss_grew": "{line}; training diverged: the loss grew from {initial:.3g} before training "
                     "to {loss} at epoch {epoch}; {advice}",
        "loss_not_finite": "stopped: the loss became {loss} at epoch {epoch}; training diverged, {advice}",
        "loss_unchanged": "{line}; the loss did not change from {initial:.3g}: is the trainer "
                          "updating the parameters (and is the learning rate > 0)?",
        "decay_outside": "{name} = {value} is outside [0, 1): the average of squared gradients then "
                         "does not forget old ones properly; use 0 <= {name} < 1",
        "smaller_learning_rate": "try a smaller learning rate",
        "downloading": "Downloading {url} ...",
        "loss_single_point": "a single point: the loss is recorded every {examples} examples and at "
                             "the end; train on more examples or epochs to see a curve",
    },
    "ko": {
        "epoch": "에포크",
        "loss": "손실",
        "path_starts_outside": "경로가 그림 밖에서 시작합니다",
        "path_leaves_view": "경로가 스텝 {step}에서 그림 밖으로 나갑니다",
        "path_not_finite": "경로가 스텝 {step}에서 무한대나 NaN이 됩니다",
        "training_diverged": "에포크 {epoch}에서 손실 = {loss}: 훈련이 발산했습니다",
        "loss_flat": "손실이 {loss}에서 변하지 않습니다: 매개변수가 바뀌지 않습니다",
        "training_interrupted": "에포크 {epoch}에서 중단되었습니다",
        "training_failed": "에포크 {epoch}에서 {error} 오류로 멈췄습니다",
        "contour_not_finite": "그림 안에서 f(x1, x2)의 유한한 값이 없어 등고선을 그리지 않습니다",
        "contour_constant": "그림 안에서 f(x1, x2)가 상수라서 등고선을 그리지 않습니다",
        "path_end": "스텝 {step}, x1: {x1:f}, x2: {x2:f}",
        "path_overflowed": "스텝 {last}, x1: {x1:g}, x2: {x2:g}; 멈춤: 스텝 {step}에서 "
                           "오버플로({error})가 일어나 경로가 발산했습니다",
        "path_failed": "스텝 {last}, x1: {x1:g}, x2: {x2:g}; 멈춤: 스텝 {step}의 계산이 "
                       "실패해({error}) 경로가 발산했습니다",
        "path_stopped_not_finite": "스텝 {step}, x1: {x1:g}, x2: {x2:g}; 멈춤: 경로가 스텝 {step}에서 "
                                   "무한대나 NaN이 되어 발산했습니다",
        "loss_line": "손실: {loss:.3f}, 에포크당 {seconds:.3f}초",
        "loss_grew": "{line}; 훈련이 발산했습니다. 손실이 훈련 전 {initial:.3g}에서 에포크 {epoch}의 "
                     "{loss}까지 커졌습니다. {advice}",
        "loss_not_finite": "멈춤: 에포크 {epoch}에서 손실이 유한하지 않은 값({loss})이 되어 훈련이 "
                           "발산했습니다. {advice}",
        "loss_unchanged": "{line}; 손실이 {initial:.3g}에서 변하지 않았습니다. 옵티마이저가 매개변수를 "
                          "갱신하는지, 학습률이 0보다 큰지 확인하십시오",
        "decay_outside": "{name} = {value}: [0, 1) 밖의 값이라 제곱 그래디언트의 평균이 오래된 값을 "
                         "제대로 잊지 못합니다. 0 <= {name} < 1로 하십시오",
        "smaller_learning_rate": "더 작은 학습률을 써 보십시오",
        "downloading": "{url} 내려받는 중...",
        "loss_single_point": "점이 하나뿐입니다: 손실은 {examples}개 샘플마다, 그리고 마지막에 기록됩니다. "
                             "곡선을 보려면 더 많은 샘플이나 에포크로 훈련하십시오",
    },
    "vi": {
        "epoch": "epoch",
        "loss": "mất mát",
        "path_starts_outside": "quỹ đạo bắt đầu ở ngoài khung hình",
        "path_leaves_view": "quỹ đạo ra khỏi khung hình ở bước {step}",
        "path_not_finite": "quỹ đạo trở thành vô hạn hoặc NaN ở bước {step}",
        "training_diverged": "mất mát = {loss} ở epoch {epoch}: quá trình huấn luyện phân kỳ",
        "loss_flat": "mất mát giữ nguyên ở {loss}: các tham số không thay đổi",
        "training_interrupted": "bị ngắt ở epoch {epoch}",
        "training_failed": "dừng ở epoch {epoch} do lỗi {error}",
        "contour_not_finite": "f(x1, x2) không có giá trị hữu hạn nào trong khung hình: không vẽ đường đồng mức",
        "contour_constant": "f(x1, x2) là hằng số trong khung hình: không vẽ đường đồng mức",
        "path_end": "bước {step}, x1: {x1:f}, x2: {x2:f}",
        "path_overflowed": "bước {last}, x1: {x1:g}, x2: {x2:g}; dừng: bước {step} bị tràn số "
                           "({error}), quỹ đạo phân kỳ",
        "path_failed": "bước {last}, x1: {x1:g}, x2: {x2:g}; dừng: không tính được bước {step} "
                       "({error}), quỹ đạo phân kỳ",
        "path_stopped_not_finite": "bước {step}, x1: {x1:g}, x2: {x2:g}; dừng: quỹ đạo trở thành vô "
                                   "hạn hoặc NaN từ bước {step}, tức là phân kỳ",
        "loss_line": "mất mát: {loss:.3f}, {seconds:.3f} giây/epoch",
        "loss_grew": "{line}; quá trình huấn luyện phân kỳ: mất mát tăng từ {initial:.3g} trước khi "
                     "huấn luyện lên {loss} ở epoch {epoch}; {advice}",
        "loss_not_finite": "dừng: mất mát trở thành {loss} ở epoch {epoch}; quá trình huấn luyện "
                           "phân kỳ, {advice}",
        "loss_unchanged": "{line}; mất mát không thay đổi so với {initial:.3g}: bộ tối ưu có cập nhật "
                          "các tham số không (và tốc độ học có lớn hơn 0 không)?",
        "decay_outside": "{name} = {value} nằm ngoài [0, 1): khi đó trung bình của bình phương gradient "
                         "không quên các giá trị cũ như mong muốn; hãy dùng 0 <= {name} < 1",
        "smaller_learning_rate": "hãy thử một tốc độ học nhỏ hơn",
        "downloading": "Đang tải {url} ...",
        "loss_single_point": "chỉ có một điểm: mất mát được ghi lại sau mỗi {examples} mẫu và ở cuối; "
                             "hãy huấn luyện với nhiều mẫu hoặc nhiều epoch hơn để thấy đường cong",
    },
}

# The texts the browser draws into the interactive figures (d2lmini/widgets.js fills in the
# {placeholders}) and the names of the sliders and switches ({beta}: the momentum's β).
FIGURE_LABELS = {
    "en": {
        "eta": "η", "gamma": "γ", "steps": "steps",
        "aria": "RMSProp path, effective step sizes and loss",
        "step_size": "effective step size η/√(s + ε)", "loss": "loss f(x)", "step": "step",
        "diverged": "diverged at step {step}", "leaves_view": "leaves the view at step {step}",
        "status": "η = {eta}, γ = {gamma}, {steps} steps: x = ({x1}, {x2})",
        "past_steps": "steps into the past τ", "weight": "weight (1 − γ) γ^τ",
        "time_constant": "time constant", "half_life": "half-life",
        "summary": "γ = {gamma}: time constant 1/(1 − γ) = {time_constant} steps, "
                   "half-life ln 2 / ln(1/γ) = {half_life} steps.",
        "gamma_one": "With γ = 1 no new gradient enters s: it stays 0.",
        "aria_leaky": "weights of the leaky average over the last 40 steps",
        "aria_path": "RMSProp path over the contour lines of f(x) = 0.1 x1² + 2 x2²",
        "status_diverged": "η = {eta}, γ = {gamma}, {steps} steps: diverged at step {step}",
        "rotated": "rotated problem", "gd": "gradient descent", "momentum": "momentum, β = {beta}",
        "adagrad": "Adagrad", "legend": "methods drawn",
        "overlay_status": "{method}: f(x) = {loss}", "overlay_diverged": "{method}: diverged at step {step}",
        "aria_path_rotated": "RMSProp path over the contour lines of f(x) = 0.1 (x1 + x2)² + 2 (x1 − x2)²",
        "start_point": "start point x₀ = ({x1}, {x2}): drag it, or move it with the arrow keys",
        "map_title": "f(x) after {steps} steps", "aria_map": "map of f(x) after {steps} steps over η and γ",
        "aria_map_select": "map of f(x) over η and γ: the arrow keys or a click choose η and γ",
        "map_readout": "η = {eta}, γ = {gamma}: f(x) = {f} after {steps} steps",
        "map_readout_diverged": "η = {eta}, γ = {gamma}: diverged within {steps} steps",
        "map_legend": "colours of the map", "map_no_progress": "not below f(x₀) = {f}", "map_diverged": "diverged",
        "map_d2l": "d2l: η = {eta}, γ = {gamma}", "map_current": "your η and γ",
        "lr": "η", "epochs": "epochs", "epoch": "epoch", "airfoil_loss": "loss", "sgd": "minibatch SGD",
        "aria_airfoil": "loss against epoch of the linear regression on the airfoil data, trained in your browser",
        "reference": "the chapter's run, η = {lr}, γ = {gamma}",
        "airfoil_status": "η = {lr}, γ = {gamma}: loss {loss} after {epochs} epochs",
        "airfoil_diverged": "η = {lr}, γ = {gamma}: {note}; {advice}",
        "airfoil_overlay_status": "{method}: loss {loss}", "airfoil_overlay_diverged": "{method}: {note}",
        "airfoil_loading": "η = {lr}, γ = {gamma}: loading the airfoil data to train at this setting …",
        "airfoil_failed": "η = {lr}, γ = {gamma}: the airfoil data could not be loaded ({error}), so only the "
                          "chapter's run is drawn",
        "airfoil_no_kernel": "the kernel did not answer: run this cell",
    },
    "ko": {
        "eta": "η", "gamma": "γ", "steps": "스텝 수",
        "aria": "RMSProp 경로, 유효 스텝 크기, 손실",
        "step_size": "유효 스텝 크기 η/√(s + ε)", "loss": "손실 f(x)", "step": "스텝",
        "diverged": "스텝 {step}에서 발산", "leaves_view": "스텝 {step}에서 그림 밖으로 나감",
        "status": "η = {eta}, γ = {gamma}, {steps}스텝: x = ({x1}, {x2})",
        "past_steps": "과거 스텝 수 τ", "weight": "가중치 (1 − γ) γ^τ",
        "time_constant": "시간 상수", "half_life": "반감기",
        "summary": "γ = {gamma}: 시간 상수 1/(1 − γ) = {time_constant}스텝, "
                   "반감기 ln 2 / ln(1/γ) = {half_life}스텝.",
        "gamma_one": "γ = 1이면 새 그래디언트가 s에 더해지지 않아 s는 계속 0입니다.",
        "aria_leaky": "최근 40스텝에 대한 누설 평균의 가중치",
        "aria_path": "f(x) = 0.1 x1² + 2 x2²의 등고선 위 RMSProp 경로",
        "status_diverged": "η = {eta}, γ = {gamma}, {steps}스텝: 스텝 {step}에서 발산",
        "rotated": "회전된 문제", "gd": "경사 하강법", "momentum": "모멘텀, β = {beta}",
        "adagrad": "Adagrad", "legend": "표시된 방법",
        "overlay_status": "{method}: f(x) = {loss}", "overlay_diverged": "{method}: 스텝 {step}에서 발산",
        "aria_path_rotated": "f(x) = 0.1 (x1 + x2)² + 2 (x1 − x2)²의 등고선 위 RMSProp 경로",
        "start_point": "시작점 x₀ = ({x1}, {x2}): 끌거나 화살표 키로 옮길 수 있습니다",
        "map_title": "{steps}스텝 후 f(x)", "aria_map": "η와 γ에 따른 {steps}스텝 후 f(x)의 지도",
        "aria_map_select": "η와 γ에 따른 f(x)의 지도: 화살표 키나 클릭으로 η와 γ를 고릅니다",
        "map_readout": "η = {eta}, γ = {gamma}: {steps}스텝 후 f(x) = {f}",
        "map_readout_diverged": "η = {eta}, γ = {gamma}: {steps}스텝 안에 발산",
        "map_legend": "지도의 색", "map_no_progress": "f(x₀) = {f} 이상", "map_diverged": "발산",
        "map_d2l": "d2l: η = {eta}, γ = {gamma}", "map_current": "현재의 η와 γ",
        "lr": "η", "epochs": "에포크 수", "epoch": "에포크", "airfoil_loss": "손실", "sgd": "미니배치 SGD",
        "aria_airfoil": "브라우저에서 훈련한, 에어포일 데이터에 대한 선형 회귀의 에포크별 손실",
        "reference": "본문의 실행, η = {lr}, γ = {gamma}",
        "airfoil_status": "η = {lr}, γ = {gamma}: {epochs}에포크 후 손실 {loss}",
        "airfoil_diverged": "η = {lr}, γ = {gamma}: {note}. {advice}",
        "airfoil_overlay_status": "{method}: 손실 {loss}", "airfoil_overlay_diverged": "{method}: {note}",
        "airfoil_loading": "η = {lr}, γ = {gamma}: 이 설정으로 훈련하려고 에어포일 데이터를 불러오는 중 …",
        "airfoil_failed": "η = {lr}, γ = {gamma}: 에어포일 데이터를 불러오지 못해({error}) 본문의 실행만 "
                          "그립니다",
        "airfoil_no_kernel": "커널이 응답하지 않습니다. 이 셀을 실행하십시오",
    },
    "vi": {
        "eta": "η", "gamma": "γ", "steps": "số bước",
        "aria": "quỹ đạo RMSProp, kích thước bước hiệu dụng và mất mát",
        "step_size": "kích thước bước hiệu dụng η/√(s + ε)", "loss": "mất mát f(x)", "step": "bước",
        "diverged": "phân kỳ ở bước {step}", "leaves_view": "ra khỏi khung hình ở bước {step}",
        "status": "η = {eta}, γ = {gamma}, {steps} bước: x = ({x1}, {x2})",
        "past_steps": "số bước về trước τ", "weight": "trọng số (1 − γ) γ^τ",
        "time_constant": "hằng số thời gian", "half_life": "chu kỳ bán rã",
        "summary": "γ = {gamma}: hằng số thời gian 1/(1 − γ) = {time_constant} bước, "
                   "chu kỳ bán rã ln 2 / ln(1/γ) = {half_life} bước.",
        "gamma_one": "Với γ = 1, không có gradient mới nào được cộng vào s: s luôn bằng 0.",
        "aria_leaky": "trọng số của trung bình rò rỉ trong 40 bước gần nhất",
        "aria_path": "quỹ đạo RMSProp trên các đường đồng mức của f(x) = 0.1 x1² + 2 x2²",
        "status_diverged": "η = {eta}, γ = {gamma}, {steps} bước: phân kỳ ở bước {step}",
        "rotated": "bài toán đã xoay", "gd": "hạ gradient", "momentum": "động lượng, β = {beta}",
        "adagrad": "Adagrad", "legend": "các phương pháp đang hiển thị",
        "overlay_status": "{method}: f(x) = {loss}", "overlay_diverged": "{method}: phân kỳ ở bước {step}",
        "aria_path_rotated": "quỹ đạo RMSProp trên các đường đồng mức của f(x) = 0.1 (x1 + x2)² + 2 (x1 − x2)²",
        "start_point": "điểm xuất phát x₀ = ({x1}, {x2}): hãy kéo điểm này hoặc di chuyển nó bằng các phím mũi tên",
        "map_title": "f(x) sau {steps} bước", "aria_map": "bản đồ f(x) sau {steps} bước theo η và γ",
        "aria_map_select": "bản đồ f(x) theo η và γ: các phím mũi tên hoặc một cú nhấp chọn η và γ",
        "map_readout": "η = {eta}, γ = {gamma}: f(x) = {f} sau {steps} bước",
        "map_readout_diverged": "η = {eta}, γ = {gamma}: phân kỳ trong {steps} bước",
        "map_legend": "màu của bản đồ", "map_no_progress": "không nhỏ hơn f(x₀) = {f}", "map_diverged": "phân kỳ",
        "map_d2l": "d2l: η = {eta}, γ = {gamma}", "map_current": "η và γ của bạn",
        "lr": "η", "epochs": "số epoch", "epoch": "epoch", "airfoil_loss": "mất mát", "sgd": "SGD theo minibatch",
        "aria_airfoil": "mất mát theo epoch của hồi quy tuyến tính trên dữ liệu Airfoil, huấn luyện ngay trong "
                        "trình duyệt của bạn",
        "reference": "lần chạy trong bài, η = {lr}, γ = {gamma}",
        "airfoil_status": "η = {lr}, γ = {gamma}: mất mát {loss} sau {epochs} epoch",
        "airfoil_diverged": "η = {lr}, γ = {gamma}: {note}; {advice}",
        "airfoil_overlay_status": "{method}: mất mát {loss}", "airfoil_overlay_diverged": "{method}: {note}",
        "airfoil_loading": "η = {lr}, γ = {gamma}: đang tải dữ liệu Airfoil để huấn luyện với thiết lập này …",
        "airfoil_failed": "η = {lr}, γ = {gamma}: không tải được dữ liệu Airfoil ({error}) nên chỉ vẽ lần "
                          "chạy trong bài",
        "airfoil_no_kernel": "kernel không trả lời: hãy chạy ô này",
    },
}

# What the figure of show_trace_2d says where the website's in-browser Python draws it with
# widgets.js (kind "trace"), added to the labels above.
TRACE_LABELS = {
    "en": {"aria_trace": "the path of train_2d over the contour lines of f",
           "trace_status": "{steps} steps: x = ({x1}, {x2})"},
    "ko": {"aria_trace": "f의 등고선 위 train_2d 경로", "trace_status": "{steps}스텝: x = ({x1}, {x2})"},
    "vi": {"aria_trace": "quỹ đạo của train_2d trên các đường đồng mức của f",
           "trace_status": "{steps} bước: x = ({x1}, {x2})"},
}

# What the saved output of an explorer's cell says where its figure cannot be shown (before the
# cell runs, or where widgets are not rendered): the text/plain of the output, at most 110
# characters (ipywidgets cuts it there).
RUN_THE_CELL = {
    "en": "Interactive figure: run this cell to show it with its sliders.",
    "ko": "대화형 그림: 이 셀을 실행하면 그림과 슬라이더가 나타납니다.",
    "vi": "Hình tương tác: hãy chạy ô này để hiện hình cùng các thanh trượt.",
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
