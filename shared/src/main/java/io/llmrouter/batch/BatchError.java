package io.llmrouter.batch;

/**
 * Why a batch failed validation, as an entry of OpenAI's {@code errors.data}.
 *
 * @param line  the input line at fault (1-based), or null when the fault is the file's
 * @param param the field at fault, or null
 */
public record BatchError(String code, String message, String param, Integer line) {
}
