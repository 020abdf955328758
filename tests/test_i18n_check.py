"""Every message of the code and templates has a Chinese translation (a missing one fails CI)."""

from pathlib import Path

from events.i18n_check import missing_translations, used_messages


def test_every_message_is_translated_into_chinese() -> None:
    missing = missing_translations()
    assert missing == [], "untranslated (run: uv run python -m events.i18n_check):\n" + "\n".join(
        f"{m.location}  {m.msgid}" for m in missing
    )


def test_extraction_sees_templates_and_code() -> None:
    found = {m.msgid for m in used_messages()}
    assert "Sign in" in found  # templates
    assert "Overview" in found  # N_() in Python
    assert "Wrong user name or password." in found  # _() in Python


def test_scripts_show_only_the_texts_their_page_hands_them() -> None:
    from events.i18n_check import script_texts

    assert script_texts() == []


def test_the_script_check_finds_text_written_in_a_script(tmp_path: Path) -> None:
    from events.i18n_check import script_texts

    (tmp_path / "page.js").write_text(
        "// 注释里的中文不算\n"
        'const url = "https://example.org/a"; // a comment\n'
        'note.textContent = "Camera unavailable";\n'
        "bar.textContent = `${Math.round(value * 100)}%`;\n"
        "row.textContent = `${when(at)} · ${who ? ` · ${who}` : ''}`;\n"
        'if (!window.confirm("Cancel this meeting?")) return;\n'
        'label.textContent = TEXT.ready || "准备就绪";\n'
        "node.textContent = TEXTS.working;\n",
        encoding="utf-8",
    )
    found = [(m.location, m.msgid) for m in script_texts(tmp_path)]
    assert found == [
        ("js/page.js:3", "Camera unavailable"),
        ("js/page.js:6", "Cancel this meeting?"),
        ("js/page.js:7", "准备就绪"),
    ]
