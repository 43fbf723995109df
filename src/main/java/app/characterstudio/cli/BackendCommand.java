package app.characterstudio.cli;

import app.characterstudio.backend.Backend;
import app.characterstudio.backend.BackendCheck;
import app.characterstudio.backend.Backends;
import app.characterstudio.backend.CompletionsClient;
import app.characterstudio.model.ModelFolder;
import app.characterstudio.model.tokenizer.Tokenizer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "backend", mixinStandardHelpOptions = true,
        description = {"Inference servers (vLLM, llama.cpp, TGI, Ollama) that speak the OpenAI-compatible completions "
                + "API, for batch generation. The local engine stays the default; with no backend named, the studio "
                + "opens no network connection.",
                "The API key is never stored: only the name of the environment variable that holds it."},
        subcommands = {BackendCommand.Add.class, BackendCommand.ListBackends.class, BackendCommand.Remove.class,
            BackendCommand.Check.class})
final class BackendCommand {

    static Backends backends(CommandSpec spec) {
        return StudioCommand.studioOf(spec).backends();
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add an endpoint, or replace the one of the same name. Nothing is contacted; run backend check.")
    static final class Add implements Runnable {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "A name for the endpoint (not \"local\").")
        String name;

        @Option(names = "--url", required = true, paramLabel = "URL[,URL...]",
                description = "Base URL(s), http:// or https://, e.g. http://gpu1:8000 (without /v1). "
                        + "Several spread the work and take over from one another.")
        String urls;

        @Option(names = "--model", required = true, paramLabel = "SERVED_NAME",
                description = "The model name the server knows (vLLM's --served-model-name).")
        String model;

        @Option(names = "--api-key-env", paramLabel = "VAR",
                description = "Environment variable that holds the API key (sent as a Bearer token).")
        String apiKeyEnv;

        @Option(names = "--concurrency", paramLabel = "N", defaultValue = "8",
                description = "Most requests in flight at once (default: ${DEFAULT-VALUE}).")
        int concurrency;

        @Option(names = "--timeout", paramLabel = "S", defaultValue = "120",
                description = "Seconds to wait for an answer to start, and between streamed tokens "
                        + "(default: ${DEFAULT-VALUE}).")
        long timeoutSeconds;

        @Override
        public void run() {
            Backend backend = new Backend(name, Backend.parseUrls(urls), model, apiKeyEnv, concurrency,
                    Duration.ofSeconds(timeoutSeconds));
            boolean replaced = backends(spec).put(backend);
            PrintWriter out = spec.commandLine().getOut();
            out.println((replaced ? "Replaced" : "Added") + " backend " + name + ": " + describe(backend));
            out.flush();
        }
    }

    static String describe(Backend backend) {
        return String.join(",", backend.urls().stream().map(Object::toString).toList()) + "  model " + backend.model()
                + "  concurrency " + backend.concurrency() + "  timeout " + backend.timeout().toSeconds() + " s"
                + (backend.apiKeyEnv().isEmpty() ? "" : "  key from $" + backend.apiKeyEnv());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the workspace's backends.")
    static final class ListBackends implements Runnable, ReadsOnly {
        @Spec
        CommandSpec spec;

        @Mixin
        JsonOutput output = new JsonOutput();

        @Override
        public void run() {
            List<Backend> all = backends(spec).list();
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                out.println(Json.write(all.stream().map(ListJson::of).toList()));
            } else {
                out.println(Backend.LOCAL + "  the in-process engine (default)");
                all.forEach(backend -> out.println(backend.name() + "  " + describe(backend)));
            }
            out.flush();
        }

        record ListJson(String name, List<String> urls, String model, String apiKeyEnv, int concurrency,
                        long timeoutSeconds) {
            static ListJson of(Backend backend) {
                return new ListJson(backend.name(), backend.urls().stream().map(Object::toString).toList(),
                        backend.model(), backend.apiKeyEnv(), backend.concurrency(), backend.timeout().toSeconds());
            }
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a backend.")
    static final class Remove implements Runnable {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public void run() {
            if (!backends(spec).remove(name)) {
                backends(spec).get(name);
            }
            spec.commandLine().getOut().println("Removed backend " + name + ".");
            spec.commandLine().getOut().flush();
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Contact a backend: latency of each URL, the optional request fields its server accepts, "
                    + "and a few token counts compared with the local tokenizer.",
                    "Exit code 1 when no URL answers."})
    static final class Check implements java.util.concurrent.Callable<Integer>, ReadsOnly {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--model-dir", paramLabel = "DIR",
                description = "Model folder whose tokenizer.model counts tokens locally (a path or a name under models/).")
        Path modelDir;

        @Mixin
        JsonOutput output = new JsonOutput();

        @Override
        public Integer call() {
            Backend backend = backends(spec).get(name);
            CompletionsClient client = CompletionsClient.of(backend);
            BackendCheck.Report report;
            if (modelDir == null) {
                report = new BackendCheck(client).run(null);
            } else {
                Path dir = ModelCommand.resolveModelDir(spec, modelDir);
                try (Tokenizer tokenizer = Tokenizer.open(ModelFolder.open(dir).tokenizerFile())) {
                    ToIntFunction<String> local = text -> tokenizer.encode(text).length;
                    report = new BackendCheck(client).run(local);
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                out.println(Json.write(report));
            } else {
                print(report, out);
            }
            out.flush();
            return report.ok() ? 0 : 1;
        }

        private static void print(BackendCheck.Report report, PrintWriter out) {
            report.lines().forEach(out::println);
        }
    }
}
