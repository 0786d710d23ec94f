"""The search tests run on the engine and version that bin/with-opensearch or bin/with-elasticsearch started,
through the backend that fits it; and the scripts say plainly what they cannot start."""

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_the_backend_talks_to_the_node_the_script_started(search_engine, settings):
    started = os.environ.get("SEARCH_NODE_VERSION")
    if not started:
        message = "SEARCH_NODE_VERSION is unset: the node was not started by bin/with-opensearch or with-elasticsearch"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    info = search_engine.es.info()
    distribution = info["version"].get("distribution", "elasticsearch")  # Elasticsearch does not name itself
    assert info["version"]["number"] == started
    # The backend's name says engine and major version (opensearch3, elasticsearch7): they must be the node's.
    assert settings.SEARCH_ENGINE == f"{distribution}{started.split('.')[0]}"
    # Our backend wraps Wagtail's (modelsearch's) backend of that name.
    assert type(search_engine).__bases__[0].__module__ == f"modelsearch.backends.{settings.SEARCH_ENGINE}"


def run_script(script, **environment):
    without_a_node = {key: value for key, value in os.environ.items() if key != "SEARCH_URL"}
    return subprocess.run(
        [str(ROOT / "bin" / script), "true"],
        env=without_a_node | environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_current_elasticsearch_is_refused_with_the_reason_before_anything_is_downloaded():
    run = run_script("with-elasticsearch", ELASTICSEARCH_VERSION="9.5.3")
    assert run.returncode == 2
    assert "Elasticsearch 9.5.3 cannot be started from Maven Central" in run.stderr
    assert "analysis-common" in run.stderr
    assert "resolving" not in run.stderr


def test_a_version_that_is_not_one_is_refused():
    run = run_script("with-opensearch", OPENSEARCH_VERSION="latest")
    assert run.returncode == 2
    assert "give a version such as 3.8.0" in run.stderr
