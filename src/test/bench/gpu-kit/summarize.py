"""Prints the GPU proof kit's table from the bench generate --json report and the JUnit summary."""
import json
import re
import sys

bench_path, junit_path = sys.argv[1], sys.argv[2]
try:
    both = json.load(open(bench_path))
    report, eager = both["java"], both.get("python_eager")
except (OSError, ValueError, KeyError) as e:
    report, eager = None, None
    print(f"bench: no report ({e})")
junit = open(junit_path, encoding="utf-8", errors="replace").read() if junit_path else ""

rows = []
def row(what, figure, target="", ok=None):
    rows.append((what, figure, target, "" if ok is None else ("met" if ok else "NOT met")))

m = re.search(r"(\d+) tests successful.*?(\d+) tests failed", junit, re.S)
if m:
    row("fixture parity tests", f"{m.group(1)} passed, {m.group(2)} failed", "all pass", m.group(2) == "0")
if report:
    row("device", f"{report['device']} ({report['device_reason']}), {report['precision']}")
    row("parameters", f"{report['parameters']:,}")
    row("load (bf16 on disk)", f"{report['load_millis'] / 1000:.1f} s")
    row("device copy / read bandwidth", f"{report['copy_gigabytes_per_second']:.0f} / {report['read_gigabytes_per_second']:.0f} GB/s")
    for d in report["decode"]:
        n = d["candidates"]
        agg = d["tokens_per_second_all_candidates"]
        target, ok = "", None
        if n == 1:
            target, ok = ">= 150 tokens/s", agg >= 150
        elif n == 8:
            target, ok = ">= 1,000 tokens/s", agg >= 1000
        py = ""
        for e in (eager or {}).get("decode", []):
            if e["candidates"] == n:
                py = f"; PyTorch eager {e['ms_per_step']:.2f} ms/step ({n * e['steps_per_second']:.0f} tokens/s)"
        row(f"decode N={n}", f"{d['millis_per_step']:.2f} ms/step, {agg:.0f} tokens/s in all, "
            f"{d['times_the_bound']:.2f}x the read bound{py}", target, ok)
    if report["long_prompt_tokens"] > 0:
        ttft = report["time_to_first_token_millis"]
        row(f"prefill {report['long_prompt_tokens']} tokens (time to first token)",
            f"{ttft:.0f} ms ({report['long_prompt_tokens'] / ttft * 1000:.0f} tokens/s)"
            + (f"; PyTorch eager {eager['time_to_first_token_ms']:.0f} ms" if eager and "time_to_first_token_ms" in eager else ""),
            "< 500 ms", ttft < 500)
        if report.get("regenerate_time_to_first_token_millis", -1) >= 0:
            row("regenerate, same prompt, 4 candidates (prompt cache)",
                f"{report['regenerate_time_to_first_token_millis']:.0f} ms to the first token")

width = [max(len(r[i]) for r in rows + [("what", "figure", "target", "")]) for i in range(4)]
print()
print("| " + " | ".join(h.ljust(w) for h, w in zip(("what", "figure", "target", ""), width)) + " |")
print("|" + "|".join("-" * (w + 2) for w in width) + "|")
for r in rows:
    print("| " + " | ".join(c.ljust(w) for c, w in zip(r, width)) + " |")
