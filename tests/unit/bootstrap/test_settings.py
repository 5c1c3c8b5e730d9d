"""The composition root's settings: read once from the environment, defaults for what is
optional, and an error naming the variable for what is missing or malformed."""

from __future__ import annotations

import pytest

from compute.bootstrap import MissingSetting, SettingError, Settings


def test_unset_settings_keep_their_defaults() -> None:
    settings = Settings.from_env({})
    assert settings.table_name is None
    assert settings.search_index_alias == "artists"
    assert settings.search_breaker_failures == 5
    assert settings.search_refresh_on_write is True
    assert settings.scraper_browser == "chromium"


def test_settings_are_parsed_to_their_types() -> None:
    settings = Settings.from_env(
        {
            "TABLE_NAME": "main",
            "SEARCH_BREAKER_FAILURES": "7",
            "SEARCH_BREAKER_COOLDOWN_S": "2.5",
            "SEARCH_REFRESH_ON_WRITE": "false",
            "HOST_GATE_DELAY_S": "0",
            "http_proxy": "http://127.0.0.1:3128",
        }
    )
    assert settings.required("table_name") == "main"
    assert settings.search_breaker_failures == 7
    assert settings.search_breaker_cooldown_s == 2.5
    assert settings.search_refresh_on_write is False
    assert settings.host_gate_delay_s == 0.0  # zero is a value, not "unset"
    assert settings.http_proxy == "http://127.0.0.1:3128"  # either spelling


def test_a_missing_required_setting_names_its_variable() -> None:
    settings = Settings.from_env({"TABLE_NAME": ""})
    with pytest.raises(MissingSetting, match="TABLE_NAME is not set"):
        settings.required("table_name")


def test_a_malformed_setting_names_its_variable_and_value() -> None:
    with pytest.raises(
        SettingError, match=r"SEARCH_BREAKER_FAILURES='many' must be a whole number"
    ):
        Settings.from_env({"SEARCH_BREAKER_FAILURES": "many"})


def test_a_run_store_pages_whole_runs_with_a_client_that_waits_for_long_pages(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # queue-scraping and summarize read ~25,000 candidates of one partition: a 5 s read timeout
    # made a 5,000-studio run fail its QueueScraping step when the table answered slowly.
    from compute import bootstrap

    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-2")
    runs = bootstrap.run_store(Settings.from_env({"TABLE_NAME": "main"}))
    config = runs.table.client.meta.config
    assert config.read_timeout >= 60
    assert config.retries["total_max_attempts"] >= 5
