package app.characterstudio.cli;

import app.characterstudio.script.FileImport;
import app.characterstudio.script.ImportOptions;
import app.characterstudio.script.ImportProgress;
import app.characterstudio.script.ImportReport;
import app.characterstudio.script.RetrievalQuery;
import app.characterstudio.script.RetrievedExchange;
import app.characterstudio.script.SceneRule;
import app.characterstudio.script.ScriptEncoding;
import app.characterstudio.script.ScriptFormat;
import app.characterstudio.script.ScriptLibrary;
import app.characterstudio.script.SpeakerCount;
import app.characterstudio.workspace.Studio;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "script", mixinStandardHelpOptions = true,
        description = "Import script excerpts, list their speakers, search exchanges, remove sources, reindex.",
        subcommands = {ScriptCommand.Import.class, ScriptCommand.Speakers.class, ScriptCommand.Search.class,
            ScriptCommand.Remove.class, ScriptCommand.Reindex.class, ScriptCommand.Sources.class})
final class ScriptCommand {

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Import script files (screenplay text, CSV/TSV, JSON/JSONL, SRT); re-importing the same "
                    + "content changes nothing.")
    static final class Import implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", arity = "1..*", description = "Script files.")
        List<Path> files;

        @Option(names = "--encoding", defaultValue = "auto", paramLabel = "ENC",
                description = "auto (default), utf-8, gb18030 (gbk), utf-16, utf-16le, utf-16be.")
        String encoding;

        @Option(names = "--format", paramLabel = "FMT", description = "screenplay, csv, tsv, json, index-character, srt (default: detect).")
        String format;

        @Option(names = "--speaker-col", paramLabel = "C", description = "CSV/TSV speaker column: header name or number.")
        String speakerColumn;

        @Option(names = "--text-col", paramLabel = "C", description = "CSV/TSV text column: header name or number.")
        String textColumn;

        @Option(names = "--scene-regex", paramLabel = "REGEX",
                description = "Scenes start only at lines matching REGEX (default: blank lines and scene headings).")
        String sceneRegex;

        @Option(names = "--window", defaultValue = "" + ImportOptions.DEFAULT_WINDOW, paramLabel = "N",
                description = "Preceding lines of the scene kept as an exchange's context (default: ${DEFAULT-VALUE}).")
        int window;

        @Mixin
        JsonOutput output = new JsonOutput();

        @Override
        public Integer call() {
            ImportOptions options = ImportOptions.defaults().withEncoding(ScriptEncoding.parse(encoding))
                    .withFormat(format == null ? null : ScriptFormat.parse(format))
                    .withColumns(speakerColumn, textColumn)
                    .withSceneRule(sceneRegex == null ? SceneRule.DEFAULT : SceneRule.headingsMatching(sceneRegex))
                    .withWindow(OptionChecks.atLeast(spec, "--window", window, 1));
            PrintWriter err = spec.commandLine().getErr();
            List<FileImport> outcomes = library(spec).importEach(files, options, new ImportProgress() {
                @Override
                public void update(String stage, long done, long total) {
                    if (total == 0) {
                        err.println(stage + "...");
                        err.flush();
                    }
                }
            });
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                // each file's report as before, with the file, whether it was imported and why not
                out.println(Json.write(outcomes.stream().map(o -> (o.imported() ? Json.tree(o.report())
                        : Json.tree(java.util.Map.of()).put("error", o.error()))
                        .put("file", o.file().toString()).put("imported", o.imported())).toList()));
            } else {
                for (FileImport outcome : outcomes) {
                    ImportReport r = outcome.report();
                    out.println(!outcome.imported() ? outcome.file() + ": not imported: " + outcome.error()
                            : r.alreadyImported()
                            ? r.path() + ": already imported as " + r.source() + " (nothing added)"
                            : r.source() + ": " + r.scenes() + " scenes, " + r.lines() + " lines, " + r.speakers()
                                    + " speakers, " + r.exchanges() + " exchanges added (" + r.format() + ", "
                                    + r.encoding() + ")");
                }
            }
            out.flush();
            boolean allImported = outcomes.stream().allMatch(FileImport::imported);
            if (!allImported) {
                outcomes.stream().filter(o -> !o.imported()).forEach(o -> err.println("error: " + o.error()));
            }
            if (!allImported || outcomes.size() > 1) {
                err.println(FileImport.summary(outcomes));
            }
            err.flush();
            return allImported ? 0 : 2;
        }
    }

    @Command(name = "speakers", mixinStandardHelpOptions = true,
            description = "List script speakers with line counts and the persona each links to.")
    static final class Speakers implements Runnable, ReadsOnly {
        @Spec
        CommandSpec spec;

        @Mixin
        JsonOutput output = new JsonOutput();

        @Override
        public void run() {
            Studio studio = StudioCommand.studioOf(spec);
            List<SpeakerCount> speakers = studio.scripts().speakers(studio.personas().list());
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                out.println(Json.write(speakers));
            } else {
                speakers.forEach(s -> out.println(s.speaker() + "\t" + s.lines() + "\t"
                        + (s.linked() ? "-> " + s.personaId() : "(unlinked)")));
            }
            out.flush();
        }
    }

    @Command(name = "search", mixinStandardHelpOptions = true,
            description = "Find the exchanges of a speaker whose context best matches a conversation.")
    static final class Search implements Runnable, ReadsOnly {
        @Spec
        CommandSpec spec;

        @Option(names = "--speaker", required = true, paramLabel = "NAME",
                description = "Speaker name, or a persona id (searches its name and aliases).")
        String speaker;

        @Option(names = "--query", required = true, paramLabel = "TEXT",
                description = "The recent conversation (lines may be 'speaker：utterance').")
        String query;

        @Option(names = "--limit", defaultValue = "10", paramLabel = "K", description = "At most K exchanges.")
        int limit;

        @Option(names = "--min-reply", defaultValue = "0", paramLabel = "N", description = "Skip replies shorter than N.")
        int minReply;

        @Option(names = "--per-scene", defaultValue = "2", paramLabel = "N", description = "At most N from one scene.")
        int perScene;

        @Option(names = "--exclude-source", paramLabel = "NAME", description = "Skip this source.")
        String exclude;

        @Mixin
        JsonOutput output = new JsonOutput();

        @Override
        public void run() {
            OptionChecks.atLeast(spec, "--limit", limit, 1);
            OptionChecks.atLeast(spec, "--per-scene", perScene, 1);
            OptionChecks.atLeast(spec, "--min-reply", minReply, 0);
            Studio studio = StudioCommand.studioOf(spec);
            List<String> names = studio.personas().find(speaker).map(p -> p.scriptNames()).orElse(List.of(speaker));
            List<RetrievedExchange> hits = studio.scripts().search(new RetrievalQuery(query.replace("\\n", "\n"),
                    names, limit, minReply, perScene, exclude));
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                out.println(Json.write(hits));
            } else if (hits.isEmpty()) {
                out.println("No exchanges of " + String.join("/", names) + " match.");
            } else {
                for (RetrievedExchange hit : hits) {
                    out.printf("%.3f  %s lines %d-%d (scene %d)  matched: %s%n", hit.score(), hit.sourceName(),
                            hit.firstLine(), hit.lastLine(), hit.scene(), String.join(" ", hit.matchedTerms()));
                    hit.lines().forEach(l -> out.println("    " + (l.speaker().isEmpty() ? "" : l.speaker() + "：")
                            + l.marked("[", "]")));
                }
            }
            out.flush();
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove an imported source (by name, path or id) with its lines and index entries.")
    static final class Remove implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "SOURCE")
        String source;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            if (!library(spec).remove(source)) {
                spec.commandLine().getErr().println("error: no imported source named " + source
                        + " (see: script sources)");
                return 2;
            }
            out.println("Removed " + source);
            out.flush();
            return 0;
        }
    }

    @Command(name = "reindex", mixinStandardHelpOptions = true,
            description = "Rebuild the script index from the database.")
    static final class Reindex implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            long exchanges = library(spec).reindex(ImportProgress.NONE);
            spec.commandLine().getOut().println("Reindexed " + exchanges + " exchanges.");
            spec.commandLine().getOut().flush();
        }
    }

    @Command(name = "sources", mixinStandardHelpOptions = true, description = "List imported sources.")
    static final class Sources implements Runnable, ReadsOnly {
        @Spec
        CommandSpec spec;

        @Mixin
        JsonOutput output = new JsonOutput();

        @Override
        public void run() {
            var sources = library(spec).sources();
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                out.println(Json.write(sources.stream().map(s -> new SourceSummary(s.id(), s.name(), s.path(),
                        s.encoding(), s.format(), s.importedAt().toString(), s.sceneCount(), s.lineCount())).toList()));
            } else {
                sources.forEach(s -> out.println(s.id() + "\t" + s.name() + "\t" + s.lineCount() + " lines\t"
                        + s.sceneCount() + " scenes\t" + s.format() + "\t" + s.encoding()));
            }
            out.flush();
        }
    }

    record SourceSummary(long id, String name, String path, String encoding, String format, String importedAt,
                         int scenes, int lines) {
    }

    private static ScriptLibrary library(CommandSpec spec) {
        return StudioCommand.studioOf(spec).scripts();
    }
}
