"""The app module: what starting it costs."""

from __future__ import annotations

import subprocess
import sys


def test_the_app_starts_without_the_solver_qr_or_calendar_libraries() -> None:
    """OR-Tools (with pandas), qrcode (with Pillow) and icalendar load on first use, not when the app starts."""
    lazy = "{'ortools', 'pandas', 'qrcode', 'PIL', 'icalendar'}"
    code = f"import sys, events.app\nprint(sorted({lazy} & set(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
