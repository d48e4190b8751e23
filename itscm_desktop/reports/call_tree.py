"""The call tree diagram: who calls whom, in what order, drawn as boxes joined by lines.

Each tree is an indented outline, like a file tree drawn with boxes: the person who starts
it at the top, the people each person calls below them and one step to the right, joined
by elbow lines. Unlike a wide org chart, an outline stays legible at any size and breaks
across pages cleanly: a box is never cut; the lines run on to the page bottom and resume
under "<tree> (continued)". The numbers in the boxes are the call order of the app's
"Who do I call?" (`call_group`), so paper and screen agree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer

from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.reports.call_tree_boxes import (
    ANCHOR,
    ESCALATE,
    LEVELS_DRAWN,
    Box,
    Layout,
    box_x,
    draw_box,
    measure,
    note,
    rail_x,
)
from itscm_desktop.reports.fonts import BOLD, markup
from itscm_desktop.reports.layout import Progress, document_info, frame_width, render, styles
from itscm_desktop.reports.text import draw_string, shortened, string_width
from itscm_desktop.vault.callout import Callee, call_group
from itscm_desktop.vault.connection import translate_errors
from itscm_desktop.vault.vault import Vault

DOCUMENT = "Call tree"

_GAP = 3.5 * mm  # between two boxes
#: How many boxes must fit below a tree's heading for the tree to start on this page.
_FIRST_BOXES = 2


# -- the drawing of one tree, split across pages ------------------------------------------


class _TreeDrawing(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """A tree's boxes and lines. It splits between boxes; the part before a page break
    fills the page so its lines run to the bottom, the part after starts with the tree's
    name and "(continued)", its lines coming in from the top."""

    _HEAD = 34.0  # the "(continued)" heading and its note
    _FOOT = 12.0  # the "continues" note at the bottom of a page

    def __init__(
        self,
        name: str,
        boxes: list[Box],
        layouts: list[Layout] | None = None,
        *,
        continued: bool = False,
        fill: float | None = None,
    ) -> None:
        super().__init__()
        self.name, self.boxes, self.layouts = name, boxes, layouts
        self.continued, self.fill = continued, fill
        self.leaving: tuple[int, ...] = ()  # the levels whose lines go on to the next page

    def _measured(self, width: float) -> list[Layout]:
        box = self.boxes[0]
        if self.layouts is None or self.layouts[0].width != width - box_x(box.depth):
            self.layouts = [measure(b, width - box_x(b.depth)) for b in self.boxes]
        return self.layouts

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        rows = sum(layout.height + _GAP for layout in self._measured(avail_width))
        self.width = avail_width
        self.height = self.fill or rows + (self._HEAD if self.continued else 0)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        layouts = self._measured(avail_width)
        room = avail_height - self._FOOT - (self._HEAD if self.continued else 0)
        fit = 0
        for layout in layouts:
            room -= layout.height + _GAP
            if room < 0:
                break
            fit += 1
        if fit >= 3 and fit == len(layouts) - 1:
            fit -= 1  # not one person alone on the next page
        if fit == 0:
            return []
        head = _TreeDrawing(
            self.name, self.boxes[:fit], layouts[:fit], continued=self.continued, fill=avail_height
        )
        head.leaving = self.boxes[fit].entering
        rest = _TreeDrawing(self.name, self.boxes[fit:], layouts[fit:], continued=True)
        return [head, rest]

    def draw(self) -> None:
        canvas = self.canv
        top = self.height
        if self.continued:
            room = self.width - string_width(" (continued)", 13, BOLD)
            heading = f"{shortened(self.name, room, 13, BOLD)} (continued)"
            draw_string(canvas, 0, top - 13, heading, 13, BOLD)
            note(canvas, 0, top - 26, "Continued from the previous page")
            top -= self._HEAD
        for box, layout in zip(self.boxes, self.layouts or (), strict=True):
            bottom = top - layout.height - _GAP
            self._draw_lines(box, layout, top, bottom)
            draw_box(canvas, box, layout, box_x(box.depth), top)
            top = bottom
        if self.fill is not None:
            canvas.setStrokeColor(colors.black)
            canvas.setLineWidth(0.9)
            for level in self.leaving:
                canvas.line(rail_x(level), top, rail_x(level), 0)
            note(canvas, self.width, 2, "Continued on the next page", align="right")

    def _draw_lines(self, box: Box, layout: Layout, top: float, bottom: float) -> None:
        canvas = self.canv
        canvas.setStrokeColor(colors.black)
        canvas.setLineWidth(0.9)
        for level in box.rails:
            canvas.line(rail_x(level), top, rail_x(level), bottom)
        if 0 < box.depth <= LEVELS_DRAWN:
            x, anchor = rail_x(box.depth - 1), top - ANCHOR
            canvas.line(x, top, x, anchor if box.last else bottom)
            canvas.line(x, anchor, box_x(box.depth), anchor)
        if box.calls and box.depth < LEVELS_DRAWN:
            canvas.line(rail_x(box.depth), top - layout.height, rail_x(box.depth), bottom)


# -- the trees, from the vault -------------------------------------------------------------


def _boxes(vault: Vault, tree_id: str) -> list[Box]:
    """The tree's people in call order, each with their caller and place. The order is
    call_group's (depth first by position); the links come from the entries themselves."""
    group = call_group(vault, "call_trees", tree_id)
    if group is None:
        return []
    nodes = vault.records("call_tree_nodes", where={"call_tree_id": tree_id})
    with translate_errors():
        people = {
            row[0]: (row[1] or "", row[2] or "")
            for row in vault.conn.execute(
                "SELECT id, job_title, availability FROM contacts WHERE id IN "
                "(SELECT contact_id FROM call_tree_nodes WHERE call_tree_id = ?)",
                (tree_id,),
            )
        }
    known = {node["id"] for node in nodes}
    children: dict[str | None, list[Mapping[str, Any]]] = {}
    for node in nodes:  # as call_group: an entry whose caller is gone starts the tree
        children.setdefault(node["parent_id"] if node["parent_id"] in known else None, []).append(
            node
        )
    callees = iter(group.callees)
    boxes: list[Box] = []

    def visit(caller_id: str | None, caller: Callee | None, rails: tuple[int, ...]) -> None:
        called = children.get(caller_id, [])
        for index, node in enumerate(called):
            callee = next(callees)
            assert callee.id == node["contact_id"], (callee, node)
            last = index == len(called) - 1
            title, availability = people.get(node["contact_id"], ("", ""))
            boxes.append(
                Box(
                    callee=callee,
                    job_title=title,
                    availability=availability,
                    escalate=node["escalate_after_minutes"],
                    instructions=node["instructions"] or "",
                    caller=caller,
                    last=last,
                    calls=bool(children.get(node["id"])),
                    rails=rails,
                )
            )
            depth = callee.depth
            passing = (depth - 1,) if not last and 0 < depth <= LEVELS_DRAWN else ()
            visit(node["id"], callee, rails + passing)

    visit(None, None, ())
    return boxes


