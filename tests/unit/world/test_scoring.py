"""Scoring against the ground truth (emulation.world.scoring)."""

from __future__ import annotations

from emulation.world.scoring import Score, score_studio


def test_names_in_other_scripts_are_scored_by_their_own_letters() -> None:
    truth = [{"name": "佐藤 美咲", "instagramHandle": "horimisaki"}]
    assert score_studio(truth, [{"name": "佐藤美咲"}]) == Score(1, 0, 0)
    assert score_studio(truth, [{"name": "田中 蓮"}]) == Score(0, 1, 1)
