"""The services our scripts start for a test run stay that run's own, even with another run on the machine."""

import json
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_two_search_nodes_started_at_once_stay_two_clusters():
    environment = {key: value for key, value in os.environ.items() if key != "SEARCH_URL"}
    show_cluster = 'curl -s "$SEARCH_URL/_cluster/health"'
    runs = [
        subprocess.Popen(
            [str(ROOT / "bin" / "with-opensearch"), "bash", "-c", show_cluster],
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    healths = []
    for run in runs:
        out, err = run.communicate(timeout=600)
        assert run.returncode == 0, err
        healths.append(json.loads(out))
    assert [health["number_of_nodes"] for health in healths] == [1, 1]
    assert healths[0]["cluster_name"] != healths[1]["cluster_name"]
