"""Every text d2lmini shows a reader, in English, Korean and Vietnamese: one catalogue.

``MESSAGES`` are written by Python (figure notes, printed lines), ``FIGURE_LABELS`` by the
browser figures of widgets.js, ``RUN_THE_CELL`` stands in for an explorer not yet run,
``STATIC_FIGURE_NOTE`` goes with the website's drawing of a figure for readers without JavaScript,
``SEARCH_LABELS`` name the site's search dialog (the build writes them into each page), and
``SITE_TEXTS`` are the website's interface around the chapter (the book's title and the theme's
buttons, links and landmarks), keyed by their English text as the theme's gettext calls ask for it.
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
        "loss_single_point": "a single point: the loss is recorded every {examples} examples and at "
                             "the end; train on more examples or epochs to see a curve",
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
        "loss_single_point": "점이 하나뿐입니다: 손실은 {examples}개 샘플마다, 그리고 마지막에 기록됩니다. "
                             "곡선을 보려면 더 많은 샘플이나 에포크로 학습하세요",
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
    },
    "ko": {
        "eta": "η", "gamma": "γ", "steps": "스텝 수",
        "aria": "RMSProp 경로, 유효 스텝 크기, 손실",
        "step_size": "유효 스텝 크기 η/√(s + ε)", "loss": "손실 f(x)", "step": "스텝",
        "diverged": "{step}번째 스텝에서 발산", "leaves_view": "{step}번째 스텝에서 그림 밖으로 나감",
        "status": "η = {eta}, γ = {gamma}, {steps}스텝: x = ({x1}, {x2})",
        "past_steps": "과거 스텝 수 τ", "weight": "가중치 (1 − γ) γ^τ",
        "time_constant": "시간 상수", "half_life": "반감기",
        "summary": "γ = {gamma}: 시간 상수 1/(1 − γ) = {time_constant}스텝, "
                   "반감기 ln 2 / ln(1/γ) = {half_life}스텝.",
        "gamma_one": "γ = 1이면 새 그래디언트가 s에 더해지지 않아 s는 계속 0입니다.",
        "aria_leaky": "최근 40스텝에 대한 누설 평균의 가중치",
        "aria_path": "f(x) = 0.1 x1² + 2 x2²의 등고선 위 RMSProp 경로",
        "status_diverged": "η = {eta}, γ = {gamma}, {steps}스텝: {step}번째 스텝에서 발산",
        "rotated": "회전된 문제", "gd": "경사 하강법", "momentum": "모멘텀, β = {beta}",
        "adagrad": "Adagrad", "legend": "그려진 방법",
        "overlay_status": "{method}: f(x) = {loss}", "overlay_diverged": "{method}: {step}번째 스텝에서 발산",
        "aria_path_rotated": "f(x) = 0.1 (x1 + x2)² + 2 (x1 − x2)²의 등고선 위 RMSProp 경로",
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
        "rotated": "bài toán xoay", "gd": "hạ gradient", "momentum": "động lượng, β = {beta}",
        "adagrad": "Adagrad", "legend": "các phương pháp được vẽ",
        "overlay_status": "{method}: f(x) = {loss}", "overlay_diverged": "{method}: phân kỳ ở bước {step}",
        "aria_path_rotated": "quỹ đạo RMSProp trên các đường đồng mức của f(x) = 0.1 (x1 + x2)² + 2 (x1 − x2)²",
    },
}

# What the saved output of an explorer's cell says where its figure cannot be shown (before the
# cell runs, or where widgets are not rendered): the text/plain of the output, at most 110
# characters (ipywidgets cuts it there).
RUN_THE_CELL = {
    "en": "Interactive figure: run this cell to show it with its sliders.",
    "ko": "대화형 그림: 이 셀을 실행하면 그림과 슬라이더가 나타납니다.",
    "vi": "Hình tương tác: hãy chạy ô này để hiện hình cùng các thanh trượt.",
}

# Under the build-time drawing of an interactive figure on the website, shown only to readers
# without JavaScript (_ext/static_figures.py), who see no sliders.
STATIC_FIGURE_NOTE = {
    "en": "This is the figure at the values in the code above. With JavaScript on, sliders let "
          "you change them here.",
    "ko": "위 코드의 값으로 그린 그림입니다. JavaScript를 켜면 이 자리에서 슬라이더로 값을 바꿀 수 있습니다.",
    "vi": "Đây là hình vẽ với các giá trị trong đoạn mã ở trên. Khi bật JavaScript, bạn có thể "
          "thay đổi chúng ngay tại đây bằng các thanh trượt.",
}

# The site's search dialog (_static/site-search.mjs; Pagefind's own UI brings its translations).
SEARCH_LABELS = {
    "en": {"dialog": "Search this book", "close": "Close search",
           "failed": "The search could not load: {error}"},
    "ko": {"dialog": "이 책에서 검색", "close": "검색 닫기",
           "failed": "검색을 불러오지 못했습니다: {error}"},
    "vi": {"dialog": "Tìm kiếm trong sách", "close": "Đóng tìm kiếm",
           "failed": "Không tải được chức năng tìm kiếm: {error}"},
}

# The website's interface on the Korean and Vietnamese pages: English text -> translation.
# _ext/multilingual.py serves these to the theme's gettext calls (Sphinx's "sphinx" domain, which
# pydata-sphinx-theme shares, and sphinx-book-theme's "booktheme"); they come before the
# catalogues those packages ship, which have no Korean or Vietnamese for pydata-sphinx-theme and
# miss or garble some of the others. English pages show the English texts themselves.
SITE_TEXTS: dict[str, dict[str, str]] = {
    "ko": {
        # _config.yml's title and author, and the footer's "By {author}"
        "RMSProp: an interactive chapter of Dive into Deep Learning":
            "RMSProp: Dive into Deep Learning의 대화형 장",
        "By": "지은이:",
        "© Copyright %(copyright)s.": "저작권 © %(copyright)s.",
        "Search this book...": "이 책에서 검색…",
        "the d2lmini authors, after Dive into Deep Learning by Zhang, Lipton, Li and Smola":
            "d2lmini 저자들, Zhang, Lipton, Li, Smola의 Dive into Deep Learning을 바탕으로",
        # pydata-sphinx-theme
        "Skip to main content": "본문으로 건너뛰기",
        "Back to top": "맨 위로",
        "Search": "검색",
        "Home": "홈",
        "Section Navigation": "섹션 탐색",
        "Breadcrumb": "이동 경로",
        "previous page": "이전 페이지",
        "previous": "이전",
        "next page": "다음 페이지",
        "next": "다음",
        "Color mode": "색상 모드",
        "Light": "밝게",
        "Dark": "어둡게",
        "System Settings": "시스템 설정",
        "Version warning": "버전 경고",
        "Announcement": "공지",
        "Index": "색인",
        # Sphinx's links beside headings, figures and code
        "Link to this heading": "이 제목으로 연결되는 링크",
        "Link to this image": "이 그림으로 연결되는 링크",
        "Link to this table": "이 표로 연결되는 링크",
        "Link to this code": "이 코드로 연결되는 링크",
        "Link to this equation": "이 수식으로 연결되는 링크",
        # sphinx-book-theme and this book's templates
        "Contents": "목차",
        "Main": "주 메뉴",
        "Page": "페이지",
        "Toggle primary sidebar": "왼쪽 사이드바 열기/닫기",
        "Toggle secondary sidebar": "목차 사이드바 열기/닫기",
        "Launch interactive content": "대화형으로 실행하기",
        "Launch on": "실행:",
        "Source repository": "소스 저장소",
        "Download this page": "이 페이지 내려받기",
        "Download notebook file": "노트북 파일 내려받기",
        "Download source file": "소스 파일 내려받기",
        "Print to PDF": "PDF로 인쇄",
        "Fullscreen mode": "전체 화면",
        "logo": "로고",
    },
    "vi": {
        "RMSProp: an interactive chapter of Dive into Deep Learning":
            "RMSProp: một chương tương tác của Đắm mình vào Học Sâu",
        "By": "Tác giả:",
        "Search this book...": "Tìm trong sách này…",
        "the d2lmini authors, after Dive into Deep Learning by Zhang, Lipton, Li and Smola":
            "nhóm tác giả d2lmini, dựa trên Dive into Deep Learning của Zhang, Lipton, Li và Smola",
        "© Copyright %(copyright)s.": "© Bản quyền %(copyright)s.",
        "Skip to main content": "Chuyển đến nội dung chính",
        "Back to top": "Lên đầu trang",
        "Search": "Tìm kiếm",
        "Home": "Trang chủ",
        "Section Navigation": "Điều hướng mục",
        "Breadcrumb": "Đường dẫn",
        "previous page": "trang trước",
        "previous": "trước",
        "next page": "trang sau",
        "next": "sau",
        "Color mode": "Chế độ màu",
        "Light": "Sáng",
        "Dark": "Tối",
        "System Settings": "Theo hệ thống",
        "Version warning": "Cảnh báo phiên bản",
        "Announcement": "Thông báo",
        "Index": "Chỉ mục",
        "Link to this heading": "Liên kết đến tiêu đề này",
        "Link to this image": "Liên kết đến hình này",
        "Link to this table": "Liên kết đến bảng này",
        "Link to this code": "Liên kết đến đoạn mã này",
        "Link to this equation": "Liên kết đến phương trình này",
        "Contents": "Mục lục",
        "Main": "Điều hướng chính",
        "Page": "Trang",
        "Toggle primary sidebar": "Ẩn/hiện thanh bên trái",
        "Toggle secondary sidebar": "Ẩn/hiện mục lục của trang",
        "Launch interactive content": "Chạy nội dung tương tác",
        "Launch on": "Chạy trên",
        "Source repository": "Kho mã nguồn",
        "Download this page": "Tải trang này xuống",
        "Download notebook file": "Tải tệp notebook xuống",
        "Download source file": "Tải tệp nguồn xuống",
        "Print to PDF": "In ra PDF",
        "Fullscreen mode": "Toàn màn hình",
        "logo": "logo",
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
