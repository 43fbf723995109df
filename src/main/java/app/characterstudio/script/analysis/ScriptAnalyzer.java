package app.characterstudio.script.analysis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cn.smart.HMMChineseTokenizer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.TypeAttribute;

/** smartcn words, punctuation dropped, lower case, stop words dropped, Chinese bigrams added: see {@code package-info}. */
public final class ScriptAnalyzer extends Analyzer {
    /**
     * Particles and function words that occur in nearly every line: they only slow queries down and
     * let unrelated exchanges match. Pronouns stay: who speaks to whom matters in dialogue.
     */
    public static final CharArraySet STOP_WORDS = stopWords();
    /** The field the index analyzes itself, without offsets; any other name gives the real offsets. */
    public static final String INDEX_FIELD = "text";

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
        Tokenizer words = new HMMChineseTokenizer();
        TokenStream stream = new PunctuationFilter(words);
        stream = new LowerCaseFilter(stream);
        stream = new StopFilter(stream, STOP_WORDS);
        stream = new CjkBigramFilter(stream);
        if (INDEX_FIELD.equals(fieldName)) {
            stream = new ZeroOffsetsFilter(stream);
        }
        return new TokenStreamComponents(words, stream);
    }

    private static CharArraySet stopWords() {
        CharArraySet set = new CharArraySet(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, false);
        for (String word : "的 了 着 过 地 得 之 是 在 和 与 及 也 都 就 又 还 而 且 吗 呢 吧 啊 呀 哦 嘛 么 哈 嗯 呃 诶 哎 唉 喔 啦 咯".split(" ")) {
            set.add(word);
        }
        return CharArraySet.unmodifiableSet(set);
    }

    /** A term, where it came from in the analyzed text, and whether it is an added bigram rather than a word. */
    public record Token(String term, int start, int end, boolean bigram) {
    }

    /** The tokens of {@code text}, in order. */
    public List<Token> tokens(String text) {
        List<Token> tokens = new ArrayList<>();
        try (TokenStream stream = tokenStream("", text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
            TypeAttribute type = stream.addAttribute(TypeAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                tokens.add(new Token(term.toString(), offset.startOffset(), offset.endOffset(),
                        CjkBigramFilter.BIGRAM_TYPE.equals(type.type())));
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException("analyzing an in-memory string cannot fail", e);
        }
        return tokens;
    }

    /** Just the terms of {@code text}: what indexing needs. */
    public String[] terms(String text) {
        List<String> terms = new ArrayList<>();
        try (TokenStream stream = tokenStream("", text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                terms.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException("analyzing an in-memory string cannot fail", e);
        }
        return terms.toArray(String[]::new);
    }
}
