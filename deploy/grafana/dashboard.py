"""Generate the convoscore Grafana dashboard (deploy/grafana/dashboards/convoscore.json).

    python deploy/grafana/dashboard.py            # rewrite the JSON file
    python deploy/grafana/dashboard.py --check    # exit 1 when the file is not what this script makes

Edit the panels here, not in the JSON: tests/test_deploy_files.py checks that the two agree, and
tests/test_ops_prometheus.py runs every expression against a live server through Prometheus.
Variables: $datasource (a Prometheus data source), $job, $instance, $platform (all regexes).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent / "dashboards" / "convoscore.json"
DS = {"type": "prometheus", "uid": "${datasource}"}
SEL = 'job=~"$job", instance=~"$instance"'
SCORES = ("quality", "depth", "passion", "value_added")
SERVER_ERRORS = "INTERNAL|UNKNOWN|UNAVAILABLE|DATA_LOSS|DEADLINE_EXCEEDED|RESOURCE_EXHAUSTED"


class Layout:
    def __init__(self) -> None:
        self.panels: list[dict] = []
        self.x = self.y = self.row_h = 0
        self.next_id = 1

    def _id(self) -> int:
        self.next_id += 1
        return self.next_id - 1

    def row(self, title: str) -> None:
        if self.x:
            self.y += self.row_h
            self.x = self.row_h = 0
        self.panels.append({"type": "row", "title": title, "id": self._id(), "collapsed": False,
                            "gridPos": {"h": 1, "w": 24, "x": 0, "y": self.y}, "panels": []})
        self.y += 1

    def add(self, panel: dict, w: int = 8, h: int = 8) -> dict:
        if self.x + w > 24:
            self.y += self.row_h
            self.x = self.row_h = 0
        panel = {"id": self._id(), "datasource": DS, "gridPos": {"h": h, "w": w, "x": self.x, "y": self.y}, **panel}
        self.panels.append(panel)
        self.x += w
        self.row_h = max(self.row_h, h)
        return panel


def target(expr: str, legend: str = "", ref: str = "A", **extra) -> dict:
    return {"datasource": DS, "expr": expr, "legendFormat": legend or "__auto", "refId": ref, "range": True, **extra}


def timeseries(title: str, description: str, targets: list[dict], unit: str = "short", stack: bool = False,
               **options) -> dict:
    custom = {"drawStyle": "line", "lineWidth": 1, "fillOpacity": 10, "showPoints": "never", "spanNulls": True}
    if stack:
        custom["stacking"] = {"mode": "normal", "group": "A"}
    return {
        "type": "timeseries", "title": title, "description": description, "targets": targets,
        "fieldConfig": {"defaults": {"unit": unit, "custom": custom, **options}, "overrides": []},
        "options": {"legend": {"displayMode": "list", "placement": "bottom", "showLegend": True},
                    "tooltip": {"mode": "multi", "sort": "desc"}},
    }


def quantiles(metric: str, by: str, sel: str = SEL, qs=(0.5, 0.99)) -> list[dict]:
    refs = "ABCDEFG"
    group = f"{by}, le" if by else "le"
    return [
        target(
            f"histogram_quantile({q}, sum by ({group}) (rate({metric}_bucket{{{sel}}}[$__rate_interval])))",
            f"p{int(q * 100)}" + (f" {{{{{by}}}}}" if by else ""),
            refs[i],
        )
        for i, q in enumerate(qs)
    ]


def mean(metric: str, by: str = "", sel: str = SEL, legend: str = "mean", ref: str = "Z") -> dict:
    grp = f" by ({by})" if by else ""
    return target(
        f"sum{grp} (rate({metric}_sum{{{sel}}}[$__rate_interval])) / sum{grp} (rate({metric}_count{{{sel}}}[$__rate_interval]))",
        legend, ref,
    )


def build() -> dict:
    L = Layout()

    L.row("Service")
    L.add(timeseries("RPC rate by method", "Finished RPCs per second (convoscore_rpcs_total), every status code.",
                     [target(f"sum by (method) (rate(convoscore_rpcs_total{{{SEL}}}[$__rate_interval]))", "{{method}}")],
                     "reqps"))
    L.add(timeseries("Errors by code", "RPCs per second that ended with a status other than OK, by method and code. "
                     "INVALID_ARGUMENT is the caller's input; RESOURCE_EXHAUSTED means the queue was full.",
                     [target(f'sum by (method, code) (rate(convoscore_rpcs_total{{{SEL}, code!="OK"}}[$__rate_interval]))',
                             "{{method}} {{code}}")], "reqps", stack=True))
    L.add(timeseries("Server error ratio", "Share of RPCs that ended with a server-side error code "
                     f"({SERVER_ERRORS.replace('|', ', ')}); the ConvoscoreHighErrorRate alert fires above 5%.",
                     [target(f'(sum (rate(convoscore_rpcs_total{{{SEL}, code=~"{SERVER_ERRORS}"}}[$__rate_interval])) '
                             f"or sum (rate(convoscore_rpcs_total{{{SEL}}}[$__rate_interval])) * 0) / "
                             f"sum (rate(convoscore_rpcs_total{{{SEL}}}[$__rate_interval]))", "error ratio")],
                     "percentunit", min=0))

    L.add(timeseries("Latency p50 / p99 by method", "RPC latency from start to last message "
                     "(convoscore_rpc_duration_seconds). Streams last as long as their caller keeps them open.",
                     quantiles("convoscore_rpc_duration_seconds", "method"), "s"), w=12)
    L.add(timeseries("RPCs in flight", "RPCs being handled now, by method (convoscore_rpcs_in_flight).",
                     [target(f"sum by (method) (convoscore_rpcs_in_flight{{{SEL}}})", "{{method}}")], "short",
                     stack=True), w=6)
    L.add(timeseries("Queue depth", "Texts admitted and waiting for a model batch, per instance "
                     "(convoscore_queue_depth). Calls are refused past --max-queue (4096 on CPU).",
                     [target(f"sum by (instance) (convoscore_queue_depth{{{SEL}}})", "{{instance}}")], "short"), w=6)

    L.add(timeseries("Throughput", "Comments scored per second by method, and texts run through the model "
                     "(after de-duplication).",
                     [target(f"sum by (method) (rate(convoscore_comments_scored_total{{{SEL}}}[$__rate_interval]))",
                             "comments {{method}}"),
                      target(f"sum (rate(convoscore_texts_encoded_total{{{SEL}}}[$__rate_interval]))", "texts encoded", "B")],
                     "short"))
    L.add(timeseries("Queue wait p50 / p99", "Per text: from admission (after tokenization) to the start of its "
                     "batch (convoscore_queue_wait_seconds).", quantiles("convoscore_queue_wait_seconds", ""), "s"))
    L.add(timeseries("Refused and dropped", "Calls refused at admission by reason (queue_full, draining, loading) "
                     "and texts dropped before inference (cancelled, deadline, failed).",
                     [target(f"sum by (reason) (rate(convoscore_rejected_total{{{SEL}}}[$__rate_interval]))",
                             "refused {{reason}}"),
                      target(f"sum by (reason) (rate(convoscore_dropped_total{{{SEL}}}[$__rate_interval]))",
                             "dropped {{reason}}", "B")], "short"))

    L.add(timeseries("Batch size", "Texts per model batch (convoscore_batch_size): mean and p50/p99. "
                     "Bigger batches = more cross-request batching.",
                     [mean("convoscore_batch_size")] + quantiles("convoscore_batch_size", ""), "short"), w=6)
    L.add(timeseries("Padding share", "Share of each batch's token slots that hold padding "
                     "(convoscore_batch_padding_share); length sorting keeps it low.",
                     [mean("convoscore_batch_padding_share")], "percentunit", min=0, max=1), w=6)
    L.add(timeseries("Inference time per batch", "One forward pass (convoscore_inference_seconds): mean, p50, p99; "
                     "and the tokenization time per request, p99.",
                     [mean("convoscore_inference_seconds")] + quantiles("convoscore_inference_seconds", "")
                     + [target("histogram_quantile(0.99, sum by (le) (rate(convoscore_tokenization_seconds_bucket"
                               f"{{{SEL}}}[$__rate_interval])))", "tokenization p99", "T")], "s"), w=6)
    L.add(timeseries("Padded tokens per batch", "Longest text x texts per batch (convoscore_batch_tokens), "
                     "capped by --max-batch-tokens.", [mean("convoscore_batch_tokens")] + quantiles("convoscore_batch_tokens", ""),
                     "short"), w=6)

    L.add({"type": "stat", "title": "Model", "description": "The loaded model (convoscore_model_info) per instance.",
           "targets": [target(f"max by (instance, version, backend) (convoscore_model_info{{{SEL}}})",
                              "{{instance}} {{version}} {{backend}}", instant=True)],
           "options": {"reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False},
                       "textMode": "name", "colorMode": "none", "graphMode": "none"},
           "fieldConfig": {"defaults": {}, "overrides": []}}, w=12, h=4)
    L.add({"type": "stat", "title": "Serving", "description": "1 while health is SERVING (convoscore_serving), "
           "per instance; scrape health (up) beside it.",
           "targets": [target(f"min by (instance) (convoscore_serving{{{SEL}}})", "serving {{instance}}", instant=True),
                       target('min by (instance) (up{job=~"$job", instance=~"$instance"})', "up {{instance}}", "B",
                              instant=True)],
           "options": {"reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False},
                       "colorMode": "background", "graphMode": "none"},
           "fieldConfig": {"defaults": {"thresholds": {"mode": "absolute", "steps": [
               {"color": "red", "value": None}, {"color": "green", "value": 1}]}}, "overrides": []}}, w=12, h=4)

    L.row("Conversation quality by platform")
    L.add(timeseries("Threads scored by platform", "Threads scored per second, by platform "
                     "(unknown platforms are grouped as other).",
                     [target(f'sum by (platform) (rate(convoscore_threads_scored_total{{{SEL}, platform=~"$platform"}}'
                             "[$__rate_interval]))", "{{platform}}")], "short", stack=True), w=12)
    L.add(timeseries("Median quality by platform", "Median thread quality (0..1) per platform over the last "
                     "rate interval.", quantiles("convoscore_thread_quality", "platform",
                                                  f'{SEL}, platform=~"$platform"', qs=(0.5,)),
                     "percentunit", min=0, max=1), w=12)
    L.add(timeseries("Comments in other languages", "Scored comments per second whose text reads as another "
                     "language than English, by ISO 639 code (convoscore_comments_other_language_total): the model "
                     "is trained on English, so their scores are unreliable.",
                     [target(f"sum by (language) (rate(convoscore_comments_other_language_total{{{SEL}}}"
                             "[$__rate_interval]))", "{{language}}")], "short", stack=True), w=24)
    for score in SCORES:
        metric = f"convoscore_thread_{score}"
        title = score.replace("_", " ")
        L.add({
            "type": "bargauge",
            "title": f"{title.capitalize()} distribution: $platform",
            "description": f"Threads by `{score}` score bucket (0..1, upper bounds) over the dashboard's time "
                           f"range ({metric}), one panel per platform.",
            "repeat": "platform", "repeatDirection": "h", "maxPerRow": 4,
            "targets": [target(f'sum by (le) (increase({metric}_bucket{{{SEL}, platform=~"$platform"}}[$__range]))',
                               "{{le}}", format="heatmap", instant=True)],
            "options": {"displayMode": "gradient", "orientation": "vertical", "showUnfilled": True,
                        "reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False}},
            "fieldConfig": {"defaults": {"unit": "short", "min": 0, "decimals": 0}, "overrides": []},
        }, w=6)
    for score in SCORES:
        L.add(timeseries(f"Mean {score.replace('_', ' ')} by platform",
                         f"Mean thread `{score}` per platform (convoscore_thread_{score}).",
                         [mean(f"convoscore_thread_{score}", "platform", f'{SEL}, platform=~"$platform"', "{{platform}}", "A")],
                         "percentunit", min=0, max=1), w=6)

    def var(name: str, label: str, query: str, **extra) -> dict:
        return {"name": name, "label": label, "type": "query", "datasource": DS,
                "query": {"query": query, "refId": f"{name}-var"}, "definition": query,
                "refresh": 2, "sort": 1, "includeAll": True, "multi": True, "allValue": ".*",
                "current": {"selected": True, "text": ["All"], "value": ["$__all"]}, **extra}

    return {
        "title": "convoscore",
        "uid": "convoscore",
        "description": "convoscore gRPC service: traffic, errors, latency, batching; conversation quality by platform.",
        "tags": ["convoscore", "grpc"],
        "editable": True,
        "graphTooltip": 1,
        "schemaVersion": 39,
        "version": 1,
        "time": {"from": "now-1h", "to": "now"},
        "refresh": "30s",
        "timezone": "",
        "annotations": {"list": []},
        "links": [],
        "templating": {"list": [
            {"name": "datasource", "label": "Data source", "type": "datasource", "query": "prometheus",
             "current": {}, "hide": 0, "refresh": 1, "regex": ""},
            var("job", "Job", "label_values(convoscore_rpcs_total, job)", includeAll=False, multi=False,
                current={"selected": True, "text": "convoscore", "value": "convoscore"}),
            var("instance", "Instance", 'label_values(convoscore_rpcs_total{job=~"$job"}, instance)'),
            var("platform", "Platform", 'label_values(convoscore_threads_scored_total{job=~"$job"}, platform)'),
        ]},
        "panels": L.panels,
    }


def render() -> str:
    return json.dumps(build(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the JSON file is up to date")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        if not OUT.is_file() or OUT.read_text(encoding="utf-8") != text:
            print(f"{OUT} is out of date: run python deploy/grafana/dashboard.py", file=sys.stderr)
            return 1
        return 0
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
