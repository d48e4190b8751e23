"""“Edit merged value…”: settle a conflict with a value of one's own, typed in the field's
own editor (the one the record forms use), prefilled with the value shown now.

The vault checks what was typed exactly as for any save; a problem is shown under the
editor and the dialog stays open, so the person fixes the value rather than retyping it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.domain.validation import ValidationError, describe
from itscm_desktop.gui.navigation import Navigator
from itscm_desktop.gui.session import Session
from itscm_desktop.gui.widgets.record_form import editor_for, problem_colour
from itscm_desktop.gui.widgets.text_style import muted, scaled_font
from itscm_desktop.vault.conflicts import ConflictView, settle


class MergedValueDialog(QDialog):
    """The field's editor, Save and Cancel. Accepted once the conflict is settled;
    `typed` is then what was saved (as typed)."""

    def __init__(
        self,
        view: ConflictView,
        session: Session,
        navigator: Navigator,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.view = view
        self.session = session
        self.typed: object = None
        entity = REGISTRY[view.table]
        self.field = entity.field(view.field)
        self.setWindowTitle(f"Edit {self.field.label.lower()}")
        self.setObjectName("merged_value_dialog")

        heading = QLabel(f"{self.field.label} of {view.title}")
        heading.setFont(scaled_font(heading, 1.2, bold=True))
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setWordWrap(True)
        count = len(view.candidates)
        which = "both values" if count == 2 else f"all {count} values"
        note = muted(
            QLabel(
                f"Type the value every laptop should have. It replaces {which} once the "
                "laptops exchange again."
            )
        )
        note.setWordWrap(True)

        self.editor = editor_for(self.field, session, navigator)
        self.editor.set_value(view.conflict.shown.value)
        self.editor.submitted.connect(self.save)

        self.problem = QLabel()
        self.problem.setObjectName("merged_value_problem")
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        palette = self.problem.palette()
        palette.setColor(self.problem.foregroundRole(), problem_colour(self))
        self.problem.setPalette(palette)
        self.problem.hide()

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("Save for every laptop")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(note)
        layout.addSpacing(self.fontMetrics().height() // 2)
        layout.addWidget(self.editor)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 70)
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def problem_text(self) -> str:
        return self.problem.text() if not self.problem.isHidden() else ""

    def save(self) -> None:
        """Settle with what was typed; on a problem, say it under the editor and stay."""
        typed = self.editor.value()
        try:
            settle(self.session.vault, self.view.id, value=typed)
        except ValidationError as error:
            entity = REGISTRY[self.view.table]
            lines = [
                problem.message[:1].upper() + problem.message[1:]
                if problem.field == self.field.name
                else describe(entity, problem)
                for problem in error.problems
            ]
            self._show_problem("\n".join(lines) or str(error))
            return
        except (ValueError, LookupError) as error:
            self._show_problem(str(error))
            return
        self.typed = typed
        self.accept()

    def _show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)
