"""The top line of every screen: where you are on the left, the model's state on the right."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label

from interview_cli.tui.messages import ModelState

_ICONS: dict[ModelState, str] = {"loading": "◌", "ready": "✔", "fallback": "⚠"}


def model_text(state: ModelState, label: str) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(_ICONS[state] + " ")
    text.append(label)
    return text


class StatusBar(Horizontal):
    """Title on the left; model status (loading / ready / fallback) on the right."""

    def __init__(self, title: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._title = title
        self._drawn: tuple[ModelState, str] = ("loading", "")  # what the label shows

    def _current(self) -> tuple[ModelState, str]:
        return getattr(self.app, "model_state", "loading"), getattr(self.app, "model_label", "")

    def compose(self) -> ComposeResult:
        yield Label(self._title, id="status-title", markup=False)
        # filled in now, not by the watcher, so the very first frame already says it
        self._drawn = self._current()
        state, text = self._drawn
        label = Label(model_text(state, text), id="status-model")
        label.add_class(f"-{state}")
        yield label

    def on_mount(self) -> None:
        # compose drew the state of that moment: the watchers need not redo it (init=False, no
        # second layout for the first frame), unless it changed while the children mounted
        self.watch(self.app, "model_state", self._model_changed, init=False)
        self.watch(self.app, "model_label", self._model_changed, init=False)
        if self._current() != self._drawn:
            self._model_changed()

    def _model_changed(self) -> None:
        self._drawn = state, text = self._current()
        model = self.query_one("#status-model", Label)
        model.update(model_text(state, text))
        for name in ("loading", "ready", "fallback"):
            model.set_class(state == name, f"-{name}")
