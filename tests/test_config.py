"""Settings of live sources: read from the environment and the config file like every other."""

from __future__ import annotations

import pytest

from briefing.build import fetch_policy
from briefing.config import ConfigError, ConfigFile, Settings, from_environment, from_file


def test_fetch_settings_from_the_environment():
    settings = from_environment(
        environ={
            "BRIEFING_FETCH_ALLOW_HOSTS": "127.0.0.1, intranet.example",
            "BRIEFING_FETCH_DELAY": "2.5",
            "BRIEFING_FETCH_CONCURRENCY": "2",
            "BRIEFING_USER_AGENT": "briefing/0.1 (+mailto:desk@example.org)",
        }
    )
    assert settings.fetch_allow_hosts == ("127.0.0.1", "intranet.example")
    assert settings.fetch_delay == 2.5 and settings.fetch_concurrency == 2
    policy = fetch_policy(settings)
    assert (
        policy.user_agent == "briefing/0.1 (+mailto:desk@example.org)"
        and policy.allow_hosts == settings.fetch_allow_hosts
    )
    with pytest.raises(ConfigError, match="BRIEFING_FETCH_DELAY='soon': expected a number"):
        from_environment(environ={"BRIEFING_FETCH_DELAY": "soon"})


def test_fetch_settings_from_the_config_file(tmp_path):
    text = 'fetch_delay = 2\nfetch_timeout = 7.5\nfetch_allow_hosts = ["10.0.0.0/8"]\n'
    config = ConfigFile(
        tmp_path / "briefing.toml", text, {"fetch_delay": 2, "fetch_timeout": 7.5, "fetch_allow_hosts": ["10.0.0.0/8"]}
    )
    settings = from_file(config)
    assert settings.fetch_delay == 2.0 and isinstance(settings.fetch_delay, float)
    assert settings.fetch_timeout == 7.5 and settings.fetch_allow_hosts == ("10.0.0.0/8",)
    assert fetch_policy(Settings()).user_agent.startswith("briefing/")
