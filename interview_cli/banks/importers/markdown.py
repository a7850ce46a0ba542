"""Markdown Q&A: detect the shape a file uses (headings, bold lines, lists, details) and read it."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from interview_cli.banks.importers.decoding import Source
from interview_cli.banks.importers.fields import DIFFICULTY_MARKERS, apply_export_meta
from interview_cli.banks.importers.model import Note, Parsed, Position, RawQuestion, Skip
from interview_cli.banks.importers.text import (
    CONTROL_CHARS,
    clean_text,
    excerpt,
    html_to_text,
    one_line,
)

if TYPE_CHECKING:
    from markdown_it.tree import SyntaxTreeNode

META_PREFIX = "interview:"

# ------------------------------------------------------------------ is it a question?

_EN_LEAD = re.compile(
    r"^(?:what|what's|whats|why|how|how's|when|where|which|who|whom|whose|is|are|was|were|can|"
    r"could|do|does|did|should|would|will|shall|have|has|may|might|explain|describe|define|"
    r"compare|contrast|distinguish|differentiate|name|list|tell|give|walk|take me|talk|share|"
    r"discuss|state|imagine|suppose|design|implement|write|teach|provide|estimate|calculate|"
    r"derive|prove|show|outline|summari[sz]e|elaborate|identify|propose)\b",
    re.IGNORECASE,
)
_KO_END = re.compile(
    r"(?:까|나|가|니까|습니까|는가|인가|죠|요|란|이란|란\?|차이|차이점|차이는|장단점|"
    r"하시오|하라|해라|하세요|세요|주세요|봅시다|보세요|는지|인지|할까|을까|ㄹ까|뭔가|뭘까|"
    r"무엇|방법은|이유는|과정은|특징은|종류는|원리는|의미는|정의는)[\s.!~]*$"
)
_KO_ANYWHERE = re.compile(
    r"(?:설명해|설명하|무엇|어떻게|어떤|왜 |차이점|차이를|장단점|말해|알려주|얘기해|이란\?|란\?)"
)
_STOP_HEADINGS = re.compile(
    r"^(?:references?|reference links?|table of contents?|contents?|toc|index|intro(?:duction)?|"
    r"overview|license|licen[cs]e and credits|credits|contributors?|contributing|acknowledg\w*|"
    r"see also|related|further reading|resources?|sources?|links?|footnotes?|notes?|"
    r"참고|참고\s*자료|참고\s*문헌|참고\s*링크|출처|목차|소개|들어가며|라이선스|레퍼런스|기여|링크|관련\s*자료)"
    r"\s*:?$",
    re.IGNORECASE,
)
_ANSWER_LABELS = re.compile(
    r"^(?:answers?|solution|model answer|sample answer|reference answer|explanation|"
    r"답|답변|정답|해설|모범\s*답안|모범\s*답변|예시\s*답변|풀이)\s*:?$",
    re.IGNORECASE,
)
_KEY_POINT_LABELS = re.compile(
    r"^(?:key points?|rubric|checklist|핵심|핵심\s*포인트|키\s*포인트|채점\s*기준)\s*:?$",
    re.IGNORECASE,
)
_FOLLOW_UP_LABELS = re.compile(
    r"^(?:follow[- ]?ups?|follow[- ]up questions?|꼬리\s*질문|후속\s*질문|추가\s*질문)\s*:?$",
    re.IGNORECASE,
)
_PLACEHOLDERS = re.compile(
    r"^(?:answer here|answer|tbd|todo|to do|coming soon|wip|n/?a|\.\.\.|…|-|"
    r"작성\s*중|준비\s*중|추가\s*예정|답변\s*작성\s*예정)[.!]*$",
    re.IGNORECASE,
)
_Q_PREFIX = re.compile(r"^(?:Q\s*\d*\s*[.:)]|Question\s*\d*\s*[.:)]|질문\s*\d*\s*[.:)])\s*", re.I)
_A_PREFIX = re.compile(r"^(?:A\s*\d*\s*[.:)]|Answer\s*[.:)]|답변?\s*[.:)])\s*", re.IGNORECASE)
_NUMBERING = re.compile(r"^(?:#\s*)?(?:\d{1,4}|[IVX]{1,5})\s*[.):]\s+|^\[\d+\]\s*")
_MARKERS = re.compile("[" + "".join(DIFFICULTY_MARKERS) + "\u200d\ufe0f]")
_EASY_HARD = re.compile(r"\s*[(\[](easy|medium|hard|쉬움|보통|어려움|상|중|하)[)\]]\s*$", re.I)


def question_text(text: str) -> tuple[str, int | None]:
    """A candidate's text without numbering, Q: prefixes and difficulty markers, and the level."""
    level = None
    for marker, value in DIFFICULTY_MARKERS.items():
        if marker in text:
            level = value
    match = _EASY_HARD.search(text)
    if match:
        level = {"easy": 1, "쉬움": 1, "하": 1, "medium": 2, "보통": 2, "중": 2}.get(
            match.group(1).casefold(), 3
        )
        text = text[: match.start()]
    text = _MARKERS.sub("", text)
    text = _Q_PREFIX.sub("", one_line(text))
    text = _NUMBERING.sub("", text)
    return text.strip(" \t-–—:"), level


