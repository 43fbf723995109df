package app.characterstudio.script;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.characterstudio.script.RetrievedExchange.ExchangeLine;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimilarDialoguesTest {
    private static RetrievedExchange exchange(String speaker, String... lines) {
        List<ExchangeLine> exchangeLines = new ArrayList<>();
        int number = 1;
        for (String line : lines) {
            String[] parts = line.split("：", 2);
            exchangeLines.add(parts.length == 2 ? new ExchangeLine(number++, parts[0], parts[1], List.of())
                    : new ExchangeLine(number++, "", line, List.of()));
        }
        return new RetrievedExchange(1f, 1, "s.txt", 1, 1, number - 1, speaker, exchangeLines, List.of());
    }

    @Test
    void otherSpeakersKeepTheirRealNamesAndNarrationIsLeftOut() {
        RetrievedExchange first = exchange("三三", "二二：你好", "欧卡：三三博士！", "门开了", "二二：又见面了", "三三：嗯。");
        RetrievedExchange second = exchange("三三", "欧卡：在吗", "三三：在。");
        assertEquals(List.of("二二：你好\n欧卡：三三博士！\n二二：又见面了\n三三：嗯。", "欧卡：在吗\n三三：在。"),
                SimilarDialogues.prepare(List.of(first, second), "三三", String::length, 1000));
    }

    @Test
    void aliasOfTheCharacterIsWrittenAsItsNameAndLinesAfterItsLastLineAreDropped() {
        RetrievedExchange exchange = exchange("三三博士", "欧卡：找到问题了吗", "三三博士：兼容性问题。", "欧卡：原来如此");
        assertEquals(List.of("欧卡：找到问题了吗\n三三：兼容性问题。"),
                SimilarDialogues.prepare(List.of(exchange), "三三", String::length, 1000));
        assertEquals(List.of(), SimilarDialogues.prepare(List.of(exchange("x", "a：b")), "三三", String::length, 1000));
    }

    @Test
    void duplicatesAreRemovedAndBlocksPackedBestFirstWithSeparatorsCounted() {
        RetrievedExchange a = exchange("三三", "二二：你好", "三三：好");          // "二二：你好\n三三：好" = 10 chars
        RetrievedExchange sameAsA = exchange("三三", "二二：你好", "三三：好");    // the same dialogue again
        RetrievedExchange b = exchange("三三", "二二：再见", "三三：拜");
        RetrievedExchange c = exchange("三三", "二二：吃了吗", "三三：吃了");
        RetrievedExchange longer = exchange("三三", "二二：早", "二二：你好", "三三：好");
        assertEquals(List.of("二二：早\n二二：你好\n三三：好"),
                SimilarDialogues.prepare(List.of(longer, a), "三三", String::length, 1000));
        int separator = SimilarDialogues.SEPARATOR.length();
        assertEquals(22, separator);
        assertEquals(List.of("二二：你好\n三三：好", "二二：再见\n三三：拜"),
                SimilarDialogues.prepare(List.of(a, sameAsA, b, c), "三三", String::length, 10 + separator + 10));
        assertEquals(List.of("二二：你好\n三三：好"),
                SimilarDialogues.prepare(List.of(a, b), "三三", String::length, 10 + separator + 9));
        assertEquals(List.of(), SimilarDialogues.prepare(List.of(a), "三三", String::length, 9));
    }

    @Test
    void theSameWordsFromAnotherSpeakerAreNotADuplicate() {
        // The pipeline compares the dialogues as written, names included ("观众：你爸爸是谁？" and
        // "观众：谁创造的你啊？" with the same reply are both given); with user0 renaming they would have merged.
        RetrievedExchange fromSister = exchange("三三", "二二：你是谁", "三三：我是三三。");
        RetrievedExchange fromViewer = exchange("三三", "观众：你是谁", "三三：我是三三。");
        assertEquals(List.of("二二：你是谁\n三三：我是三三。", "观众：你是谁\n三三：我是三三。"),
                SimilarDialogues.prepare(List.of(fromSister, fromViewer, fromSister), "三三", String::length, 1000));
    }

    @Test
    void dialoguesWhoseCharacterLinesAreShortOnAverageAreSkippedUnlessTooFewRemain() {
        RetrievedExchange terse = exchange("三三", "二二：三三，你在做什么呢？", "三三：嗯。", "二二：说话呀", "三三：在修服务器。");
        RetrievedExchange talkative = exchange("三三", "二二：怎么样？", "三三：服务器已经重启完毕，可以继续了");
        RetrievedExchange exact = exchange("三三", "二二：好了吗", "三三：一二三四五六七八九十");
        assertEquals(4.0, SimilarDialogues.meanCharacterLineLength(terse, "三三"));      // (2 + 6) / 2
        assertEquals(15.0, SimilarDialogues.meanCharacterLineLength(talkative, "三三"));
        assertEquals(List.of(talkative, exact),
                SimilarDialogues.longEnough(List.of(terse, talkative, exact), "三三", 10, 2),
                "a mean of exactly the minimum passes, as the pipeline skips only when below");
        assertEquals(List.of(terse, talkative),
                SimilarDialogues.longEnough(List.of(terse, talkative, exact), "三三", 10, 3).subList(0, 2),
                "fewer than wanted pass: the rule is not applied (the pipeline's fallback)");
        assertEquals(List.of(terse, talkative),
                SimilarDialogues.longEnough(List.of(terse, talkative, exact), "三三", 0, 2), "0: no limit");
    }

    @Test
    void aLongerWindowOfABetterRankedBlockTakesItsPlaceSoNoLineIsGivenTwice() {
        RetrievedExchange shorter = exchange("三三", "二二：在野外迷路", "三三：看树的年轮");
        RetrievedExchange other = exchange("三三", "二二：再见", "三三：拜");
        RetrievedExchange longer = exchange("三三", "二二：在野外迷路", "三三：看树的年轮", "二二：有足迹", "三三：它在那儿");
        assertEquals(List.of("二二：在野外迷路\n三三：看树的年轮\n二二：有足迹\n三三：它在那儿", "二二：再见\n三三：拜"),
                SimilarDialogues.prepare(List.of(shorter, other, longer), "三三", String::length, 1000));
        String shorterBlock = "二二：在野外迷路\n三三：看树的年轮";
        assertEquals(List.of(shorterBlock),
                SimilarDialogues.prepare(List.of(shorter, longer), "三三", String::length, shorterBlock.length()),
                "the longer window does not fit: the shorter one stays and nothing is repeated");
        RetrievedExchange tail = exchange("三三", "二二：有足迹", "三三：它在那儿");
        assertEquals(List.of("二二：在野外迷路\n三三：看树的年轮\n二二：有足迹\n三三：它在那儿"),
                SimilarDialogues.prepare(List.of(shorter, tail, longer), "三三", String::length, 1000),
                "a window covering two packed blocks replaces both");
    }
}
