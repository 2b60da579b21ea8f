from tui.text import clean_text


def test_keeps_newlines_tabs_and_ordinary_text():
    text = "Line one\n\tindented ‘curly’ “quotes” – dash [bold]not markup[/bold]"
    assert clean_text(text) == text


def test_escape_sequences_become_visible_and_inert():
    assert clean_text("\x1b[31mred\x1b[0m") == "␛[31mred␛[0m"
    assert clean_text("\x1b]8;;file:///etc/passwd\x07link\x1b]8;;\x07") == "␛]8;;file:///etc/passwd␇link␛]8;;␇"


def test_nul_carriage_return_and_delete_become_control_pictures():
    assert clean_text("a\x00b\rc\x7f") == "a␀b␍c␡"


def test_c1_controls_and_bidi_overrides_are_replaced():
    assert clean_text("a\x9b31mb") == "a\ufffd31mb"
    assert clean_text("abc\u202edef\u2066") == "abc\ufffddef\ufffd"


def test_zero_width_characters_are_kept():
    assert clean_text("a\u200bb") == "a\u200bb"
