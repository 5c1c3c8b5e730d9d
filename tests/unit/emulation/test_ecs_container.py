"""How a task becomes a `docker run`: the container definition's user and stop timeout, the
environment by name only, and the setting that names images."""

from __future__ import annotations

import pytest

from emulation.ecs_container import HOST_ONLY, images_from_env, task_command


def test_a_task_runs_its_image_with_the_definition_s_user_timeout_and_environment_by_name() -> None:
    container = {"Name": "scraper", "User": "10001", "StopTimeout": 120}
    environment = {"TABLE_NAME": "t", "API_KEY": "s3cret", "PATH": "/host/bin", "HOME": "/root"}

    command = task_command("tattoo/scraper:local", container, environment, "0123456789abcdef")

    run = command[command.index("--") + 1 :]
    assert run[:3] == ["docker", "run", "--rm"]
    assert run[-1] == "tattoo/scraper:local"  # ECS appends the command's arguments after it
    assert run[run.index("--user") + 1] == "10001"
    assert run[run.index("--stop-timeout") + 1] == "120"
    assert run[run.index("--network") + 1] == "host"
    passed = [run[i + 1] for i, arg in enumerate(run) if arg == "-e"]
    assert passed == ["API_KEY", "TABLE_NAME"]  # names only: values never reach a command line
    assert "s3cret" not in " ".join(command)
    assert not set(passed) & HOST_ONLY
    assert command[command.index("--stop-timeout") + 1] == "120"  # docker stop's timeout too


def test_without_user_or_timeout_the_image_s_user_and_fargate_s_default_apply() -> None:
    command = task_command("img", {"Name": "scraper"}, {}, "abc")

    assert "--user" not in command
    assert command[command.index("--stop-timeout") + 1] == "30"


def test_the_images_setting_is_parsed_and_a_malformed_entry_is_an_error() -> None:
    assert images_from_env(None) == {}
    assert images_from_env("scraper=tattoo/scraper:local, other = a/b:1") == {
        "scraper": "tattoo/scraper:local",
        "other": "a/b:1",
    }
    with pytest.raises(ValueError, match="ECS_CONTAINER_IMAGES"):
        images_from_env("scraper")
