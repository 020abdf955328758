from events.directory import credit_code_check_digit, valid_credit_code


def test_credit_code_check_digit() -> None:
    # GB 32100-2015 example code for a registered enterprise
    assert valid_credit_code("91350100M000100Y43")
    assert not valid_credit_code("91350100M000100Y44")
    assert not valid_credit_code("91350100M000100Y4")
    assert not valid_credit_code("91350100M000100I43")  # I is not in the alphabet
    assert credit_code_check_digit("91350100M000100Y4") == "3"