def _trees(
    vault: Vault, team_id: str | None, call_tree_id: str | None
) -> tuple[Sequence[Mapping[str, Any]], str]:
    """The trees to draw, by name, and a sentence for when there are none."""
    team = None
    if team_id is not None:
        team = vault.get("teams", team_id)
    if call_tree_id is not None:
        tree = vault.get("call_trees", call_tree_id)
        if team is not None and tree["team_id"] != team_id:
            return [], f"The call tree “{tree['name']}” is not the {team['name']}’s."
        return [tree], ""
    if team is not None:
        trees = vault.records("call_trees", order_by="name", where={"team_id": team_id})
        return (
            trees,
            f"The {team['name']} has no call tree yet — add one in the app, under Call trees.",
        )
    return vault.records("call_trees", order_by="name"), (
        "No call trees yet — add them in the app, under Call trees."
    )


def _about(tree: Mapping[str, Any], teams: Mapping[str, str]) -> list[Flowable]:
    """When to use the tree, whose it is and its notes, each under its registry label."""
    s = styles()
    fields = REGISTRY["call_trees"]
    found: list[Flowable] = []
    team_name = teams.get(tree["team_id"] or "", "")
    for name, value in (
        ("when_to_use", tree["when_to_use"]),
        ("team_id", team_name),
        ("notes", tree["notes"]),
    ):
        if value:
            label = markup(fields.field(name).label + ":", BOLD)
            found.append(Paragraph(f"{label} {markup(str(value))}", s["body"]))
    return found


