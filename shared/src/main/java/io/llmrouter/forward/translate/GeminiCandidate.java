package io.llmrouter.forward.translate;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * What a Gemini response (or stream chunk) says through its first candidate: text, function calls and
 * the OpenAI finish reason. {@code functionCalls} are the whole parts that hold a {@code functionCall},
 * so that the {@code thoughtSignature} Gemini 3 puts beside it is kept. Only the first candidate is read: the router asks for one ({@code n > 1}
 * is rejected).
 *
 * @param finishReason the OpenAI finish reason, null when this response has none (mid-stream)
 * @param finished     whether Gemini marked the end (a {@code finishReason}, or a blocked prompt)
 * @param refusal      why Gemini's filters blocked the prompt or stopped the answer (OpenAI's
 *                     {@code message.refusal}), or null when they did not
 */
record GeminiCandidate(String text, List<JsonNode> functionCalls, String finishReason, boolean finished,
                       String refusal) {

    /**
     * @throws UpstreamFormatException when there is neither a candidate nor prompt feedback, or the parts
     *                                 are not an array
     */
    static GeminiCandidate of(JsonNode response, String what) throws UpstreamFormatException {
        JsonNode candidates = response.get("candidates");
        if (candidates == null || !candidates.isArray() || candidates.isEmpty()) {
            // Gemini answers a blocked prompt with prompt feedback and no candidate; the feedback does not
            // always name a blockReason (a blockReasonMessage alone is seen too).
            JsonNode feedback = response.path("promptFeedback");
            if (feedback.isObject()) {
                return new GeminiCandidate("", List.of(), "content_filter", true, promptRefusal(feedback));
            }
            throw new UpstreamFormatException(what + " has no candidates and no promptFeedback");
        }
        JsonNode first = candidates.get(0);
        JsonNode parts = first.path("content").path("parts");
        if (!parts.isMissingNode() && !parts.isArray()) {
            throw new UpstreamFormatException(what + " candidates[0].content.parts is "
                    + WireJson.describe(parts) + ", expected an array");
        }
        StringBuilder text = new StringBuilder();
        List<JsonNode> calls = new ArrayList<>();
        for (JsonNode part : parts) {
            if (part.path("thought").asBoolean(false)) {
                continue; // a thought summary, not the answer
            }
            if (part.has("text")) {
                text.append(part.path("text").asText());
            }
            if (part.path("functionCall").isObject()) {
                calls.add(part);
            }
        }
        String reason = WireJson.optionalText(first, "finishReason");
        String mapped = OpenAiToGemini.finishReason(reason);
        if ("stop".equals(mapped) && !calls.isEmpty()) {
            // Gemini ends a turn that calls functions with STOP; OpenAI says tool_calls.
            mapped = "tool_calls";
        }
        String refusal = reason != null && OpenAiToGemini.isFiltered(reason) ? answerRefusal(first, reason) : null;
        return new GeminiCandidate(text.toString(), calls, mapped, reason != null, refusal);
    }

    /** The refusal for a blocked prompt: Gemini's {@code blockReasonMessage}, else its {@code blockReason}. */
    private static String promptRefusal(JsonNode feedback) {
        String message = WireJson.optionalText(feedback, "blockReasonMessage");
        if (message != null && !message.isBlank()) {
            return message;
        }
        String reason = WireJson.optionalText(feedback, "blockReason");
        return "The prompt was blocked by " + OpenAiToGemini.PROVIDER + "'s safety filters"
                + (reason != null && !reason.isBlank() ? " (" + reason + ")." : ".");
    }

    /** The refusal for an answer a filter stopped: Gemini's {@code finishMessage}, else its reason. */
    private static String answerRefusal(JsonNode candidate, String reason) {
        String message = WireJson.optionalText(candidate, "finishMessage");
        if (message != null && !message.isBlank()) {
            return message;
        }
        return "The answer was stopped by " + OpenAiToGemini.PROVIDER + "'s safety filters (" + reason + ").";
    }
}
