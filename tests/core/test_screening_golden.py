"""Golden cases: realistic situations with the shipped catalogue, their outcome and reasons."""
from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from aksjon.core.catalogue_check import problems
from aksjon.core.screening import NOT_PRESENT, assess, catalogue_from_data
from aksjon.core.screening_text import explain

DATA = tomllib.loads(resources.files("aksjon.data").joinpath("indicators", "ilo-ec-2009.toml").read_text("utf-8"))
CATALOGUE = catalogue_from_data(DATA)
OBS, DIS = "observed", "disclosed"


def case(name, answers, outcome, deciding, reasons, minor=False, incomplete=None):
    return pytest.param(answers, minor, outcome, deciding, reasons, incomplete, id=name)


GOLDEN = [
    case("debt bondage, passport kept, lives in the salon, deceived about the job",
         {"d1_deceived_nature_of_job": DIS, "d1_deceived_wages": DIS, "d4_excessive_hours": OBS,
          "d4_bad_living_conditions": OBS, "d5_debt_bondage": DIS, "d5_confiscation_of_documents": OBS},
         "possible_victim", "labour",
         ["The victim rule is met: recruitment (1), exploitation (dimension 4) and coercion or abuse of "
          "vulnerability at destination (5).", "is positive (2 strong)", "is positive (1 strong + 1 medium or weak)"]),
    case("deceptive recruitment alone",
         {"d1_deceived_nature_of_job": DIS, "d1_deceived_wages": DIS},
         "some_indications", "labour", ["Unanswered questions could still change the outcome to «Strong indications"],
         incomplete=True),
    case("a 17-year-old working long days for little pay",
         {"d4_excessive_hours": OBS, "d4_low_or_no_salary": DIS}, "possible_victim", "labour",
         ["The person is under 18: the means are not required"], minor=True),
    case("the same situation for an adult", {"d4_excessive_hours": OBS, "d4_low_or_no_salary": DIS},
         "some_indications", "labour", ["Dimension 4 «Exploitative conditions of work» is positive"]),
    case("a salaried masseuse who answered every question no", dict.fromkeys(
        [i.code for i in CATALOGUE.indicators], NOT_PRESENT), "no_indications", "labour", [], incomplete=False),
    case("forced clients and threats: only the provisional sexual list is positive at destination",
         {"d1_deceived_prostitution_conditions": DIS, "d1_deceived_travel_recruitment": DIS, "d1_deceived_wages": DIS,
          "d4_low_or_no_salary": DIS, "d4_very_bad_working_conditions": OBS, "d4_bad_living_conditions": OBS,
          "d5_forced_tasks_or_clients": DIS, "d5_threats_of_violence": DIS},
         "possible_victim", "sexual", ["(sexual exploitation list)", "grading is provisional"]),
    case("excessive hours decide on the labour list only",
         {"d2_violence": DIS, "d2_threats_of_violence": DIS, "d4_excessive_hours": OBS, "d4_low_or_no_salary": DIS,
          "d6_dependency_on_exploiters": OBS, "d6_economic_reasons": DIS, "d6_difficulties_in_the_past": DIS},
         "possible_victim", "labour", ["(labour exploitation list)", "(2 medium + 1 weak)"]),
    case("coercion without exploitation",
         {"d2_violence": DIS, "d2_debt_bondage": DIS, "d5_violence": DIS, "d5_isolation_confinement_surveillance": OBS},
         "some_indications", "labour", ["Dimension 2 «Coercive recruitment» is positive"]),
    case("exploitation and coercion, recruitment never asked",
         {"d4_excessive_hours": OBS, "d4_hazardous_work": OBS, "d5_debt_bondage": DIS, "d5_violence": DIS},
         "some_indications", "labour", ["Dimension 1 «Deceptive recruitment (incl. transfer and transport)»: "
                                        "10 of 10 not asked"], incomplete=True),
    case("one strong indicator alone", {"d5_violence": DIS}, "some_indications", "labour",
         ["is not positive: only"]),
    case("abuse of vulnerability from recruitment to destination",
         {"d3_abuse_illegal_status": OBS, "d3_abuse_lack_of_information": OBS, "d3_economic_reasons": DIS,
          "d4_excessive_hours": OBS, "d4_wage_manipulation": DIS, "d6_dependency_on_exploiters": OBS,
          "d6_relationship_with_authorities": OBS, "d6_personal_characteristics": OBS},
         "possible_victim", "labour", ["recruitment (3)", "(6)", "(3 medium)"]),
    case("weak indicators only", {"d3_abuse_cultural_religious_beliefs": OBS, "d3_general_context": OBS,
                                  "d6_difficulties_in_the_past": DIS, "d6_personal_characteristics": OBS},
         "some_indications", "labour", ["is not positive: only"]),
    case("a minor with nothing observed", {}, "no_indications", "labour",
         ["not asked does not mean not present"], minor=True, incomplete=True),
    case("passport kept and debt at destination, deceived about wages and housing, nothing on work asked",
         {"d1_deceived_wages": DIS, "d1_deceived_housing": DIS, "d1_deceived_contract": DIS,
          "d5_confiscation_of_documents": OBS, "d5_debt_bondage": DIS},
         "some_indications", "labour", ["Dimension 4 «Exploitative conditions of work»: 9 of 9 not asked"],
         incomplete=True),
]


def test_the_shipped_catalogue_passes_its_own_checks():
    assert problems(DATA) == []
    labour = [i for i in CATALOGUE.indicators if "labour" in i.strengths]
    assert [sum(1 for i in labour if i.dimension == d) for d in range(1, 7)] == [10, 10, 16, 9, 15, 7]
    assert CATALOGUE.provisional_lists == {"sexual"}


@pytest.mark.parametrize("answers,minor,outcome,deciding,reasons,incomplete", GOLDEN)
def test_golden_case(answers, minor, outcome, deciding, reasons, incomplete):
    result = assess(CATALOGUE, answers, minor=minor)
    text = explain(result, CATALOGUE, "en")
    assert (result.outcome, result.deciding_list) == (outcome, deciding)
    for fragment in reasons:
        assert any(fragment in sentence for sentence in text), (fragment, text)
    assert text[-1].startswith("This is an indication for follow-up, not a legal finding")
    if incomplete is not None:
        assert result.incomplete == incomplete


def test_reasons_also_in_bokmal():
    result = assess(CATALOGUE, {"d4_excessive_hours": OBS, "d4_low_or_no_salary": DIS}, minor=True)
    text = explain(result, CATALOGUE, "nb")
    assert text[0].startswith("Sterke indikatorer – mulig offer")
    assert any("under 18" in sentence for sentence in text)