def looks_like_question(text: str) -> bool:
    """True for text an interviewer would ask: a '?', an interrogative or imperative opening."""
    core, _ = question_text(text)
    if len(core) < 3 or _STOP_HEADINGS.match(core):
        return False
    if "?" in core or "？" in core:
        return True
    if _EN_LEAD.match(core):
        return True
    if re.search(r"\bvs\.?\b|\bversus\b", core, re.IGNORECASE):
        return True
    if _KO_END.search(core):
        return True
    return len(core) <= 200 and bool(_KO_ANYWHERE.search(core))


def _bold_question(text: str) -> bool:
    """A bold line asks a question when it reads like one or carries a difficulty marker."""
    return looks_like_question(text) or question_text(text)[1] is not None


def is_meaningful(text: str) -> bool:
    """Headings like '#12' or '---' carry no words."""
    return any(c.isalpha() for c in text)


# ------------------------------------------------------------------ rendering to plain text


def _inline_text(node: SyntaxTreeNode) -> str:
    parts: list[str] = []
    for child in node.children:
        kind = child.type
        if kind == "text":
            parts.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif kind == "code_inline":
            parts.append(child.content)
        elif kind == "image":
            continue
        elif kind == "html_inline":
            if re.match(r"<br\s*/?>", child.content, re.IGNORECASE):
                parts.append("\n")
        else:
            parts.append(_inline_text(child))
    return "".join(parts)


def render(node: SyntaxTreeNode) -> str:
    """Plain text of a block node: markup dropped, list items kept as '- ' lines."""
    kind = node.type
    if kind == "inline":
        return _inline_text(node)
    if kind in ("paragraph", "heading"):
        return "".join(render(c) for c in node.children)
    if kind in ("fence", "code_block"):
        return node.content.rstrip("\n")
    if kind == "html_block":
        return html_to_text(node.content)
    if kind == "hr":
        return ""
    if kind in ("bullet_list", "ordered_list"):
        start = int(str(node.attrs.get("start", 1))) if kind == "ordered_list" else 1
        lines = []
        for number, item in enumerate(node.children, start):
            body = "\n\n".join(t for t in (render(c) for c in item.children) if t.strip())
            marker = f"{number}. " if kind == "ordered_list" else "- "
            indented = body.replace("\n", "\n" + " " * len(marker))
            lines.append(marker + indented)
        return "\n".join(lines)
    if kind == "table":
        rows = []
        for section in node.children:
            for row in section.children:
                rows.append(" | ".join(render(cell).strip() for cell in row.children))
        return "\n".join(rows)
    if kind in ("th", "td"):
        return "".join(render(c) for c in node.children)
    return "\n\n".join(t for t in (render(c) for c in node.children) if t.strip())


def _is_bold_line(node: SyntaxTreeNode) -> bool:
    """A paragraph that is one strong span (trailing emoji markers allowed)."""
    if node.type != "paragraph" or not node.children:
        return False
    inline = node.children[0]
    kids = [c for c in inline.children if not (c.type == "text" and not c.content.strip())]
    if not kids or kids[0].type != "strong":
        return False
    rest = "".join(c.content for c in kids[1:] if c.type == "text")
    return all(c.type == "text" for c in kids[1:]) and not _MARKERS.sub("", rest).strip()


