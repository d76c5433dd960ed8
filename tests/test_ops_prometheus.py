"""The dashboard's and the alert rules' PromQL works against a live convoscore, through a real Prometheus.

A convoscore server (tests/server_harness.py, loopback, free ports) gets some traffic of every
kind: threads of several platforms through every RPC, an invalid call, and a burst against a tiny
queue so that calls are refused (RESOURCE_EXHAUSTED). A Prometheus server (Debian's `prometheus`
package) scrapes it every second with deploy/prometheus/prometheus.yml's job, retargeted at the
loopback port, and evaluates deploy/prometheus/alerts.yml. Then every expression of the Grafana
dashboard (variables filled in) and of the alert rules goes through `/api/v1/query`: each must
parse and return data. An alert expression is `<signal> <comparison> <threshold>`, so it returns
data only while it fires: its signal (the part before the last top-level comparison) must return
data, and the full expression must parse. Every alert rule must also evaluate without error.

Skips where Prometheus is not installed: `apt-get install prometheus` (`.ci/run` does).
Every wait is bounded; nothing leaves loopback.
"""

from __future__ import annotations

import concurrent.futures
import json
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import grpc
import pytest
import yaml

from convoscore.v1 import convoscore_pb2 as pb

REPO = Path(__file__).resolve().parents[1]
DEPLOY = REPO / "deploy"
ALERTS = DEPLOY / "prometheus" / "alerts.yml"
DASHBOARD = DEPLOY / "grafana" / "dashboards" / "convoscore.json"
INSTALL_HINT = "Prometheus is not installed: `apt-get install prometheus` (Debian/Ubuntu) to run this test"
# Grafana's variables, filled in as a dashboard user with "All" selected would see them.
GRAFANA_VARS = {
    "__rate_interval": "20s",  # >= 4 scrapes at the 1 s interval used here
    "__interval": "5s",
    "__range": "2m",
    "job": "convoscore",
    "instance": ".*",
    "platform": ".*",
}
DATA_TIMEOUT = 90.0
COMPARISON = re.compile(r"(==|!=|>=|<=|>|<)")


# -- expression helpers -----------------------------------------------------------------------------

def fill_variables(expr: str) -> str:
    def sub(m: re.Match) -> str:
        name = m.group(1) or m.group(2)
        return GRAFANA_VARS[name]

    return re.sub(r"\$\{(\w+)\}|\$(\w+)", sub, expr)


def grafana_query(query: str) -> str:
    """Grafana's `label_values(selector, label)` as the PromQL Grafana runs for it."""
    m = re.fullmatch(r"\s*label_values\((.*),\s*(\w+)\s*\)\s*", query, re.S)
    return f"group by ({m.group(2)}) ({m.group(1)})" if m else query


def alert_signal(expr: str) -> str:
    """The part of `expr` before its last top-level comparison (the threshold), or all of it."""
    depth, quote, cut = 0, None, None
    i = 0
    while i < len(expr):
        ch = expr[i]
        if quote:
            if ch == "\\":
                i += 2
                continue
            if ch == quote:
                quote = None
        elif ch in "\"'`":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif depth == 0 and (m := COMPARISON.match(expr, i)):
            cut = i
            i += len(m.group(1))
            continue
        i += 1
    return expr[:cut].strip() if cut is not None else expr.strip()


def test_alert_signal_splits_at_the_top_level_comparison():
    assert alert_signal('up{job="convoscore"} == 0') == 'up{job="convoscore"}'
    assert alert_signal('(a{code!="OK"} / b) > 0.05') == '(a{code!="OK"} / b)'
    assert alert_signal("histogram_quantile(0.99, x) > 2.5") == "histogram_quantile(0.99, x)"
    assert alert_signal("rate(x[5m])") == "rate(x[5m])"


def dashboard_expressions() -> list[tuple[str, str]]:
    dash = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    out = []

    def walk(panels):
        for p in panels:
            for t in p.get("targets", []):
                if t.get("expr"):
                    out.append((f"panel {p['title']!r} {t['refId']}", fill_variables(t["expr"])))
            walk(p.get("panels", []))

    walk(dash["panels"])
    for var in dash["templating"]["list"]:
        if var["type"] == "query":
            out.append((f"variable ${var['name']}", fill_variables(grafana_query(var["query"]["query"]))))
    return out


def alert_rules() -> list[dict]:
    doc = yaml.safe_load(ALERTS.read_text(encoding="utf-8"))
    return [r for g in doc["groups"] for r in g["rules"] if "alert" in r]


