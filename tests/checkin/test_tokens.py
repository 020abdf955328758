"""Ticket tokens: entropy, check code, what a scanner may hand us."""

from __future__ import annotations

import base64

import pytest

from events.checkin.tokens import TOKEN_LENGTH, TokenError, extract_token, new_token, ticket_url


def test_a_token_is_32_base32_characters_of_128_random_bits_plus_a_check_code() -> None:
    token = new_token()
    assert len(token) == TOKEN_LENGTH == 32
    raw = base64.b32decode(token)
    assert len(raw) == 20
    assert extract_token(token) == token


def test_tokens_do_not_repeat() -> None:
    assert len({new_token() for _ in range(2000)}) == 2000


def test_the_token_is_found_in_a_ticket_url_of_any_host_and_case() -> None:
    token = new_token()
    assert extract_token(ticket_url("https://fair.example.cn/", token)) == token
    assert extract_token(ticket_url("http://127.0.0.1:8000", token).lower()) == token
    assert extract_token(f"https://x.cn/t/{token}?utm=1") == token
    assert extract_token(f"  {token[:8]}-{token[8:16]} {token[16:]}\n") == token


def test_hand_typed_lookalike_digits_read_as_their_letters() -> None:
    candidate = next(t for t in iter(new_token, None) if "O" in t and "I" in t)
    typed = candidate.replace("O", "0").replace("I", "1")
    assert extract_token(typed) == candidate


def test_an_altered_character_is_tampered() -> None:
    token = new_token()
    altered = token[:10] + ("A" if token[10] != "A" else "B") + token[11:]
    with pytest.raises(TokenError) as caught:
        extract_token(altered)
    assert caught.value.problem == "tampered"


@pytest.mark.parametrize("text", ["", "6901234567892", "https://fair.example.cn/t/SHORT", "Z" * 31, "!" * 32])
def test_anything_else_is_malformed(text: str) -> None:
    with pytest.raises(TokenError) as caught:
        extract_token(text)
    assert caught.value.problem == "malformed"
