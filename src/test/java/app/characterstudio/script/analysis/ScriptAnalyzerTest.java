package app.characterstudio.script.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.core.WhitespaceTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.junit.jupiter.api.Test;

class ScriptAnalyzerTest {
    private static List<String> run(TokenStream stream) throws IOException {
        List<String> out = new ArrayList<>();
        CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
        OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
        stream.reset();
        while (stream.incrementToken()) {
            out.add(term + "@" + offset.startOffset());
        }
        stream.end();
        stream.close();
        return out;
    }

    private static Tokenizer whitespace(String text) {
        Tokenizer tokenizer = new WhitespaceTokenizer();
        tokenizer.setReader(new java.io.StringReader(text));
        return tokenizer;
    }

    @Test
    void punctuationFilterDropsTokensWithoutLettersOrDigits() throws IOException {
        assertEquals(List.of("你好@0", "a1@5"), run(new PunctuationFilter(whitespace("你好 ， a1 ...!"))));
    }

    @Test
    void bigramFilterAddsInnerAndCrossWordBigramsOfAdjacentHanWordsOnly() throws IOException {
        // "不知道" as 不|知道 (adjacent), then "哔哩哔哩" whole, then a separate word after a space.
        Tokenizer words = new Tokenizer() {
            private final String[] terms = {"不", "知道", "哔哩哔哩", "ok", "好"};
            private final int[] starts = {0, 1, 3, 7, 10};
            private int i;
            private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
            private final OffsetAttribute offset = addAttribute(OffsetAttribute.class);

            @Override
            public boolean incrementToken() {
                if (i == terms.length) {
                    return false;
                }
                clearAttributes();
                term.append(terms[i]);
                offset.setOffset(starts[i], starts[i] + terms[i].length());
                i++;
                return true;
            }

            @Override
            public void reset() throws IOException {
                super.reset();
                i = 0;
            }
        };
        words.setReader(new java.io.StringReader(""));
        assertEquals(List.of("不@0", "知道@1", "不知@0", "哔哩哔哩@3", "道哔@2", "哔哩@3", "哩哔@4", "哔哩@5", "ok@7", "好@10"),
                run(new CjkBigramFilter(words)));
    }

    @Test
    void analyzerSegmentsChineseAndLowercasesEnglish() {
        ScriptAnalyzer analyzer = new ScriptAnalyzer();
        List<String> terms = List.of(analyzer.terms("姐姐，我不知道Hello World！"));
        assertTrue(terms.containsAll(List.of("姐姐", "知道", "hello", "world")), terms.toString());
        assertTrue(terms.stream().noneMatch(t -> t.equals("，") || t.equals(",") || t.equals("！")), terms.toString());
        assertTrue(terms.contains("不知"), "bigram across words: " + terms);
        assertEquals(List.of(analyzer.terms("姐姐")), analyzer.tokens("姐姐").stream().map(ScriptAnalyzer.Token::term).toList());
    }
}