# -- Prometheus -------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Prometheus:
    def __init__(self, url: str) -> None:
        self.url = url

    def get(self, path: str, **params) -> dict:
        query = urllib.parse.urlencode(params)
        try:
            with urllib.request.urlopen(f"{self.url}{path}?{query}", timeout=10) as resp:
                return json.load(resp)
        except urllib.error.HTTPError as exc:  # 400/422: the answer says why
            return json.load(exc)

    def query(self, expr: str) -> dict:
        return self.get("/api/v1/query", query=expr)


@pytest.fixture(scope="module")
def prometheus_binary() -> str:
    binary = shutil.which("prometheus")
    if binary is None:
        pytest.skip(INSTALL_HINT)
    return binary


def start_prometheus(binary: str, workdir: Path, metrics_port: int) -> tuple[subprocess.Popen, Prometheus, Path]:
    config = yaml.safe_load((DEPLOY / "prometheus" / "prometheus.yml").read_text(encoding="utf-8"))
    config["global"].update(scrape_interval="1s", evaluation_interval="1s", scrape_timeout="1s")
    config["rule_files"] = [str((DEPLOY / "prometheus" / f).resolve()) for f in config["rule_files"]]
    (job,) = [j for j in config["scrape_configs"] if j["job_name"] == "convoscore"]
    job["static_configs"] = [{"targets": [f"127.0.0.1:{metrics_port}"]}]
    config_path = workdir / "prometheus.yml"
    config_path.write_text(yaml.safe_dump(config), encoding="utf-8")
    port = free_port()
    log_path = workdir / "prometheus.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [binary, f"--config.file={config_path}", f"--storage.tsdb.path={workdir / 'data'}",
             f"--web.listen-address=127.0.0.1:{port}", "--log.level=warn"],
            stdout=log, stderr=subprocess.STDOUT, cwd=workdir,
        )
    prom = Prometheus(f"http://127.0.0.1:{port}")
    end = time.monotonic() + 60
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"prometheus exited with {proc.returncode}:\n{log_path.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{prom.url}/-/ready", timeout=2) as resp:
                if resp.status == 200:
                    return proc, prom, log_path
        except OSError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"prometheus not ready after 60 s:\n{log_path.read_text()[-3000:]}")


# -- traffic ----------------------------------------------------------------------------------------

def _thread(i: int, platform: str, n_comments: int = 2) -> pb.Thread:
    return pb.Thread(
        id=f"t{i}", platform=platform, language="en",
        post=pb.Post(id=f"p{i}", author_id="a", text=f"Post number {i}: should cities build more bike lanes?"),
        comments=[
            pb.Comment(id=f"c{i}-{k}", parent_id="" if k == 0 else f"c{i}-{k - 1}", author_id="ab"[k % 2],
                       text=f"Comment {k} on post {i}: yes, because the data from {1990 + i + k} shows fewer accidents.")
            for k in range(n_comments)
        ],
    )


def send_traffic(srv) -> None:
    """Calls of every kind, spread over a few seconds, and a burst that the tiny queue refuses."""
    stub = srv.stub()
    platforms = ["twitter", "reddit", "forum", "somewhere-else"]
    for i, platform in enumerate(platforms):
        stub.ScoreThread(pb.ScoreThreadRequest(thread=_thread(i, platform)), timeout=60)
        time.sleep(0.5)
    bad = _thread(99, "twitter")
    bad.comments[0].text = "x" * 25_000  # over max_text_chars
    with pytest.raises(grpc.RpcError) as info:
        stub.ScoreThread(pb.ScoreThreadRequest(thread=bad), timeout=60)
    assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    stub.ScoreThreads(pb.ScoreThreadsRequest(threads=[_thread(10, "youtube"), bad]), timeout=60)
    results = list(stub.StreamScoreThreads(iter([pb.ScoreThreadRequest(thread=_thread(20 + k, "news")) for k in range(2)]),
                                           timeout=60))
    assert len(results) == 2
    stub.ScoreComments(pb.ScoreCommentsRequest(comments=[
        pb.LooseComment(id="l1", text="Totally agree, the numbers back it up.", parent_text="Bike lanes save lives."),
        pb.LooseComment(id="l2", text="No estoy de acuerdo, los datos del año pasado muestran lo contrario."),
    ]), timeout=60)
    # Refusals: with a queue of 2 texts, concurrent calls of 3 texts each cannot all be admitted.
    refused = 0
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        for burst in range(5):
            calls = [pool.submit(stub.ScoreThread, pb.ScoreThreadRequest(thread=_thread(100 + 10 * burst + k, "reddit")),
                                 timeout=60) for k in range(8)]
            for c in calls:
                try:
                    c.result()
                except grpc.RpcError as exc:
                    assert exc.code() == grpc.StatusCode.RESOURCE_EXHAUSTED, exc
                    refused += 1
            if refused:
                break
    assert refused, "no call was refused with --max-queue 2: the rejection metrics get no data"


