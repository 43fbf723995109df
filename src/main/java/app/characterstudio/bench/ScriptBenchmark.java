package app.characterstudio.bench;

import app.characterstudio.script.ImportOptions;
import app.characterstudio.script.ImportProgress;
import app.characterstudio.script.ImportReport;
import app.characterstudio.script.ParsedScript;
import app.characterstudio.script.RetrievalQuery;
import app.characterstudio.script.RetrievedExchange;
import app.characterstudio.script.Retriever;
import app.characterstudio.script.ScriptLibrary;
import app.characterstudio.script.ScriptReader;
import app.characterstudio.store.ScriptLine;
import app.characterstudio.store.Database;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Measures import-with-indexing and retrieval on a generated corpus: screenplay lines of several
 * speakers in scenes of 5 to 40 lines, utterances of Chinese-like words drawn with a Zipf law.
 */
public final class ScriptBenchmark {
    private static final String CHARS = "的一是不了人我在有他这中大来上个国到说们为子和你地出道也时年得就那要下以生会自着去之过"
            + "家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动"
            + "两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什"
            + "打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师"
            + "书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务"
            + "火锅姐妹直播观众喜欢吃饭朋友努力快乐星空大海城市春夏秋冬风雪雨晴猫狗鱼鸟花草树林";

    private ScriptBenchmark() {
    }

    /** The figures of one run. */
    public record Result(int lines, int scenes, long exchanges, double importSeconds, double linesPerSecond,
                         double importCpuSeconds,
                         int queries, double p50Millis, double p99Millis, double cpuP50Millis, double cpuP99Millis,
                         double meanHits, double sourceFirstShare, double sourceInTopShare, long indexBytes,
                         long heapUsedBytes, int indexingThreads) {
    }

    /** Writes a corpus of {@code lines} lines to {@code file}; returns the number of scenes. */
    public static int writeCorpus(Path file, int lines, int speakers, long seed) throws IOException {
        Random random = new Random(seed);
        String[] words = vocabulary(random, 5000);
        double[] zipf = zipfCumulative(words.length);
        String[] names = Arrays.copyOf(new String[] {"三三", "二二", "欧卡", "老板", "路人", "观众", "猎户", "电视人",
                "小哔", "小哩", "男生", "女生"}, Math.max(2, Math.min(12, speakers)));
        int scenes = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            int written = 0;
            while (written < lines) {
                scenes++;
                out.write("第" + scenes + "场\n");
                int sceneLength = Math.min(lines - written, 5 + random.nextInt(36));
                for (int i = 0; i < sceneLength; i++) {
                    out.write(names[random.nextInt(names.length)]);
                    out.write('：');
                    out.write(utterance(random, words, zipf));
                    out.write('\n');
                }
                written += sceneLength;
                out.write('\n');
            }
        }
        return scenes;
    }

    /** Imports the corpus into a fresh library in {@code workspace}, then runs {@code queries} searches. */
    public static Result run(Path workspace, int lines, int queries, int speakers, int threads) throws IOException {
        Files.createDirectories(workspace);
        Path corpus = workspace.resolve("bench-corpus.txt");
        int scenes = writeCorpus(corpus, lines, speakers, 42);
        try (Database database = Database.open(workspace.resolve("studio.db"));
             ScriptLibrary library = new ScriptLibrary(database, workspace.resolve("index"), threads)) {
            library.sources();
            long start = System.nanoTime();
            long cpuStart = processCpuNanos();
            ImportReport report = library.importFiles(List.of(corpus), ImportOptions.defaults(), ImportProgress.NONE)
                    .get(0);
            double importSeconds = (System.nanoTime() - start) / 1e9;
            double importCpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
            ParsedScript script = ScriptReader.read(corpus, ImportOptions.defaults());
            Retriever retriever = library.retriever();
            Random random = new Random(7);
            int warmup = Math.min(200, queries);
            double[] millis = new double[queries];
            double[] cpuMillis = new double[queries];
            java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
            long hits = 0;
            int sourceFirst = 0;
            int sourceInTop = 0;
            for (int q = -warmup; q < queries; q++) {
                int at = random.nextInt(script.lines().size());
                RetrievalQuery query = query(script.lines(), at, random);
                long c0 = cpu.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                List<RetrievedExchange> ranked = retriever.search(query);
                int found = ranked.size();
                if (q >= 0) {
                    millis[q] = (System.nanoTime() - t0) / 1e6;
                    cpuMillis[q] = (cpu.getCurrentThreadCpuTime() - c0) / 1e6;
                    int reply = script.lines().get(at).lineNumber();
                    sourceFirst += !ranked.isEmpty() && ranked.get(0).lastLine() == reply ? 1 : 0;
                    sourceInTop += ranked.stream().anyMatch(e -> e.lastLine() == reply) ? 1 : 0;
                    hits += found;
                }
            }
            Arrays.sort(millis);
            Arrays.sort(cpuMillis);
            Runtime runtime = Runtime.getRuntime();
            System.gc();
            long heap = runtime.totalMemory() - runtime.freeMemory();
            return new Result(report.lines(), scenes, report.exchanges(), importSeconds, report.lines() / importSeconds,
                    importCpuSeconds,
                    queries, percentile(millis, 0.50), percentile(millis, 0.99),
                    percentile(cpuMillis, 0.50), percentile(cpuMillis, 0.99), queries == 0 ? 0 : (double) hits / queries,
                    queries == 0 ? 0 : (double) sourceFirst / queries, queries == 0 ? 0 : (double) sourceInTop / queries,
                    library.indexSizeOnDisk(), heap, threads);
        }
    }

    /**
     * The two or three lines before line {@code at} as the conversation, its speaker as the character:
     * the exchange replying with line {@code at} is the one a good retrieval puts first.
     */
    private static RetrievalQuery query(List<ScriptLine> lines, int at, Random random) {
        StringBuilder conversation = new StringBuilder();
        int count = 2 + random.nextInt(2);
        for (int i = Math.max(0, at - count); i < at; i++) {
            conversation.append("user：").append(lines.get(i).text()).append('\n');
        }
        if (conversation.isEmpty()) {
            conversation.append(lines.get(at).text());
        }
        return RetrievalQuery.of(conversation.toString(), List.of(lines.get(at).speaker())).withLimit(10);
    }

    /** CPU time of the whole process: on a shared machine, wall time alone says little. */
    private static long processCpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    private static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static String[] vocabulary(Random random, int size) {
        List<String> words = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            int length = i < 60 ? 1 : random.nextInt(10) < 7 ? 2 : 3 + random.nextInt(2);
            StringBuilder word = new StringBuilder();
            for (int c = 0; c < length; c++) {
                word.append(CHARS.charAt(random.nextInt(CHARS.length())));
            }
            words.add(word.toString());
        }
        return words.toArray(String[]::new);
    }

    private static double[] zipfCumulative(int n) {
        double[] cumulative = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1.0 / (i + 1);
            cumulative[i] = sum;
        }
        for (int i = 0; i < n; i++) {
            cumulative[i] /= sum;
        }
        return cumulative;
    }

    private static String utterance(Random random, String[] words, double[] zipf) {
        StringBuilder text = new StringBuilder();
        int count = 4 + random.nextInt(9);
        for (int i = 0; i < count; i++) {
            int index = Arrays.binarySearch(zipf, random.nextDouble());
            text.append(words[index < 0 ? Math.min(words.length - 1, -index - 1) : index]);
            if (i < count - 1 && random.nextInt(5) == 0) {
                text.append('，');
            }
        }
        return text.append(random.nextInt(4) == 0 ? '？' : '。').toString();
    }
}