def _only_links(node: SyntaxTreeNode) -> bool:
    """A paragraph or heading that is just links (navigation, badges)."""
    if node.type not in ("paragraph", "heading") or not node.children:
        return False
    kids = [
        c
        for c in node.children[0].children
        if not (c.type == "text" and not c.content.strip(" \t-|·,"))
    ]
    return bool(kids) and all(c.type in ("link", "image", "softbreak") for c in kids)


def _link_only(item: SyntaxTreeNode) -> bool:
    """A list item that is just links: a table of contents entry."""
    return bool(item.children) and _only_links(item.children[0])


# ------------------------------------------------------------------ the reader


@dataclass
class _Item:
    """A question being collected, with its answer blocks."""

    raw: RawQuestion
    level: int  # heading level of the question; 7 for bold lines and list items
    answer: list[str] = field(default_factory=list)
    points: list[str] = field(default_factory=list)
    follow_ups: list[str] = field(default_factory=list)
    section: str = "answer"  # or key_points, follow_ups, skip
    meta: dict[str, Any] | None = None


@dataclass
class _Details:
    summary: str
    body: str
    line: int


def _blank_lines(lines: list[str], start: int, end: int) -> None:
    for index in range(start, end):
        lines[index] = ""


def _strip_front_matter(lines: list[str], notes: list[Note]) -> dict[str, Any]:
    """YAML front matter read safely and blanked out so line numbers stay right."""
    if not lines or lines[0].strip() != "---":
        return {}
    for index in range(1, min(len(lines), 400)):
        if lines[index].strip() in ("---", "..."):
            block = "\n".join(lines[1:index])
            _blank_lines(lines, 0, index + 1)
            import yaml  # deferred: only files with front matter need it

            try:
                data = yaml.safe_load(block)
            except yaml.YAMLError:
                notes.append(Note(Position(1), "front matter is not valid YAML; ignored"))
                return {}
            return data if isinstance(data, dict) else {}
    return {}


_MDX_LINE = re.compile(
    r"^\s*(?:import\s+[\w{},*\s]+\s+from\s+['\"][^'\"]+['\"];?|import\s+['\"][^'\"]+['\"];?|"
    r"export\s+(?:default\s+|const\s+|function\s+)\S.*)\s*$"
)
_FENCE = re.compile(r"^\s*(```|~~~)")


def _strip_mdx(lines: list[str]) -> None:
    """MDX import/export lines are code, not text; blank them outside code fences."""
    in_fence = False
    for index, line in enumerate(lines):
        if _FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence and _MDX_LINE.match(line):
            lines[index] = ""


def _details_parts(source: str) -> tuple[str, str]:
    summary = ""
    match = re.search(r"<summary[^>]*>(.*?)</summary>", source, re.IGNORECASE | re.DOTALL)
    if match:
        summary = html_to_text(match.group(1))
        source = source[: match.start()] + source[match.end() :]
    body = re.sub(r"</?details[^>]*>", "", source, flags=re.IGNORECASE)
    return summary, body


