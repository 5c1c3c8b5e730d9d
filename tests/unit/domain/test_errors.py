from __future__ import annotations

import pickle

import pytest

from compute.domain.errors import Problem, Problems, ValidationError


def test_str_lists_every_problem_in_order() -> None:
    error = ValidationError([Problem("limit", "must be from 1 to 50"), Problem("page", "bad")])
    assert str(error) == "limit: must be from 1 to 50; page: bad"
    assert error.fields == ["limit", "page"]


def test_single_problem_and_prefixing() -> None:
    error = ValidationError.single("email", "expected an e-mail address").under("contactInfo")
    assert error.problems == [Problem("contactInfo.email", "expected an e-mail address")]
    assert Problem("[2].url", "x").under("portfolioImages").field == "portfolioImages[2].url"
    assert Problem("", "x").under("body").field == "body"
    assert Problem("a", "x").under("") == Problem("a", "x")


def test_needs_at_least_one_problem() -> None:
    with pytest.raises(ValueError, match="at least one problem"):
        ValidationError([])


def test_survives_pickling_with_its_problems() -> None:
    error = ValidationError([Problem("a", "b"), Problem("c", "d")])
    copy = pickle.loads(pickle.dumps(error))
    assert copy.problems == error.problems
    assert str(copy) == str(error)


def test_problems_collects_then_raises_together() -> None:
    problems = Problems()
    problems.raise_if_any()  # nothing found: no error
    assert not problems
    problems.add("a", "first")
    problems.extend(ValidationError.single("b", "second"), prefix="outer")
    assert problems.fields() == ["a", "outer.b"]
    assert [p.field for p in problems] == ["a", "outer.b"]
    with pytest.raises(ValidationError) as caught:
        problems.raise_if_any()
    assert len(caught.value.problems) == 2
