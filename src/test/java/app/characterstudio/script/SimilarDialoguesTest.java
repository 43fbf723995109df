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
    void otherSpeakersBecomeNumberedUsersPerBlockAndNarrationIsLeftOut() {
        RetrievedExchange first = exchange("三三", "二二：你好", "欧卡：三三博士！", "门开了", "二二：又见面了", "三三：嗯。");
        RetrievedExchange second = exchange("三三", "欧卡：在吗", "三三：在。");
        assertEquals(List.of("user0：你好\nuser1：三三博士！\nuser0：又见面了\n三三：嗯。", "user0：在吗\n三三：在。"),
                SimilarDialogues.prepare(List.of(first, second), "三三", String::length, 1000));
    }

    @Test
    void aliasOfTheCharacterIsWrittenAsItsNameAndLinesAfterItsLastLineAreDropped() {
        RetrievedExchange exchange = exchange("三三博士", "欧卡：找到问题了吗", "三三博士：兼容性问题。", "欧卡：原来如此");
        assertEquals(List.of("user0：找到问题了吗\n三三：兼容性问题。"),
                SimilarDialogues.prepare(List.of(exchange), "三三", String::length, 1000));
        assertEquals(List.of(), SimilarDialogues.prepare(List.of(exchange("x", "a：b")), "三三", String::length, 1000));
    }

    @Test
    void duplicatesAreRemovedAndBlocksPackedBestFirstWithSeparatorsCounted() {
        RetrievedExchange a = exchange("三三", "二二：你好", "三三：好");          // "user0：你好\n三三：好" = 13 chars
        RetrievedExchange sameAsA = exchange("三三", "欧卡：你好", "三三：好");    // renames to the same block
        RetrievedExchange b = exchange("三三", "二二：再见", "三三：拜");
        RetrievedExchange c = exchange("三三", "二二：吃了吗", "三三：吃了");
        RetrievedExchange longer = exchange("三三", "二二：早", "二二：你好", "三三：好");
        assertEquals(List.of("user0：早\nuser0：你好\n三三：好"),
                SimilarDialogues.prepare(List.of(longer, a), "三三", String::length, 1000));
        int separator = SimilarDialogues.SEPARATOR.length();
        assertEquals(22, separator);
        assertEquals(List.of("user0：你好\n三三：好", "user0：再见\n三三：拜"),
                SimilarDialogues.prepare(List.of(a, sameAsA, b, c), "三三", String::length, 13 + separator + 13));
        assertEquals(List.of("user0：你好\n三三：好"),
                SimilarDialogues.prepare(List.of(a, b), "三三", String::length, 13 + separator + 12));
        assertEquals(List.of(), SimilarDialogues.prepare(List.of(a), "三三", String::length, 12));
    }

    @Test
    void aLongerWindowOfABetterRankedBlockTakesItsPlaceSoNoLineIsGivenTwice() {
        RetrievedExchange shorter = exchange("三三", "二二：在野外迷路", "三三：看树的年轮");
        RetrievedExchange other = exchange("三三", "二二：再见", "三三：拜");
        RetrievedExchange longer = exchange("三三", "二二：在野外迷路", "三三：看树的年轮", "二二：有足迹", "三三：它在那儿");
        assertEquals(List.of("user0：在野外迷路\n三三：看树的年轮\nuser0：有足迹\n三三：它在那儿", "user0：再见\n三三：拜"),
                SimilarDialogues.prepare(List.of(shorter, other, longer), "三三", String::length, 1000));
        String shorterBlock = "user0：在野外迷路\n三三：看树的年轮";
        assertEquals(List.of(shorterBlock),
                SimilarDialogues.prepare(List.of(shorter, longer), "三三", String::length, shorterBlock.length()),
                "the longer window does not fit: the shorter one stays and nothing is repeated");
        RetrievedExchange tail = exchange("三三", "二二：有足迹", "三三：它在那儿");
        assertEquals(List.of("user0：在野外迷路\n三三：看树的年轮\nuser0：有足迹\n三三：它在那儿"),
                SimilarDialogues.prepare(List.of(shorter, tail, longer), "三三", String::length, 1000),
                "a window covering two packed blocks replaces both");
    }
}
