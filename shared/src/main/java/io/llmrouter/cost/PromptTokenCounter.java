package io.llmrouter.cost;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.ModelType;

import java.util.List;

/**
 * Counts the prompt tokens of a chat request with a real BPE tokenizer (jtokkit), for cost estimates
 * and context-window checks.
 *
 * <p>Chat formatting adds tokens around each message. Following OpenAI's "How to count tokens with
 * tiktoken" (the rule for gpt-4, gpt-4o and gpt-4o-mini, which its API confirms):
 * <ul>
 *   <li>{@value #TOKENS_PER_MESSAGE} tokens per message ({@code <|start|>}, the role/name separator, {@code <|end|>}),
 *       plus the tokens of its role and content;</li>
 *   <li>when a message has a {@code name}: the tokens of the name plus {@value #TOKENS_PER_NAME};</li>
 *   <li>{@value #REPLY_PRIMER_TOKENS} tokens once per request: the reply is primed with
 *       {@code <|start|>assistant<|message|>}.</li>
 * </ul>
 * Other vendors' and llama.cpp models' tokenizers differ by some percent; for routing an estimate
 * from the same family of tokenizer is close enough, and far closer than characters / 4.
 *
 * <p>Special-token text a user types (such as {@code <|endoftext|>}) is counted as ordinary text, as
 * the chat APIs treat it.
 *
 * <p>Tokenizer tables take hundreds of milliseconds to build, so one registry is shared by the process
 * and each encoding is built on first use. Counters are thread-safe; keep one rather than making one per request.
 */
public final class PromptTokenCounter {

    public static final int TOKENS_PER_MESSAGE = 3;
    public static final int TOKENS_PER_NAME = 1;
    public static final int REPLY_PRIMER_TOKENS = 3;

    /** The encoding of current OpenAI chat models (gpt-4o, gpt-4.1, o-series); used for models jtokkit does not know. */
    public static final EncodingType DEFAULT_ENCODING = EncodingType.O200K_BASE;

    /**
     * One chat message as it is counted.
     *
     * @param role    system, user, assistant, tool...
     * @param name    the optional participant name; null when absent
     * @param content the message's text; for multi-part content, its text parts joined; null when it has none
     */
    public record Message(String role, String name, String content) {
    }

    /** Built on first use: constructing the registry is cheap, each encoding is loaded when first asked for. */
    private static final class SharedRegistry {
        static final EncodingRegistry INSTANCE = Encodings.newLazyEncodingRegistry();
    }

    private final Encoding encoding;

    private PromptTokenCounter(Encoding encoding) {
        this.encoding = encoding;
    }

    public static PromptTokenCounter forEncoding(EncodingType type) {
        return new PromptTokenCounter(SharedRegistry.INSTANCE.getEncoding(type));
    }

    /** The encoding jtokkit knows for {@code model} (e.g. gpt-4 -> cl100k_base), else {@link #DEFAULT_ENCODING}. */
    public static PromptTokenCounter forModel(String model) {
        EncodingType type = model == null ? DEFAULT_ENCODING
                : ModelType.fromName(model).map(ModelType::getEncodingType).orElse(DEFAULT_ENCODING);
        return forEncoding(type);
    }

    /** The encoding's name, e.g. {@code o200k_base}. */
    public String encodingName() {
        return encoding.getName();
    }

    /** Tokens of plain text, without any chat formatting. */
    public int countText(String text) {
        return text == null || text.isEmpty() ? 0 : encoding.countTokensOrdinary(text);
    }

    /** Tokens the messages take as a chat prompt, formatting overhead included. */
    public int countMessages(List<Message> messages) {
        int tokens = REPLY_PRIMER_TOKENS;
        for (Message message : messages) {
            tokens += TOKENS_PER_MESSAGE + countText(message.role()) + countText(message.content());
            if (message.name() != null) {
                tokens += countText(message.name()) + TOKENS_PER_NAME;
            }
        }
        return tokens;
    }
}