def call_tree_story(
    vault: Vault,
    *,
    team_id: str | None = None,
    call_tree_id: str | None = None,
    width: float,
) -> list[Flowable]:
    """The call trees drawn `width` wide: every tree, the trees of the team `team_id`, or
    the one tree `call_tree_id`. Raises RecordNotFound for an unknown team or tree."""
    s = styles()
    trees, none = _trees(vault, team_id, call_tree_id)
    if not trees:
        return [Paragraph(markup(none), s["heading"])]
    meaning = ESCALATE.help[:1].lower() + ESCALATE.help[1:]
    story: list[Flowable] = [
        Paragraph(
            "The person at the top starts the tree. Each person calls the people joined "
            "to them by a line below, in the order of the numbers. "
            f"<b>{ESCALATE.label}</b>: {markup(meaning)}",
            s["body"],
        )
    ]
    teams = {team["id"]: team["name"] for team in vault.records("teams")}
    for tree in trees:
        heading = Paragraph(markup(tree["name"], BOLD), s["section"])
        about = _about(tree, teams)
        boxes = _boxes(vault, tree["id"])
        drawing = _TreeDrawing(tree["name"], boxes) if boxes else None
        need = heading.wrap(width, 1e6)[1] + s["section"].spaceBefore + s["section"].spaceAfter
        need += sum(p.wrap(width, 1e6)[1] for p in about) + 3 * mm
        if drawing is not None:
            layouts = drawing._measured(width)[:_FIRST_BOXES]
            need += sum(layout.height + _GAP for layout in layouts) + _TreeDrawing._FOOT
        story += [CondPageBreak(need), heading, *about, Spacer(0, 3 * mm)]
        if drawing is None:
            story.append(
                Paragraph(
                    "Nobody in this call tree yet — add people in the app, under Call trees.",
                    s["body"],
                )
            )
        else:
            story.append(drawing)
    return story


def call_tree_diagram(
    vault: Vault,
    *,
    team_id: str | None = None,
    call_tree_id: str | None = None,
    paper: str = "a4",
    now: datetime | None = None,
    progress: Progress | None = None,
) -> bytes:
    """The call tree diagram as PDF bytes: every tree, a team's trees or one tree.

    Raises RecordNotFound for an unknown team or tree, ValueError for unknown paper.
    """
    title, subject = DOCUMENT, "Who calls whom in every call tree, with numbers and times."
    if call_tree_id is not None:
        tree = vault.find("call_trees", call_tree_id)
        if tree is not None:
            title, subject = f"{DOCUMENT}: {tree['name']}", f"Who calls whom: {tree['name']}."
    elif team_id is not None:
        team = vault.find("teams", team_id)
        if team is not None:
            title, subject = f"{DOCUMENT}: {team['name']}", f"The {team['name']}'s call trees."
    width = frame_width(paper)
    story = call_tree_story(vault, team_id=team_id, call_tree_id=call_tree_id, width=width)
    info = document_info(vault.plan(), title, subject, now)
    return render(
        [Paragraph(markup(title, BOLD), styles()["title"]), *story], info, paper, progress
    )
