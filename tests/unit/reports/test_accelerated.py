"""reportlab runs on its C accelerator (rl-accel), not the pure-Python fallback.

The fallback is silent: without the accelerator every document still prints, only
10–30% slower (measured on the large organisation's runbooks, inventory and cards).
This test is what notices a packaging or install that lost it.
"""

from __future__ import annotations

from reportlab.lib import rl_accel


def test_the_accelerated_functions_come_from_the_c_extension() -> None:
    for name in ("fp_str", "escapePDF", "instanceStringWidthTTF", "unicode2T1"):
        assert getattr(rl_accel, name).__module__ == "_rl_accel", name
