"""The bulletin as the offices post it: a PDF and one long PNG image, printed from the same HTML.

Why headless Chromium through Playwright: the bulletin's HTML (inline SVG, CSS flex cards, CJK
text) is laid out by the same engine the console tests already run, so the PDF and the image look
like the page, and Chromium embeds the subset of the CJK font it used (fonts-noto-cjk) in the PDF.
Playwright rather than ``chromium --print-to-pdf/--screenshot`` on the command line because the
long image needs the page's real height (``full_page``), which the command line cannot measure,
and because it reports a failed launch as an exception instead of an empty file. No browser is
downloaded: Playwright drives the system Chromium (``executable_path``).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser

#: where Chromium usually lives (Debian/Ubuntu packages, Google Chrome); ``WENZHENG_CHROMIUM``
#: overrides
CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome",
              "/usr/bin/google-chrome-stable")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
WIDTH = 1000  # CSS px: the bulletin's max-width plus its padding, a phone-friendly column
MAX_IMAGE_PX = 16000  # taller bitmaps fail in Chromium; the scale drops before that
FORMATS = ("html", "pdf", "png")


class PublishError(Exception):
    """Rendering to PDF/PNG is impossible here (no Chromium, or it failed to start)."""


def find_chromium() -> Path:
    """The Chromium to print with, or a :class:`PublishError` that says how to get one."""
    given = os.environ.get("WENZHENG_CHROMIUM")
    if given:
        if not Path(given).is_file():
            raise PublishError(f"WENZHENG_CHROMIUM={given}: 文件不存在")
        return Path(given)
    for name in (*CANDIDATES, *(shutil.which(n) or "" for n in ("chromium", "chromium-browser"))):
        if name and Path(name).is_file():
            return Path(name)
    raise PublishError("生成 PDF/PNG 需要 Chromium，但未找到（已查找 " + "、".join(CANDIDATES)
                       + "）：请安装 chromium 和 fonts-noto-cjk，或用环境变量 WENZHENG_CHROMIUM 指定路径；"
                       "--format html 不需要浏览器")


def publish(html: str, fmt: str, out: Path) -> Path:
    """Write ``html`` to ``out`` as html, pdf (A4, backgrounds printed) or png (one long image)."""
    if fmt not in FORMATS:
        raise PublishError(f"--format: {fmt!r} 不是 {', '.join(FORMATS)} 之一")
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "html":
        out.write_text(html, encoding="utf-8")
        return out
    chromium = find_chromium()
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as e:  # pragma: no cover - a declared dependency
        raise PublishError(f"生成 PDF/PNG 需要 Python 包 playwright：{e}") from e
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(chromium), args=ARGS)
            try:
                _print(browser, html, fmt, out)
            finally:
                browser.close()
    except PlaywrightError as e:
        raise PublishError(f"Chromium（{chromium}）渲染失败：{e.message.splitlines()[0]}") from e
    return out


def _print(browser: Browser, html: str, fmt: str, out: Path) -> None:
    if fmt == "pdf":
        page = browser.new_page(locale="zh-CN")
        page.set_content(html, wait_until="load")
        page.emulate_media(media="print")
        page.pdf(path=str(out), format="A4", print_background=True,
                 margin={"top": "12mm", "bottom": "12mm", "left": "10mm", "right": "10mm"})
        return
    # measure at scale 1, then shoot at 2x (sharp on phones) unless the image would be too tall
    page = browser.new_page(viewport={"width": WIDTH, "height": 800}, locale="zh-CN")
    page.set_content(html, wait_until="load")
    height = int(page.evaluate("document.documentElement.scrollHeight"))
    scale = 2 if height * 2 <= MAX_IMAGE_PX else 1
    if scale != 1:
        page.close()
        page = browser.new_page(viewport={"width": WIDTH, "height": 800}, device_scale_factor=scale,
                                locale="zh-CN")
        page.set_content(html, wait_until="load")
    page.screenshot(path=str(out), full_page=True, type="png")
