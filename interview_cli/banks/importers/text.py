"""Foreign text made plain: newlines and control characters, one-line excerpts, HTML to text."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\ufeff]")


def clean_text(text: str) -> str:
    """Newlines normalised, control characters and trailing spaces dropped, blank runs squeezed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = text.replace("\u00a0", " ")
    text = CONTROL_CHARS.sub("", text)
    lines = [line.rstrip() for line in text.split("\n")]
    out = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    return out.strip("\n").strip()


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def excerpt(text: str, limit: int = 70) -> str:
    flat = one_line(text)
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


# whitespace written as a character reference is content, not layout; these private-use
# characters hold it while HTML layout whitespace is collapsed
_KEEP = {" ": "\ue000", "\t": "\ue001", "\n": "\ue002", "\u00a0": "\ue000"}
_RESTORE = str.maketrans({v: k for k, v in _KEEP.items() if k != "\u00a0"})


class _TextExtractor(HTMLParser):
    """HTML to plain text: block tags and <br> become newlines, scripts and styles vanish."""

    BLOCK = frozenset(
        [
            "p",
            "div",
            "li",
            "ul",
            "ol",
            "tr",
            "table",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "pre",
            "blockquote",
            "section",
            "article",
            "dt",
            "dd",
        ]
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.parts: list[str] = []
        self.hidden = 0
        self.pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "head", "title"):
            self.hidden += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "pre":
            self.pre += 1
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in self.BLOCK:
            self.parts.append("\n")
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt:
                self.parts.append(alt)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head", "title"):
            self.hidden = max(0, self.hidden - 1)
        elif tag == "pre":
            self.pre = max(0, self.pre - 1)
            self.parts.append("\n")
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def _literal(self, text: str) -> None:
        if not self.hidden:
            self.parts.append("".join(_KEEP.get(c, c) for c in text))

    def handle_entityref(self, name: str) -> None:
        self._literal(html.unescape(f"&{name};"))

    def handle_charref(self, name: str) -> None:
        self._literal(html.unescape(f"&#{name};"))

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        if self.pre:
            self._literal(data)
        else:
            # HTML whitespace is not significant outside <pre>
            self.parts.append(re.sub(r"[ \t\r\n]+", " ", data))


def html_to_text(markup: str) -> str:
    """Plain text of an HTML fragment: entities decoded, layout whitespace collapsed."""
    if "<" not in markup and "&" not in markup:
        return clean_text(re.sub(r"[ \t]+", " ", markup))
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    lines = [line.strip(" ") for line in "".join(parser.parts).split("\n")]
    return clean_text("\n".join(lines).translate(_RESTORE))


def looks_like_html(text: str) -> bool:
    return bool(
        re.search(r"</?(br|div|p|b|i|u|span|strong|em|ul|ol|li|img|font|code|pre)\b", text, re.I)
    ) or bool(re.search(r"&(nbsp|amp|lt|gt|quot|#\d+);", text))
