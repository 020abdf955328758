"""Every message of the code and templates has a Chinese translation (a missing one fails CI)."""

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