# -- the test ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def scraped(prometheus_binary, text_model_fp32, tmp_path_factory):
    """(Prometheus client, log path) after it has scraped a server that got traffic."""
    from server_harness import running_server

    workdir = tmp_path_factory.mktemp("prometheus")
    with running_server(text_model=text_model_fp32, max_queue=2, max_wait_ms=1.0) as srv:
        proc, prom, log_path = start_prometheus(prometheus_binary, workdir, srv.metrics_port)
        try:
            wait_for(prom, 'up{job="convoscore"} == 1', "Prometheus never scraped the server")
            send_traffic(srv)
            # A few scrapes after the traffic, so that rate() has samples on both sides.
            wait_for(prom, 'count_over_time(convoscore_threads_scored_total{platform="other"}[1m]) >= 3',
                     "Prometheus did not scrape the traffic")
            yield prom, log_path
        finally:
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)


def wait_for(prom: Prometheus, expr: str, message: str, timeout: float = DATA_TIMEOUT) -> list:
    end = time.monotonic() + timeout
    while True:
        answer = prom.query(expr)
        assert answer["status"] == "success", f"{expr}: {answer.get('error')}"
        if answer["data"]["result"]:
            return answer["data"]["result"]
        if time.monotonic() > end:
            raise AssertionError(f"{message} ({expr} returned nothing for {timeout:.0f} s)")
        time.sleep(0.5)


def test_every_dashboard_query_returns_data(scraped):
    prom, _ = scraped
    exprs = dashboard_expressions()
    assert len(exprs) >= 20
    empty = []
    for where, expr in exprs:
        answer = prom.query(expr)
        assert answer["status"] == "success", f"{where}: {expr}\n{answer.get('errorType')}: {answer.get('error')}"
        if not answer["data"]["result"]:
            empty.append((where, expr))
    # Series that appeared last may need one more scrape; retry the empty ones, bounded.
    for where, expr in empty:
        wait_for(prom, expr, f"{where} has no data", timeout=15)


def test_every_alert_rule_parses_and_its_signal_returns_data(scraped):
    prom, _ = scraped
    rules = alert_rules()
    assert rules
    for rule in rules:
        full = prom.query(rule["expr"])
        assert full["status"] == "success", f"alert {rule['alert']}: {full.get('errorType')}: {full.get('error')}"
        signal = alert_signal(rule["expr"])
        wait_for(prom, signal, f"alert {rule['alert']}: its signal has no data", timeout=15)


def test_prometheus_evaluates_every_alert_rule_without_error(scraped):
    prom, log_path = scraped
    names = {r["alert"] for r in alert_rules()}
    end = time.monotonic() + 30
    while True:
        answer = prom.get("/api/v1/rules", type="alert")
        assert answer["status"] == "success", answer
        loaded = {r["name"]: r for g in answer["data"]["groups"] for r in g["rules"]}
        assert names <= set(loaded), f"Prometheus did not load {sorted(names - set(loaded))}: {log_path.read_text()[-2000:]}"
        if all(loaded[n]["health"] != "unknown" for n in names) or time.monotonic() > end:
            break
        time.sleep(0.5)
    bad = {n: (loaded[n]["health"], loaded[n].get("lastError")) for n in names if loaded[n]["health"] != "ok"}
    assert not bad, f"alert rules that do not evaluate: {bad}"


def test_promtool_accepts_the_alert_rules_and_config():
    promtool = shutil.which("promtool")
    if promtool is None:
        pytest.skip("promtool is not installed: `apt-get install prometheus` (Debian/Ubuntu) provides it")
    rules = subprocess.run([promtool, "check", "rules", str(ALERTS)], capture_output=True, text=True, timeout=60)
    assert rules.returncode == 0, rules.stdout + rules.stderr
    config = subprocess.run([promtool, "check", "config", "--syntax-only", str(DEPLOY / "prometheus" / "prometheus.yml")],
                            capture_output=True, text=True, timeout=60)
    assert config.returncode == 0, config.stdout + config.stderr