class MarkdownReader:
    """Reads one Markdown file into questions; see ``read_markdown``."""

    def __init__(self, text: str, name: str) -> None:
        from markdown_it import MarkdownIt
        from markdown_it.tree import SyntaxTreeNode

        self.name = name
        self.notes: list[Note] = []
        self.skipped: list[Skip] = []
        # line numbers must match the file, so only newlines and control characters change here
        text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        lines = CONTROL_CHARS.sub("", text).split("\n")
        self.front = _strip_front_matter(lines, self.notes)
        _strip_mdx(lines)
        self.lines = lines
        self.md = MarkdownIt("commonmark").enable("table")
        self.root = SyntaxTreeNode(self.md.parse("\n".join(lines)))
        self.blocks: list[SyntaxTreeNode | _Details] = self._merge_details(list(self.root.children))

    # -- structure

    def _source_of(self, start: int, end: int) -> str:
        return "\n".join(self.lines[start:end])

    def _merge_details(self, nodes: list[SyntaxTreeNode]) -> list[SyntaxTreeNode | _Details]:
        """Collapse <details> ... </details> spans (one html block or several nodes) into one."""
        from markdown_it.tree import SyntaxTreeNode

        out: list[SyntaxTreeNode | _Details] = []
        index = 0
        while index < len(nodes):
            node = nodes[index]
            if node.type == "html_block" and re.match(r"\s*<details", node.content, re.I):
                start = node.map[0] if node.map else 0
                end_index = index
                if not re.search(r"</details>", node.content, re.I):
                    for probe in range(index + 1, len(nodes)):
                        other = nodes[probe]
                        if other.type == "html_block" and re.search(
                            r"</details>", other.content, re.I
                        ):
                            end_index = probe
                            break
                last = nodes[end_index]
                end = last.map[1] if last.map else start + 1
                summary, body = _details_parts(self._source_of(start, end))
                body_text = render(SyntaxTreeNode(self.md.parse(body)))
                out.append(_Details(summary, body_text, start + 1))
                index = end_index + 1
                continue
            out.append(node)
            index += 1
        return out

    @staticmethod
    def _line(node: SyntaxTreeNode) -> int:
        return node.map[0] + 1 if node.map else 1

    def _headings(self) -> list[tuple[int, SyntaxTreeNode, str]]:
        return [
            (int(b.tag[1]), b, render(b).strip())
            for b in self.blocks
            if not isinstance(b, _Details) and b.type == "heading"
        ]

    def _question_headings(self) -> set[int]:
        """Indexes (into self.blocks) of headings that are questions, not topics."""
        heads = self._headings()
        per_level: dict[int, list[bool]] = {}
        for level, _, text in heads:
            if is_meaningful(text) and not _STOP_HEADINGS.match(question_text(text)[0]):
                per_level.setdefault(level, []).append(looks_like_question(text))
        question_levels = {
            level
            for level, flags in per_level.items()
            if sum(flags) >= 2 and sum(flags) / len(flags) >= 0.5
        }
        marked = self._meta_marked_headings()
        candidates: list[tuple[int, int, bool]] = []  # (block index, level, candidate)
        for index, block in enumerate(self.blocks):
            if isinstance(block, _Details) or block.type != "heading":
                continue
            level = int(block.tag[1])
            text = render(block).strip()
            core = question_text(text)[0]
            candidate = (
                is_meaningful(text)
                and not _only_links(block)
                and not _STOP_HEADINGS.match(core)
                and not _ANSWER_LABELS.match(core)
                and (looks_like_question(text) or level in question_levels or index in marked)
                and level > 1
            ) or index in marked
            candidates.append((index, level, candidate))
        chosen: set[int] = set()
        for position, (index, level, candidate) in enumerate(candidates):
            if not candidate:
                continue
            # a heading with question headings under it is a topic
            has_child = False
            for _, deeper, other in candidates[position + 1 :]:
                if deeper <= level:
                    break
                if other:
                    has_child = True
                    break
            if not has_child:
                chosen.add(index)
        return chosen

    def _meta_marked_headings(self) -> set[int]:
        """Headings followed by our own metadata comment (files we exported) are questions."""
        marked = set()
        for index, block in enumerate(self.blocks[:-1]):
            following = self.blocks[index + 1]
            if (
                not isinstance(block, _Details)
                and block.type == "heading"
                and not isinstance(following, _Details)
                and following.type == "html_block"
                and self._meta(following) is not None
            ):
                marked.add(index)
        return marked

    @staticmethod
    def _meta(node: SyntaxTreeNode) -> dict[str, Any] | None:
        match = re.match(r"\s*<!--\s*interview:\s*(\{.*\})\s*-->\s*$", node.content, re.DOTALL)
        if not match:
            return None
        try:
            data = json.loads(match.group(1))
        except json.JSONDecodeError:
            return None
        return data if isinstance(data, dict) else None

    def _question_list(self, node: SyntaxTreeNode) -> bool:
        """A list most of whose items (links aside) are questions."""
        items = [i for i in node.children if i.children and not _link_only(i)]
        texts = [render(i.children[0]) for i in items if i.children[0].type == "paragraph"]
        if not texts:
            return False
        asked = sum(1 for t in texts if looks_like_question(t))
        return asked >= 1 and asked / len(texts) >= 0.5

    # -- shape detection

    def detect_shape(self) -> tuple[str, int]:
        counts: Counter[str] = Counter()
        question_heads = self._question_headings()
        if self._meta_marked_headings():
            return "headings", len(question_heads)  # a file we exported
        counts["headings"] = len(question_heads)
        answering = False  # lists under a question are its answer or follow-ups, not questions
        for index, block in enumerate(self.blocks):
            if isinstance(block, _Details):
                if looks_like_question(block.summary):
                    counts["details"] += 1
                continue
            if block.type == "heading":
                answering = index in question_heads
            elif _is_bold_line(block) and _bold_question(render(block)):
                counts["bold"] += 1
                answering = True
            elif block.type == "paragraph" and _Q_PREFIX.match(render(block)):
                counts["qa"] += 1
                answering = True
            elif (
                block.type in ("bullet_list", "ordered_list")
                and not answering
                and self._question_list(block)
            ):
                counts["list"] += sum(1 for i in block.children if not _link_only(i))
        if not counts or max(counts.values()) == 0:
            return "none", 0
        order = ["headings", "bold", "qa", "details", "list"]
        best = max(order, key=lambda s: (counts[s], -order.index(s)))
        return best, counts[best]

    # -- reading

    def read(self) -> Parsed:
        shape, _ = self.detect_shape()
        parsed = Parsed(notes=self.notes, skipped=self.skipped)
        parsed.title = self._title()
        if shape == "none":
            parsed.shape = "no questions found"
            return parsed
        question_heads = self._question_headings() if shape == "headings" else set()
        topics: dict[int, str] = {}
        current: _Item | None = None
        skipping = False  # inside a References/TOC section outside any question
        questions: list[RawQuestion] = []

        def finish() -> None:
            nonlocal current
            if current is not None:
                questions.append(self._finish(current))
            current = None

        def topic_now() -> str | None:
            return topics[max(topics)] if topics else None

        for index, block in enumerate(self.blocks):
            if isinstance(block, _Details):
                if shape == "details" and looks_like_question(block.summary):
                    finish()
                    text, level = question_text(block.summary)
                    current = _Item(RawQuestion(text, Position(block.line), topic=topic_now()), 7)
                    current.raw.difficulty = level
                    current.answer.append(block.body)
                    finish()
                elif current is not None and current.section != "skip":
                    current.answer.append(block.body)
                continue
            kind = block.type
            if kind == "heading":
                level = int(block.tag[1])
                text = render(block).strip()
                core = question_text(text)[0]
                if index in question_heads:
                    finish()
                    skipping = False
                    current = self._start(text, self._line(block), level, topic_now())
                    continue
                if _only_links(block):
                    continue  # navigation such as "back to top"
                if current is not None and level > current.level:
                    if not self._switch_section(current, core) and current.section == "answer":
                        current.answer.append(text)
                    continue
                if _STOP_HEADINGS.match(core):
                    if current is not None:
                        current.section = "skip"
                    else:
                        skipping = True
                    continue
                finish()
                skipping = False
                if level == 1 or not is_meaningful(text):
                    continue
                for deeper in [lvl for lvl in topics if lvl >= level]:
                    del topics[deeper]
                topics[level] = text
                continue
            if kind == "html_block":
                meta = self._meta(block)
                if meta is not None and current is not None:
                    current.meta = meta
                    continue
            if shape == "bold" and _is_bold_line(block):
                text = render(block).strip()
                if _bold_question(text):
                    finish()
                    current = self._start(text, self._line(block), 7, topic_now())
                    continue
            if shape == "qa" and kind == "paragraph":
                text = render(block)
                if _Q_PREFIX.match(text):
                    finish()
                    first, _, rest = text.partition("\n")
                    current = self._start(first, self._line(block), 7, topic_now())
                    rest = rest.strip()
                    if rest:
                        current.answer.append(_A_PREFIX.sub("", rest))
                    continue
                if current is not None and _A_PREFIX.match(text):
                    current.answer.append(_A_PREFIX.sub("", text))
                    continue
            if kind in ("bullet_list", "ordered_list"):
                as_questions = (shape == "list" or current is None) and self._question_list(block)
                if as_questions and not skipping:
                    finish()
                    for item in block.children:
                        raw = self._list_question(item, topic_now())
                        if raw is not None:
                            questions.append(raw)
                    continue
            if current is None or skipping:
                continue
            if kind == "paragraph" and _is_bold_line(block):
                text = render(block).strip()
                if self._switch_section(current, question_text(text)[0]):
                    continue
            self._add_block(current, block)
        finish()
        parsed.questions = questions
        parsed.shape = {
            "headings": "a heading per question, answer below",
            "bold": "bold-line questions, answer below",
            "qa": "Q:/A: paragraphs",
            "details": "<details> blocks with the question as summary",
            "list": "lists of questions (nested items as follow-ups)",
        }[shape]
        meta = {k: str(v) for k, v in self.front.items() if isinstance(v, str | int | float)}
        parsed.bank_meta = {
            k: meta[k]
            for k in ("bank", "title", "language", "license", "description", "version")
            if k in meta
        }
        if "title" in meta:
            parsed.title = meta["title"]
        if "language" in meta:
            parsed.language = meta["language"]
        return parsed

    def _title(self) -> str | None:
        for block in self.blocks:
            if not isinstance(block, _Details) and block.type == "heading" and block.tag == "h1":
                text = one_line(render(block))
                return text or None
        return None

    def _start(self, text: str, line: int, level: int, topic: str | None) -> _Item:
        core, difficulty = question_text(text)
        raw = RawQuestion(core, Position(line), topic=topic, difficulty=difficulty)
        return _Item(raw, level)

    @staticmethod
    def _switch_section(item: _Item, core: str) -> bool:
        """Switch sections on labels like 'Answer' or 'Key points'; False for ordinary text."""
        if _ANSWER_LABELS.match(core):
            item.section = "answer"
        elif _KEY_POINT_LABELS.match(core):
            item.section = "key_points"
        elif _FOLLOW_UP_LABELS.match(core):
            item.section = "follow_ups"
        elif _STOP_HEADINGS.match(core):
            item.section = "skip"
        else:
            return False
        return True

    def _add_block(self, item: _Item, block: SyntaxTreeNode) -> None:
        if item.section == "skip":
            return
        if item.section in ("key_points", "follow_ups") and block.type in (
            "bullet_list",
            "ordered_list",
        ):
            target = item.points if item.section == "key_points" else item.follow_ups
            for entry in block.children:
                text = "\n".join(render(c) for c in entry.children).strip()
                if text:
                    target.append(text)
            return
        text = render(block)
        if text.strip():
            item.answer.append(text)

    def _list_question(self, item: SyntaxTreeNode, topic: str | None) -> RawQuestion | None:
        if not item.children or _link_only(item):
            return None
        first = item.children[0]
        line = self._line(item)
        if first.type != "paragraph":
            self.skipped.append(Skip(Position(line), "list item does not start with text"))
            return None
        text, difficulty = question_text(render(first))
        if not text:
            return None
        raw = RawQuestion(text, Position(line), topic=topic, difficulty=difficulty)
        answer: list[str] = []
        for child in item.children[1:]:
            if child.type in ("bullet_list", "ordered_list") and self._question_list(child):
                for sub in child.children:
                    if sub.children and sub.children[0].type == "paragraph":
                        follow, _ = question_text(render(sub.children[0]))
                        if follow:
                            raw.follow_ups.append(follow)
                        rest = [render(c) for c in sub.children[1:]]
                        raw.follow_ups.extend(
                            question_text(r)[0] for r in rest if r.strip() and "\n" not in r
                        )
            else:
                rendered = render(child)
                if rendered.strip():
                    answer.append(rendered)
        raw.answer = self._answer_text(answer, raw)
        return raw

    def _answer_text(self, parts: list[str], raw: RawQuestion) -> str | None:
        text = clean_text("\n\n".join(p for p in parts if p.strip()))
        if not text:
            return None
        if re.fullmatch(_PLACEHOLDERS, one_line(text)):
            self.notes.append(
                Note(raw.at, f"answer {excerpt(text, 30)!r} is a placeholder; imported without")
            )
            return None
        return text

    def _finish(self, item: _Item) -> RawQuestion:
        raw = item.raw
        raw.answer = self._answer_text(item.answer, raw)
        raw.key_points = [one_line(p) for p in item.points if one_line(p)]
        raw.follow_ups.extend(one_line(f) for f in item.follow_ups if one_line(f))
        if item.meta:
            apply_export_meta(raw, item.meta)
        return raw


def read_markdown(source: Source) -> Parsed:
    notes: list[Note] = []
    text = source.text(notes)
    reader = MarkdownReader(text, source.name)
    parsed = reader.read()
    parsed.notes[:0] = notes
    return parsed
