"""A list of choices ticked with Space: "[x]" and "[ ]" marks, so ticked shows without colour."""

from __future__ import annotations

from collections.abc import Iterable

from rich.segment import Segment
from rich.style import Style
from textual.events import Focus
from textual.strip import Strip
from textual.widgets import OptionList, SelectionList
from textual.widgets.option_list import OptionDoesNotExist
from textual.widgets.selection_list import Selection

TICKED = "[x]"
UNTICKED = "[ ]"


class CheckList(SelectionList[str]):
    """A SelectionList that says in text which items are ticked, and where Space works at once.

    Textual's own draws the same "X" button for both states and tells them apart by colour
    only; and a list filled after it took focus highlights nothing, so the first Space did
    nothing until an arrow key moved the highlight. Here the focused list always has a
    highlighted item, and Space with nothing highlighted ticks the first item.
    """

    DEFAULT_CSS = """
    CheckList {
        & > .selection-list--button,
        & > .selection-list--button-highlighted {
            color: $text-muted;
        }
        & > .selection-list--button-selected,
        & > .selection-list--button-selected-highlighted {
            color: $text-success;
            text-style: bold;
        }
    }
    """

    def _highlight_first(self) -> None:
        if self.highlighted is None and self.option_count:
            self.highlighted = 0  # validated by the option list: the first enabled one

    def refill(self, items: Iterable[Selection[str]]) -> None:
        """Replace every item; a focused list highlights its first at once."""
        self.clear_options()
        self.add_options(items)
        if self.has_focus:
            self._highlight_first()

    def on_focus(self, event: Focus) -> None:
        self._highlight_first()

    def action_select(self) -> None:
        self._highlight_first()
        super().action_select()

    def _get_left_gutter_width(self) -> int:
        return len(TICKED) + 1

    def render_line(self, y: int) -> Strip:
        # the option's own line, without the parent's button: one line per option (no wrap)
        line = OptionList.render_line(self, y)
        index = self.scroll_offset.y + y
        try:
            selection = self.get_option_at_index(index)
        except OptionDoesNotExist:
            return line
        ticked = selection.value in self.selected
        component = "selection-list--button" + ("-selected" if ticked else "")
        if self.highlighted == index:
            component += "-highlighted"
        button = self.get_component_rich_style(component)
        base = next(iter(line)).style if line.cell_length else None
        base = base or self.rich_style
        mark_style = base + Style(color=button.color, bold=button.bold)
        meta = Style(meta={"option": index})  # a click on the mark toggles, as on the text
        return Strip(
            [
                Segment(TICKED if ticked else UNTICKED, mark_style + meta),
                Segment(" ", base + meta),
                *line,
            ]
        )
