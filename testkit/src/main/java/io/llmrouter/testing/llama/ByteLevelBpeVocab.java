package io.llmrouter.testing.llama;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A small GPT-2 style byte-level BPE vocabulary ({@code tokenizer.ggml.model = "gpt2"}): the 256
 * byte tokens, merges that build a few dozen common English words, and the ChatML control tokens.
 *
 * <p>Byte tokens make every input tokenizable (llama.cpp falls back to them for any text the
 * merges do not cover), so a few hundred tokens are enough for a model that must accept any prompt.
 */
public record ByteLevelBpeVocab(List<String> tokens, int[] tokenTypes, List<String> merges,
                                int bosId, int eosId) {

    // llama_token_type values (gguf-py constants.py TokenType)
    static final int TYPE_NORMAL = 1;
    static final int TYPE_CONTROL = 3;

    public static final String END_OF_TEXT = "<|endoftext|>";
    public static final String IM_START = "<|im_start|>";
    public static final String IM_END = "<|im_end|>";

    /** Words given whole-word tokens, each also with a leading space. */
    private static final List<String> WORDS = List.of(
            "the", "and", "that", "have", "for", "not", "with", "you", "this", "but", "from", "they",
            "will", "one", "all", "would", "there", "what", "about", "which", "when", "make", "can",
            "like", "time", "just", "know", "people", "hello", "world");

    public ByteLevelBpeVocab {
        tokens = List.copyOf(tokens);
        tokenTypes = tokenTypes.clone();
        merges = List.copyOf(merges);
    }

    public static ByteLevelBpeVocab create() {
        String[] byteToUnicode = gpt2ByteToUnicode();
        List<String> tokens = new ArrayList<>(List.of(byteToUnicode));
        Set<String> known = new HashSet<>(tokens);
        List<String> merges = new ArrayList<>();
        for (String word : WORDS) {
            addMergesFor(word, byteToUnicode, tokens, known, merges);
            addMergesFor(" " + word, byteToUnicode, tokens, known, merges);
        }
        int normalCount = tokens.size();
        tokens.add(END_OF_TEXT);
        tokens.add(IM_START);
        tokens.add(IM_END);
        int[] types = new int[tokens.size()];
        for (int i = 0; i < types.length; i++) {
            types[i] = i < normalCount ? TYPE_NORMAL : TYPE_CONTROL;
        }
        // Qwen-style ChatML ids: documents start with <|endoftext|>, a turn ends with <|im_end|>.
        return new ByteLevelBpeVocab(tokens, types, merges, tokens.indexOf(END_OF_TEXT), tokens.indexOf(IM_END));
    }

    public int size() {
        return tokens.size();
    }

    @Override
    public int[] tokenTypes() {
        return tokenTypes.clone();
    }

    /**
     * Adds left-to-right merges spelling {@code word}: "t h" then "th e", so every merge joins two
     * existing tokens and the result becomes a token, as BPE requires.
     */
    private static void addMergesFor(String word, String[] byteToUnicode, List<String> tokens,
                                     Set<String> known, List<String> merges) {
        byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
        String prefix = byteToUnicode[bytes[0] & 0xFF];
        for (int i = 1; i < bytes.length; i++) {
            String next = byteToUnicode[bytes[i] & 0xFF];
            String joined = prefix + next;
            if (known.add(joined)) {
                merges.add(prefix + " " + next);
                tokens.add(joined);
            }
            prefix = joined;
        }
    }

    /**
     * GPT-2's reversible byte-to-character table: printable Latin-1 bytes stand for themselves,
     * the others (controls, space, 0x7F-0xA0, 0xAD) take the code points from U+0100 up, in byte
     * order. This is why a space appears as "Ġ" (U+0120) in byte-level vocabularies.
     */
    static String[] gpt2ByteToUnicode() {
        String[] table = new String[256];
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            table[b] = Character.toString(printable ? b : next++);
        }
        return table;
    }
}
