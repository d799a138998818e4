"""NUP check digits and formats (spec nup-cpf.md Part B)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tramites.nup import digitos_verificadores, formatar, normalizar_nup, nup_valido

bases = st.text(alphabet="0123456789", min_size=15, max_size=15)


@pytest.mark.parametrize("nup", [
    "23037.001462/2021-65",  # the spec's worked example (S1 = 313 → 6, S2 = 358 → 5)
    "23065.021788/2019-57",  # UFAL, issued before SIPAC's 2023 fix
])
def test_real_nups_from_the_spec_are_valid_and_already_canonical(nup):
    assert normalizar_nup(nup) == nup and nup_valido(nup)


def test_the_worked_example_computes_both_check_digits():
    assert digitos_verificadores("230370014622021") == "65"


def test_remainder_zero_gives_one_not_zero_as_the_cpf_rule_would():
    # Base whose first sum is a multiple of 11: the official rule gives DV1 = 1 (CPF's rule would give 0).
    base = next(f"{n:015d}" for n in range(1, 10_000) if sum(
        int(c) * p for c, p in zip(reversed(f"{n:015d}"), range(2, 17), strict=True)) % 11 == 0)
    assert digitos_verificadores(base)[0] == "1"


def test_digits_without_punctuation_are_formatted():
    assert normalizar_nup("23037001462202165") == "23037.001462/2021-65"


def test_surrounding_spaces_are_ignored():
    assert normalizar_nup("  23037.001462/2021-65 ") == "23037.001462/2021-65"


def test_wrong_check_digits_are_refused_with_the_right_ones_in_the_message():
    with pytest.raises(ValueError, match="não conferem: o correto é 65"):
        normalizar_nup("23037.001462/2021-66")


def test_aneel_internal_number_with_the_nup_mask_is_not_a_nup():
    assert not nup_valido("48550.001234/2019-00")


def test_legacy_letters_dv_are_replaced_by_the_computed_digits():
    assert normalizar_nup("23037.001462/2021-DV") == "23037.001462/2021-65"


@pytest.mark.parametrize("nup", ["10980.013506/92-65", "23069.054576/07-82"])
def test_short_year_legacy_nups_are_accepted_as_printed(nup):
    assert normalizar_nup(nup) == nup


@pytest.mark.parametrize(("nup", "correto"), [
    ("10980.013506/92-93", "65"),  # 1992: DV on the 2-digit year, not on 1992
    ("23069.054576/07-20", "82"),  # 2007: DV on the expanded year, not on 07
])
def test_short_year_nups_use_one_convention_per_century(nup, correto):
    with pytest.raises(ValueError, match=f"o correto é {correto}"):
        normalizar_nup(nup)


@pytest.mark.parametrize(("texto", "trecho"), [
    ("", "não foi informado"),
    ("   ", "não foi informado"),
    (None, "deve ser informado como texto"),
    (23037001462202165, "deve ser informado como texto"),
    ("0000001.00000001/2015-97", "não está no formato"),  # the 21-digit form never came into force
    ("0001234-56.2020.1.01.0001", "não está no formato"),  # CNJ
    ("TC 000.000/0000-0", "não está no formato"),  # TCU
    ("S/N", "não está no formato"),
    ("2303700146220216", "foram informados 16"),
    ("23037.001462/2021-65\x00", "caractere de controle (código 0)"),
    ("23037.001462/\x1b2021-65", "caractere de controle (código 27)"),
    ("23037.001462/2021-65\n", "caractere de controle (código 10)"),
    ("٢٣٠٣٧.٠٠١٤٦٢/٢٠٢١-٦٥", "não é um algarismo de 0 a 9"),  # Arabic-Indic digits
    ("２3037.001462/2021-65", "não é um algarismo de 0 a 9"),  # full-width digit
    ("²3037.001462/2021-65", "não é um algarismo de 0 a 9"),  # superscript (isdigit, not Nd)
    ("23037·001462/2021-65", "caractere “·”"),
    ("\ud800", "caractere de controle"),  # lone surrogate
    ("1" * 10_000_000, "longo demais (10000000 caracteres)"),
])
def test_bad_input_is_refused_with_a_message_naming_the_problem(texto, trecho):
    with pytest.raises(ValueError, match=trecho.replace("(", r"\(").replace(")", r"\)")):
        normalizar_nup(texto)
    assert nup_valido(texto) is False


@given(bases)
def test_any_base_with_its_computed_digits_is_valid_and_canonical(base):
    nup = formatar(base)
    assert normalizar_nup(nup) == nup
    assert normalizar_nup(nup.replace(".", "").replace("/", "").replace("-", "")) == nup


@given(bases, st.integers(min_value=0, max_value=99))
def test_any_other_pair_of_check_digits_is_refused(base, dv):
    nup = f"{base[:5]}.{base[5:11]}/{base[11:]}-{dv:02d}"
    assert nup_valido(nup) is (f"{dv:02d}" == digitos_verificadores(base))


@given(st.text(max_size=60))
def test_arbitrary_text_is_either_a_canonical_nup_or_a_value_error(texto):
    try:
        resultado = normalizar_nup(texto)
    except ValueError as erro:
        assert str(erro)  # always a message
    else:
        assert normalizar_nup(resultado) == resultado


# Which part is wrong: the message names it (the public NUP lookup shows these messages as they are).
@pytest.mark.parametrize(("texto", "trecho"), [
    ("2303.001462/2021-65", "o código da unidade protocolizadora (antes do ponto) tem 4 algarismos em vez de 5"),
    ("23037.1462/2021-65", "o número sequencial (entre o ponto e a barra) tem 4 algarismos em vez de 6"),
    ("23037.001462/221-65", "o ano (entre a barra e o hífen) tem 3 algarismos em vez de 4 ou 2"),
    ("23037.001462/2021-6", "o par de dígitos verificadores (depois do hífen) tem 1 algarismo em vez de 2"),
    ("23037.00146x/2021-65", "o número sequencial (entre o ponto e a barra) deve ter só algarismos"),
    ("23037./2021-65", "o número sequencial (entre o ponto e a barra) está vazio"),
    ("2303700146220216", "o NUP sem pontuação tem 17 algarismos, mas foram informados 16"),
])
def test_a_malformed_nup_message_names_the_wrong_part(texto, trecho):
    with pytest.raises(ValueError) as erro:
        normalizar_nup(texto)
    assert trecho in str(erro.value)
    assert "não está no formato NNNNN.NNNNNN/AAAA-DD" in str(erro.value)


def test_several_wrong_parts_are_all_named():
    with pytest.raises(ValueError) as erro:
        normalizar_nup("2303.001462/2021-6")
    assert "unidade protocolizadora" in str(erro.value) and "dígitos verificadores" in str(erro.value)
    assert "número sequencial" not in str(erro.value)


@pytest.mark.parametrize(("texto", "trecho"), [
    ("23037.001462/2021-75", "o primeiro dígito verificador, 7, deveria ser 6"),
    ("23037.001462/2021-66", "o segundo dígito verificador, 6, deveria ser 5"),
    ("23037.001462/2021-00", "os dois dígitos verificadores estão errados"),
    ("23037001462202166", "o segundo dígito verificador, 6, deveria ser 5"),
])
def test_a_wrong_check_digit_message_says_which_one(texto, trecho):
    with pytest.raises(ValueError) as erro:
        normalizar_nup(texto)
    assert trecho in str(erro.value)
