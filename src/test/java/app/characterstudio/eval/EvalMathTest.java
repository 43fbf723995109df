package app.characterstudio.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvalMathTest {
    @Test
    void characterF1AndRougeLMatchHandCounts() {
        // reply 今天天气好 (5), reference 今天天气不错 (6): 4 shared characters; LCS 今天天气 = 4
        assertEquals(2 * (4 / 5.0) * (4 / 6.0) / (4 / 5.0 + 4 / 6.0), TextScores.charF1("今天天气好", "今天天气不错"), 1e-12);
        assertEquals(2 * (4 / 5.0) * (4 / 6.0) / (4 / 5.0 + 4 / 6.0), TextScores.rougeL("今天天气好", "今天天气不错"), 1e-12);
        // order matters to ROUGE-L only: 气天 vs 天气 share 2 characters, LCS 1
        assertEquals(1.0, TextScores.charF1("气天", "天气"), 1e-12);
        assertEquals(0.5, TextScores.rougeL("气天", "天气"), 1e-12);
        assertEquals(0.0, TextScores.charF1("", "天气"), 1e-12);
        assertEquals(1.0, TextScores.charF1("天 气", "天气"), 1e-12, "whitespace is not a token");
        assertEquals(3, TextScores.length("哈😂!"));
    }

    @Test
    void studentTQuantilesAndPValuesMatchTables() {
        assertEquals(12.706205, Stats.tCritical95(1), 1e-5);
        assertEquals(2.228139, Stats.tCritical95(10), 1e-5);
        assertEquals(1.983972, Stats.tCritical95(100), 1e-5);
        assertEquals(0.05, Stats.twoSidedP(2.228139, 10), 1e-6);
        Stats.Mean one = Stats.mean(List.of(3.0));
        assertEquals(3.0, one.mean());
        assertEquals(Double.NaN, one.halfWidth());
    }

    @Test
    void profilesAreWrittenAsPythonsStrOfTheDictWouldWriteThem() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertEquals("{'a': 'it\\'s \"x\"', 'b': \"it's\", 'c': [1, 2.5, True, None], 'd': {'e': '\\t\\\\'}}",
                PythonRepr.of(json.readTree("{\"a\":\"it's \\\"x\\\"\",\"b\":\"it's\",\"c\":[1,2.5,true,null],"
                        + "\"d\":{\"e\":\"\\t\\\\\"}}")));
        assertEquals("'全角：（）\\u3000😀'", PythonRepr.of(json.readTree("\"全角：（）\\u3000😀\"")),
                "printable non-ASCII stays, the ideographic space is escaped as Python does");
        assertEquals("1e-05", PythonRepr.pythonFloat(0.00001));
        assertEquals("100.0", PythonRepr.pythonFloat(100));
    }
}
