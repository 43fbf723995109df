/**
 * The benchmarks behind {@code bench ...}: measured figures on generated data, never part of the tests.
 * {@link app.characterstudio.bench.ScriptBenchmark} (script import and retrieval),
 * {@link app.characterstudio.bench.GenerationBenchmark} (decode, batch cost, time to first token, load,
 * against the memory-bandwidth bound), {@link app.characterstudio.bench.ChatBenchmark} (prompt assembly and
 * chat writes), {@link app.characterstudio.bench.ExportBenchmark} (dataset export per format),
 * {@link app.characterstudio.bench.DatabaseBenchmark} (the open-time check), {@link app.characterstudio.bench.ScoringBenchmark}
 * (reward scoring per batch size), {@link app.characterstudio.bench.LoopbackBench} (the inference-server client
 * against loopback servers) and {@link app.characterstudio.bench.EvalBenchmark} (an evaluation run: items/s with one
 * model load, prefill vs decode). The room sits below {@code cli}
 * (whose {@code Bench*Command}s only parse options and print) and above every service it measures; it writes
 * no SQL of its own: generated rows go through {@code store.BenchmarkData}.
 */
package app.characterstudio.bench;
