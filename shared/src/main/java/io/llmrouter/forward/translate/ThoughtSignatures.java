package io.llmrouter.forward.translate;

/**
 * Carries Gemini's {@code thoughtSignature} through OpenAI clients, which have no field for it: it is
 * appended to the tool call id ({@code call_abc~ts~<signature>}), which clients return unchanged in the
 * assistant message's {@code tool_calls} and in each tool message's {@code tool_call_id}. Gemini 3
 * answers 400 to a conversation whose earlier function call lost its signature, so without this a
 * multi-turn tool conversation through the router would fail on its second turn.
 */
final class ThoughtSignatures {

    static final String SEPARATOR = "~ts~";

    private ThoughtSignatures() {
    }

    /** The id a client sees: the call's id, with the signature when Gemini sent one. */
    static String toolCallId(String callId, String signature) {
        return signature == null || signature.isEmpty() ? callId : callId + SEPARATOR + signature;
    }

    /** The signature carried by a tool call id, or null when it carries none. */
    static String signatureIn(String toolCallId) {
        if (toolCallId == null) {
            return null;
        }
        int at = toolCallId.indexOf(SEPARATOR);
        if (at < 0) {
            return null;
        }
        String signature = toolCallId.substring(at + SEPARATOR.length());
        return signature.isEmpty() ? null : signature;
    }
}
