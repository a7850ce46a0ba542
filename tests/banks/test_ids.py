"""Bank ids as typed: any case, and a near miss named."""

from __future__ import annotations

from interview_cli.banks.ids import closest, normalise, unknown_bank_message

KNOWN = ["algo-en", "algo-ko", "ds-en", "mlops-en", "os-en", "os-ko"]


def test_ids_are_case_insensitive_on_input() -> None:
    assert normalise("OS-EN") == "os-en"
    assert normalise(" Os-En ") == "os-en"


def test_the_nearest_ids_are_suggested() -> None:
    assert closest("osen", KNOWN) == ["os-en"]
    assert closest("os-eng", KNOWN) == ["os-en"]
    assert closest("OS-EM", KNOWN) == ["os-en"]
    assert closest("algo", KNOWN) == ["algo-en", "algo-ko"]  # a tie: both, in order
    assert closest("no-such-bank", KNOWN) == []


def test_the_message_is_one_line_with_the_hint_before_the_list() -> None:
    message = unknown_bank_message(["osen"], KNOWN)
    assert message == (
        "no bank with id 'osen'; did you mean os-en? "
        "(available: algo-en, algo-ko, ds-en, mlops-en, os-en, os-ko)"
    )
    assert unknown_bank_message(["algo"], KNOWN).startswith(
        "no bank with id 'algo'; did you mean algo-en or algo-ko? (available: "
    )
    assert unknown_bank_message(["zzz"], []) == "no bank with id 'zzz' (available: none)"
    assert "\n" not in unknown_bank_message(["osen", "algo"], KNOWN)
